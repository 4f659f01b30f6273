/**
 * Reports as downloads: the findings (with the list's filters) as CSV or JSON; as HTML, the
 * evidence report of one finding (`finding=`) or the report of one site (`site=`); with
 * `notice=zh|en` and `finding=`, the takedown notice draft (HTML, or text for csv/json). The
 * renderers of src/report escape everything; the HTML is sent with the report's own policy
 * (no script at all) and sandboxed.
 */
import type { Express, Response } from 'express';
import { z } from 'zod';
import { CopywatchError } from '../../domain/index.ts';
import {
  findingDossierToJson, findingsToCsv, findingsToJson, noticeDate, renderFindingReport, renderSiteReport, renderTakedownHtml, renderTakedownNotice,
} from '../../report/index.ts';
import { allFindings, originalOf, publisherOf } from '../../scan/report-inputs.ts';
import type { ServerContext } from '../context.ts';
import { REPORT_CSP } from '../security.ts';
import { findingFilterShape, intString, parse, show } from '../validate.ts';
import { filterOf } from './findings.ts';

/** Findings one report holds at most. */
export const REPORT_MAX_FINDINGS = 100_000;

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
    const generatedAt = ctx.app.clock().toISOString();
    const stamp = generatedAt.slice(0, 10);
    if (q.notice && q.finding === undefined) throw new CopywatchError('INPUT_INVALID', 'query.notice: a takedown notice is of one finding: give finding=<id> too');

    if (q.finding !== undefined) {
      const finding = await store.findings.get(q.finding);
      if (!finding) throw new CopywatchError('NOT_FOUND', `finding ${q.finding} does not exist`);
      const base = `copywatch-finding-${finding.id}`;
      const original = await originalOf(store, finding);
      const evidence = finding.evidenceId ? await store.evidence.get(finding.evidenceId) : null;
      if (q.notice) {
        const input = { finding, original, evidence, publisher: publisherOf(config), lang: q.notice, date: noticeDate(generatedAt, q.notice) };
        if (q.format === 'html') return send(res, 'text/html; charset=utf-8', `${base}-notice-${q.notice}.html`, renderTakedownHtml(input));
        return send(res, 'text/plain; charset=utf-8', `${base}-notice-${q.notice}.txt`, renderTakedownNotice(input));
      }
      if (q.format === 'csv') return send(res, 'text/csv; charset=utf-8', `${base}.csv`, findingsToCsv([finding]));
      const events = await store.findings.events(finding.id);
      if (q.format === 'json') return send(res, 'application/json; charset=utf-8', `${base}.json`, findingDossierToJson({ finding, original, evidence, events }));
      return send(res, 'text/html; charset=utf-8', `${base}.html`, renderFindingReport({ finding, original, evidence, events, publisher: publisherOf(config), generatedAt }));
    }

    const filter = filterOf(q);
    if (q.format === 'html') {
      if (!filter.site) throw new CopywatchError('INPUT_INVALID', 'query: format=html is the report of one site (site=<host>) or one finding (finding=<id>)');
      const summary = (await store.findings.sites()).find((s) => s.host === filter.site);
      if (!summary) throw new CopywatchError('NOT_FOUND', `site ${filter.site}: no findings on this host`);
      const findings = await allFindings(store, filter, REPORT_MAX_FINDINGS);
      const file = `copywatch-site-${filter.site.replace(/[^a-z0-9.-]/g, '_')}-${stamp}.html`;
      return send(res, 'text/html; charset=utf-8', file, renderSiteReport({ host: filter.site, findings, summary, publisher: publisherOf(config), generatedAt }));
    }
    const findings = await allFindings(store, filter, REPORT_MAX_FINDINGS);
    if (q.format === 'csv') return send(res, 'text/csv; charset=utf-8', `copywatch-findings-${stamp}.csv`, findingsToCsv(findings));
    return send(res, 'application/json; charset=utf-8', `copywatch-findings-${stamp}.json`, findingsToJson(findings));
  });
}
