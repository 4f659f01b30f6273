/**
 * Findings: the list (filters, sort, cursor pages), one finding with everything a reviewer needs
 * (the evidence, the original and the copy's text with the passages, the audit trail), and status
 * changes with a note, kept as events.
 */
import type { Express } from 'express';
import { z } from 'zod';
import { CopywatchError, MANUAL_TRANSITIONS, type Evidence, type Finding } from '../../domain/index.ts';
import { findingRecord, safeHref, suspectText } from '../../report/index.ts';
import type { FindingFilter } from '../../store/ports.ts';
import { actorOf, audit, type ServerContext } from '../context.ts';
import { findingFilterShape, idParams, intString, parse, show, statusEnum, str } from '../validate.ts';

const listQuery = z.strictObject({
  ...findingFilterShape,
  sort: z
    .enum(['lastSeen', 'firstSeen', 'severity', 'containment'], {
      error: (iss) => `expected one of lastSeen, firstSeen, severity, containment, got ${show(iss.input)}`,
    })
    .optional(),
  order: z.enum(['asc', 'desc'], { error: (iss) => `expected asc or desc, got ${show(iss.input)}` }).optional(),
  cursor: str('a cursor from a previous page', 1000).optional(),
  limit: intString(1, 500).optional(),
});

export type ListQuery = z.output<typeof listQuery>;

/** The store filter of a query's filters. */
export function filterOf(q: Omit<ListQuery, 'sort' | 'order' | 'cursor' | 'limit'>): FindingFilter {
  const filter: FindingFilter = {};
  if (q.status) filter.status = q.status;
  if (q.site) filter.site = q.site;
  if (q.rule) filter.rule = q.rule;
  if (q.severity) filter.severity = q.severity;
  if (q.since) filter.since = q.since;
  if (q.article) filter.articleId = q.article;
  if (q.kind) filter.kind = q.kind;
  return filter;
}

const patchBody = z.strictObject({
  status: statusEnum,
  note: z
    .string({ error: (iss) => `expected a string, got ${show(iss.input)}` })
    .max(2000, { error: 'expected a note of at most 2,000 characters' })
    .nullable()
    .optional(),
});

/**
 * A finding as the list gives it: the record less what only the finding page needs (the passages,
 * the rules' clause and advice), so that a page stays small and cheap to read (the store leaves
 * the passages out); GET /api/findings/:id and the JSON report give the whole record.
 */
function findingSummary(f: Finding) {
  return {
    id: f.id,
    kind: f.kind,
    articleId: f.articleId,
    articleUrl: f.articleUrl,
    articleTitle: f.articleTitle,
    url: f.url,
    host: f.host,
    verdict: f.verdict,
    containment: f.containment,
    matchedChars: f.matchedChars,
    facts: f.facts,
    violations: f.violations.map((v) =>
      v.term === undefined
        ? { ruleId: v.ruleId, title: v.title, severity: v.severity }
        : { ruleId: v.ruleId, title: v.title, severity: v.severity, term: v.term },
    ),
    severity: f.severity,
    status: f.status,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    evidenceId: f.evidenceId,
    scope: f.scope,
  };
}

/** Evidence without the texts (they are given once, as `copy.text`). */
function evidenceRecord(e: Evidence | null) {
  if (!e) return null;
  const { articleText: _a, pageText: _p, ...rest } = e;
  return rest;
}

async function findingOr404(ctx: ServerContext, id: number): Promise<Finding> {
  const finding = await ctx.app.store.findings.get(id);
  if (!finding) throw new CopywatchError('NOT_FOUND', `finding ${id} does not exist`);
  return finding;
}

/** One finding as the dashboard's finding page shows it. */
async function findingDetail(ctx: ServerContext, finding: Finding) {
  const { store } = ctx.app;
  const [article, evidence, events] = await Promise.all([
    store.articles.get(finding.articleId),
    finding.evidenceId ? store.evidence.get(finding.evidenceId) : Promise.resolve(null),
    store.findings.events(finding.id),
  ]);
  return {
    finding: findingRecord(finding),
    original: article
      ? {
          id: article.id,
          url: article.url,
          href: safeHref(article.url),
          title: article.title,
          byline: article.byline,
          credit: article.credit,
          publishedAt: article.publishedAt,
          lang: article.lang,
          source: article.source,
          text: article.text,
        }
      : {
          id: finding.articleId,
          url: finding.articleUrl,
          href: safeHref(finding.articleUrl),
          title: finding.articleTitle,
          byline: null,
          credit: null,
          publishedAt: null,
          lang: 'und',
          source: null,
          text: null,
        },
    copy: {
      url: evidence?.finalUrl ?? finding.url,
      href: safeHref(evidence?.finalUrl ?? finding.url),
      scope: finding.scope,
      text: suspectText(finding, evidence),
    },
    evidence: evidenceRecord(evidence),
    events,
    transitions: MANUAL_TRANSITIONS[finding.status] ?? [],
  };
}

export function findingRoutes(server: Express, ctx: ServerContext): void {
  server.get('/api/findings', async (req, res) => {
    const q = parse(listQuery, req.query, 'query');
    res.type('json').send(
      await ctx.findingsCache.get(req.originalUrl, async () => {
        const page = await ctx.app.store.findings.list({ ...filterOf(q), sort: q.sort, order: q.order, cursor: q.cursor, limit: q.limit, passages: false });
        return { items: page.items.map(findingSummary), nextCursor: page.nextCursor };
      }),
    );
  });

  server.get('/api/findings/:id', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const { id } = parse(idParams, req.params, 'path');
    res.json(await findingDetail(ctx, await findingOr404(ctx, id)));
  });

  server.patch('/api/findings/:id', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const { id } = parse(idParams, req.params, 'path');
    const body = parse(patchBody, req.body, 'body');
    // The store answers NOT_FOUND for a finding that does not exist, FINDING_TRANSITION for a change it does not allow.
    const note = body.note?.trim() ? body.note.trim() : null;
    const updated = await ctx.app.store.findings.setStatus(id, body.status, { actor: actorOf(res), note, at: ctx.app.clock().toISOString() });
    await audit(ctx, res, 'finding.status', `finding ${id}`, { to: body.status, note });
    res.json(await findingDetail(ctx, updated));
  });
}
