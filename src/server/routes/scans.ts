/**
 * Runs: the list, one run (its counts move while it runs: the heartbeat writes them), and starting
 * a job in the background (202 with the run's id).
 */
import type { Express } from 'express';
import { z } from 'zod';
import { CopywatchError } from '../../domain/index.ts';
import { listWarcFiles, warcPathsIn } from '../../scan/index.ts';
import { audit, type ServerContext } from '../context.ts';
import { idParams, intString, parse, show, str } from '../validate.ts';

const startBody = z.strictObject({
  job: z.enum(['index', 'scan', 'recheck', 'discover', 'scan-warc'], {
    error: (iss) => `expected "index", "scan", "recheck", "discover" or "scan-warc", got ${show(iss.input)}`,
  }),
  target: str('a target (scan) or source (index) name', 200).nullable().optional(),
  /** scan-warc: names of WARC files in the config's warc.dir. */
  files: z
    .array(str('a WARC file name', 255), { error: (iss) => `expected an array of file names, got ${show(iss.input)}` })
    .min(1)
    .max(100)
    .optional(),
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
      // What scan-warc can read: the WARC files of warc.dir (none when it is not configured).
      warcFiles: listWarcFiles(config.warc.dir),
    });
  });

  server.post('/api/scans', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const body = parse(startBody, req.body, 'body');
    if ((body.job === 'recheck' || body.job === 'discover') && body.target)
      throw new CopywatchError('INPUT_INVALID', `body.target: a ${body.job} takes no target`);
    if (body.job === 'scan-warc' && body.target) throw new CopywatchError('INPUT_INVALID', 'body.target: scan-warc takes files, not a target');
    if (body.job !== 'scan-warc' && body.files) throw new CopywatchError('INPUT_INVALID', `body.files: only scan-warc takes files, not ${body.job}`);
    if (body.job === 'scan-warc' && !body.files) throw new CopywatchError('INPUT_INVALID', 'body.files: scan-warc needs the names of WARC files in warc.dir');
    const files = body.job === 'scan-warc' ? warcPathsIn(ctx.app.config.warc.dir, body.files ?? []) : undefined;
    const scan = await ctx.jobs.start(body.job, body.target ?? null, files);
    await audit(ctx, res, 'scan.start', `run ${scan.id}`, { job: body.job, target: body.target ?? null, ...(files ? { files: body.files } : {}) });
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
