/**
 * Runs: the list, one run (its counts move while it runs: the heartbeat writes them), and starting
 * a job in the background (202 with the run's id).
 */
import type { Express } from 'express';
import { z } from 'zod';
import { CopywatchError } from '../../domain/index.ts';
import { audit, type ServerContext } from '../context.ts';
import { idParams, intString, parse, show, str } from '../validate.ts';

const startBody = z.strictObject({
  job: z.enum(['index', 'scan', 'recheck', 'discover'], { error: (iss) => `expected "index", "scan", "recheck" or "discover", got ${show(iss.input)}` }),
  target: str('a target (scan) or source (index) name', 200).nullable().optional(),
});

export function scanRoutes(server: Express, ctx: ServerContext): void {
  server.get('/api/scans', async (req, res) => {
    const q = parse(z.strictObject({ limit: intString(1, 500).optional() }), req.query, 'query');
    const { config } = ctx.app;
    res.json({
      items: await ctx.app.store.scans.list(q.limit ?? 50),
      // What POST /api/scans can start: the names of the targets (the config's and the promoted) and sources.
      targets: (await ctx.app.targets()).map((t) => t.name),
      sources: config.publisher.sources.map((s) => s.name),
    });
  });

  server.post('/api/scans', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const body = parse(startBody, req.body, 'body');
    if ((body.job === 'recheck' || body.job === 'discover') && body.target)
      throw new CopywatchError('INPUT_INVALID', `body.target: a ${body.job} takes no target`);
    const scan = await ctx.jobs.start(body.job, body.target ?? null);
    await audit(ctx, res, 'scan.start', `run ${scan.id}`, { job: body.job, target: body.target ?? null });
    res.status(202).location(`/api/scans/${scan.id}`).json({ scan });
  });

  server.get('/api/scans/:id', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const { id } = parse(idParams, req.params, 'path');
    const scan = await ctx.app.store.scans.get(id);
    if (!scan) throw new CopywatchError('NOT_FOUND', `run ${id} does not exist`);
    res.json({ scan, failures: await ctx.app.store.scans.failures(id) });
  });
}
