/**
 * The corpus (the publisher's indexed articles), the sites that copy it, and the overview the
 * dashboard opens on (findings by severity and status, the most-infringing sites, findings per
 * day, the corpus and the last runs).
 */
import type { Express } from 'express';
import { z } from 'zod';
import { CopywatchError, FINDING_STATUSES, SEVERITIES, type FindingStatus, type Severity } from '../../domain/index.ts';
import { safeHref } from '../../report/index.ts';
import { promoteTarget, siteHosts } from '../../scan/index.ts';
import { actorOf, type ServerContext } from '../context.ts';
import { intString, parse, str } from '../validate.ts';

const articlesQuery = z.strictObject({
  source: str('a source name', 200).optional(),
  cursor: str('a cursor from a previous page', 1000).optional(),
  limit: intString(1, 500).optional(),
});

export function corpusRoutes(server: Express, ctx: ServerContext): void {
  const { store } = ctx.app;

  server.get('/api/articles', async (req, res) => {
    const q = parse(articlesQuery, req.query, 'query');
    const [page, total] = await Promise.all([store.articles.list({ source: q.source, cursor: q.cursor, limit: q.limit }), store.articles.count()]);
    // Each article's copies (its findings, whatever their status), asked side by side (an indexed count each).
    const copies = await Promise.all(page.items.map((a) => store.findings.count({ articleId: a.id })));
    res.json({
      items: page.items.map((a, i) => ({
        id: a.id,
        url: a.url,
        href: safeHref(a.url),
        source: a.source,
        title: a.title,
        byline: a.byline,
        credit: a.credit,
        publishedAt: a.publishedAt,
        lang: a.lang,
        units: a.units,
        firstSeen: a.firstSeen,
        lastSeen: a.lastSeen,
        copies: copies[i],
      })),
      nextCursor: page.nextCursor,
      total,
    });
  });

  server.get('/api/sites', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    res.type('json').send(await ctx.findingsCache.get(req.originalUrl, async () => ({ items: await store.findings.sites() })));
  });

  // A site discovery found, promoted to the targets (kept in the store; the config file is left alone).
  server.post('/api/sites/:host/promote', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const { host } = parse(z.strictObject({ host: str('a host name', 253) }), req.params, 'path');
    const findings = await store.findings.list({ site: host.toLowerCase(), limit: 1, passages: false });
    if (!findings.items.length) throw new CopywatchError('NOT_FOUND', `${host} has no finding: only a site with findings can be promoted`);
    const { target, created } = await promoteTarget(store, {
      host,
      scheme: new URL(findings.items[0].url).protocol,
      at: ctx.app.clock().toISOString(),
      actor: actorOf(res),
      coveredHosts: siteHosts(ctx.app.config.targets),
    });
    res.status(created ? 201 : 200).json({ target, created });
  });

  server.get('/api/overview', async (req, res) => {
    const q = parse(z.strictObject({ days: intString(1, 366).optional() }), req.query, 'query');
    const now = ctx.app.clock().toISOString();
    // All the store's questions at once (a Postgres store answers them side by side).
    const [atLeast, statusCounts, [sites, perDay, articles, lastIndex, lastScan, recent]] = await Promise.all([
      Promise.all(SEVERITIES.map((severity) => store.findings.count({ status: 'open', severity }))),
      Promise.all(FINDING_STATUSES.map((status) => store.findings.count({ status }))),
      Promise.all([
        store.findings.sites(),
        store.findings.perDay(q.days ?? 30, now),
        store.articles.count(),
        store.scans.latest('index'),
        store.scans.latest('scan'),
        store.scans.list(20),
      ]),
    ]);
    // `severity` filters mean "this or higher": counts per severity are differences.
    const openBySeverity = Object.fromEntries(SEVERITIES.map((s, i) => [s, atLeast[i] - (atLeast[i + 1] ?? 0)])) as Record<Severity, number>;
    const byStatus = Object.fromEntries(FINDING_STATUSES.map((s, i) => [s, statusCounts[i]])) as Record<FindingStatus, number>;
    res.json({
      generatedAt: now,
      publisher: { name: ctx.app.config.publisher.name },
      openBySeverity,
      byStatus,
      total: statusCounts.reduce((a, b) => a + b, 0),
      sites: sites.slice(0, 10),
      siteCount: sites.length,
      perDay,
      corpus: { articles, lastIndex },
      lastScan,
      running: recent.filter((s) => s.status === 'running'),
    });
  });
}
