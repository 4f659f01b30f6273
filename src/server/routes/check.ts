/**
 * Manual checks: one URL someone sent in, fetched now behind the crawler's guard (private,
 * loopback and link-local destinations refused at every redirect hop; the crawler's size, time and
 * redirect caps), judged against the corpus and the rules, recorded as a scan would. Rate-limited
 * per token.
 */
import type { Express } from 'express';
import { z } from 'zod';
import { checkRecord, runCheck } from '../../scan/index.ts';
import { audit, type ServerContext } from '../context.ts';
import { rateLimited } from '../security.ts';
import { parse, show } from '../validate.ts';

const checkBody = z.strictObject({
  url: z
    .string({ error: (iss) => `expected a URL, got ${show(iss.input)}` })
    .trim()
    .min(1, { error: 'expected a URL, got an empty string' })
    .max(2048, { error: 'expected a URL of at most 2,048 characters' }),
});

export function checkRoutes(server: Express, ctx: ServerContext): void {
  server.post('/api/check', rateLimited(ctx.checks, 'manual checks'), async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const { url } = parse(checkBody, req.body, 'body');
    // One check at a time in this process (each fetches and judges on the server's thread); checks run beside crawling jobs.
    const result = await ctx.serial(() => runCheck(ctx.app, url, { signal: ctx.jobs.signal }));
    await audit(ctx, res, 'check', url.slice(0, 500), { findings: result.findings.map((f) => f.id) });
    res.json(await checkRecord(ctx.app, result));
  });
}
