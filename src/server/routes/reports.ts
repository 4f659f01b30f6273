/**
 * Reports as downloads: the findings (with the list's filters) as CSV or JSON; as HTML, the
 * evidence report of one finding (`finding=`) or the report of one site (`site=`); with
 * `notice=zh|en` and `finding=`, the takedown notice draft (HTML, or text for csv/json). The
 * renderers of src/report escape everything; the HTML is sent with the report's own policy
 * (no script at all) and sandboxed. `/api/findings/:id/bundle`: the finding's evidence bundle
 * (as `copywatch evidence export`), read from the store without writing it.
 */
import type { Express, Response } from 'express';
import { z } from 'zod';
import { exportEvidenceBundle, makeReport } from '../../scan/index.ts';
import type { ServerContext } from '../context.ts';
import { REPORT_CSP } from '../security.ts';
import { findingFilterShape, idParams, intString, parse, show } from '../validate.ts';
import { filterOf } from './findings.ts';

/** Findings one report holds at most. */
const REPORT_MAX_FINDINGS = 100_000;

const reportQuery = z.strictObject({
  format: z.enum(['csv', 'json', 'html'], { error: (iss) => `expected csv, json or html, got ${show(iss.input)}` }),
  ...findingFilterShape,
  finding: intString(1, Number.MAX_SAFE_INTEGER).optional(),
  notice: z.enum(['zh', 'en'], { error: (iss) => `expected zh or en, got ${show(iss.input)}` }).optional(),
});

function send(res: Response, type: string, filename: string, body: string): void {
  if (type.startsWith('text/html')) res.setHeader('Content-Security-Policy', REPORT_CSP);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.type(type).send(body);
}

export function reportRoutes(server: Express, ctx: ServerContext): void {
  const { store, config } = ctx.app;

  server.get('/api/reports', async (req, res) => {
    const q = parse(reportQuery, req.query, 'query');
    const report = await makeReport(store, config, {
      format: q.format,
      finding: q.finding,
      notice: q.notice,
      filter: filterOf(q),
      generatedAt: ctx.app.clock().toISOString(),
      maxFindings: REPORT_MAX_FINDINGS,
    });
    send(res, report.type, report.filename, report.body);
  });

  server.get('/api/findings/:id/bundle', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const { id } = parse(idParams, req.params, 'path');
    const bundle = await exportEvidenceBundle(store, config, id, ctx.app.clock().toISOString());
    res.setHeader('Content-Disposition', `attachment; filename="${bundle.filename}"`);
    res.type('application/zip').send(Buffer.from(bundle.zip.buffer, bundle.zip.byteOffset, bundle.zip.byteLength));
  });
}
