/**
 * Manual checks: one URL someone sent in, fetched now behind the crawler's guard (private,
 * loopback and link-local destinations refused at every redirect hop; the crawler's size, time and
 * redirect caps), judged against the corpus and the rules, recorded as a scan would. Rate-limited
 * per token.
 */
import type { Express } from 'express';
import { z } from 'zod';
import { findingRecord, safeHref } from '../../report/index.ts';
import { runCheck } from '../../scan/jobs.ts';
import type { ServerContext } from '../context.ts';
import { rateLimited } from '../security.ts';
import { parse, show } from '../validate.ts';

const checkBody = z.strictObject({
  url: z.string({ error: (iss) => `expected a URL, got ${show(iss.input)}` })
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
    const { judgement } = result;
    const all = [...judgement.findings, ...judgement.allowed];
    const originals = new Map(await Promise.all([...new Set(all.map((j) => j.match.articleId))].map(async (id) => [id, await ctx.app.store.articles.get(id)] as const)));
    const extraction = judgement.extraction;
    res.json({
      url: result.url,
      href: safeHref(result.url),
      scan: result.scan,
      article: extraction.ok ? { title: extraction.article.title, credit: extraction.article.credit, lang: extraction.article.lang, chars: extraction.article.text.length } : null,
      reason: extraction.ok ? null : { code: extraction.reason, message: extraction.message },
      matches: all.map((j) => {
        // The facts carry the comparison's verdict, shares and credit signals as the rules judged them.
        const { verdict, containment, matchedChars, credited, linksBack, pageMirror, licensee, ownedDomain } = j.facts;
        const original = originals.get(j.match.articleId);
        return {
          articleId: j.match.articleId,
          articleUrl: original?.url ?? null,
          articleTitle: original?.title ?? null,
          verdict, containment, matchedChars, credited, linksBack, pageMirror,
          scope: j.match.comparison.scope,
          severity: j.severity,
          allowed: j.violations.length === 0,
          licensee, ownedDomain,
          violations: j.violations,
        };
      }),
      findings: result.findings.map(findingRecord),
    });
  });
}
