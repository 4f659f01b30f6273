/**
 * Reports as downloads: the findings (with the list's filters) as CSV or JSON; as HTML, the
 * evidence report of one finding (`finding=`) or the report of one site (`site=`); with
 * `notice=zh|en` and `finding=`, the takedown notice draft (HTML, or text for csv/json). The
 * renderers of src/report escape everything; the HTML is sent with the report's own policy
 * (no script at all) and sandboxed. `/api/findings/:id/bundle`: the finding's evidence bundle
 * (as `copywatch evidence export`), read from the store without writing it.
 * `/api/findings/:id/screenshot`: the PNG of the finding's capture (`evidence.screenshot`), as
 * stored, served only when it is a PNG with the digest taken at capture, never sniffed.
 */
import type { Express, Response } from 'express';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CopywatchError } from '../../domain/index.ts';
import { exportEvidenceBundle, makeReport } from '../../scan/index.ts';
import type { ServerContext } from '../context.ts';
import { REPORT_CSP } from '../security.ts';
import { findingFilterShape, idParams, intString, parse, show } from '../validate.ts';
import { filterOf } from './findings.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A PNG opened on its own runs nothing and loads nothing. */
const SCREENSHOT_CSP = "default-src 'none'; img-src 'self'; sandbox";

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

  server.get('/api/findings/:id/screenshot', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const { id } = parse(idParams, req.params, 'path');
    const finding = await store.findings.get(id);
    if (!finding) throw new CopywatchError('NOT_FOUND', `finding ${id} does not exist`);
    const evidence = finding.evidenceId ? await store.evidence.get(finding.evidenceId) : null;
    const shot = evidence?.screenshot;
    const png = evidence && shot?.sha256 ? await store.evidence.screenshot(evidence.id) : null;
    if (!evidence || !shot?.sha256 || !png) {
      const why = shot?.note ?? (evidence ? 'none was taken (evidence.screenshot is off)' : 'no capture is stored');
      throw new CopywatchError('NOT_FOUND', `finding ${id} has no screenshot: ${why.replace(/^missing: /, '')}`);
    }
    const digest = createHash('sha256').update(png).digest('hex');
    if (digest !== shot.sha256 || !png.subarray(0, 8).equals(PNG_SIGNATURE))
      throw new CopywatchError(
        'STORE_FAILED',
        `the screenshot of evidence ${evidence.id} is not the PNG taken at capture (SHA-256 ${digest}, stored ${shot.sha256})`,
      );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', SCREENSHOT_CSP);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Disposition', `inline; filename="copywatch-finding-${finding.id}-evidence-${evidence.id}.png"`);
    res.setHeader('X-Screenshot-SHA256', shot.sha256);
    res.type('image/png').send(png);
  });
}
