/**
 * Every endpoint of DESIGN.md's HTTP API, over HTTP on loopback, against a store filled by
 * indexing and scanning the fixture web: the findings list (filters, sort, cursor pages), one
 * finding with its evidence, status changes into the audit trail, a manual check, runs (list,
 * start, progress), articles, sites, the overview and the reports.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINDING_STATUSES, SEVERITIES } from '../../src/domain/index.ts';
import { openApp } from '../../src/scan/app.ts';
import { REPORT_CSP } from '../../src/server/security.ts';
import { verifyBundle } from '../../src/report/index.ts';
import { ARTICLES, COPY_HOSTS, PLANTED, PLANTED_PHOTOS, publisherUrl } from '../support/web/index.ts';
import { errorOf, startHarness, waitForRun, walkFindings, type Harness } from './harness.ts';

let h: Harness;
/** Every finding, as the store has it after the scan. */
let all: any[];

const rank = (s: string) => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);
const ids = (items: any[]) => items.map((f) => f.id).sort((a, b) => a - b);
/** The publisher URL of a fixture article (findings carry the store's article id and this URL). */
const originalUrl = (fixtureId: string) => publisherUrl(ARTICLES.find((a) => a.id === fixtureId)!);

beforeAll(async () => {
  h = await startHarness();
  all = (await h.app.store.findings.list({ limit: 1000 })).items;
  // The planted copies, less the one within its license.
  expect(all.length).toBe(PLANTED.filter((p) => p.kind !== 'licensed').length + PLANTED_PHOTOS.length);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('GET /api/health', () => {
  it('answers without a token', async () => {
    const r = await h.call('/api/health', { token: null });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'ok' });
    expect(r.headers.get('cache-control')).toBe('no-store');
  });
});

describe('GET /api/findings', () => {
  it('lists every finding by default, newest sighting first, as JSON with no cache', async () => {
    const r = await h.call('/api/findings?limit=500');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.json.nextCursor).toBeNull();
    expect(ids(r.json.items)).toEqual(ids(all));
    const f = r.json.items[0];
    // Summaries: the passages' texts and the rules' clauses are on the finding page and in the JSON report.
    expect(Object.keys(f).sort()).toEqual(
      [
        'articleId',
        'articleTitle',
        'articleUrl',
        'containment',
        'evidenceId',
        'facts',
        'firstSeen',
        'host',
        'id',
        'kind',
        'lastSeen',
        'matchedChars',
        'scope',
        'severity',
        'status',
        'url',
        'verdict',
        'violations',
      ].sort(),
    );
    const stored = all.find((x) => x.id === f.id);
    expect(f.facts).toEqual(stored.facts);
    expect(f.violations).toEqual(
      stored.violations.map((v: any) => ({ ruleId: v.ruleId, title: v.title, severity: v.severity, ...(v.term ? { term: v.term } : {}) })),
    );
  });

  it('filters by status, site, rule, severity, since and article', async () => {
    const get = async (q: string) => {
      const r = await h.call(`/api/findings?${q}&limit=500`);
      expect(r.status, q).toBe(200);
      return r.json.items as any[];
    };
    expect(ids(await get('status=open'))).toEqual(ids(all));
    expect(await get('status=confirmed,dismissed')).toEqual([]);

    const site = COPY_HOSTS.portalB;
    const onSite = await get(`site=${site}`);
    expect(onSite.length).toBeGreaterThan(0);
    expect(ids(onSite)).toEqual(ids(all.filter((f) => f.host === site)));
    expect(ids(await get(`site=${site.toUpperCase()}`))).toEqual(ids(onSite));

    const rule = 'generic.uncredited-excerpt';
    const byRule = await get(`rule=${rule}`);
    expect(byRule.length).toBeGreaterThan(0);
    expect(ids(byRule)).toEqual(ids(all.filter((f) => f.violations.some((v: any) => v.ruleId === rule))));

    for (const severity of SEVERITIES) {
      expect(ids(await get(`severity=${severity}`)), severity).toEqual(ids(all.filter((f) => rank(f.severity) >= rank(severity))));
    }

    expect(ids(await get('since=2024-03-01'))).toEqual(ids(all));
    expect(ids(await get('since=2024-03-01T07:59:59Z'))).toEqual(ids(all));
    expect(await get('since=2024-03-01T08:00:01Z')).toEqual([]);

    const article = all[0].articleId;
    expect(ids(await get(`article=${encodeURIComponent(article)}`))).toEqual(ids(all.filter((f) => f.articleId === article)));

    const both = await get(`site=${site}&severity=high&status=open`);
    expect(ids(both)).toEqual(ids(all.filter((f) => f.host === site && rank(f.severity) >= rank('high'))));
  });

  it('filters by kind: photos (with or without text), text, and refuses a kind that does not exist', async () => {
    const photos = (await h.call('/api/findings?kind=image&limit=500')).json.items;
    expect(photos.map((f: any) => [f.kind, f.url])).toEqual(PLANTED_PHOTOS.map((p) => ['image', p.url]));
    expect(photos[0].facts.image.transforms).toEqual(PLANTED_PHOTOS[0].transforms);
    const text = (await h.call('/api/findings?kind=text&limit=500')).json.items;
    expect(text.length).toBe(all.length - PLANTED_PHOTOS.length);
    expect(text.every((f: any) => f.kind === 'text')).toBe(true);
    const bad = await h.call('/api/findings?kind=photo');
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/kind: expected one of text, image, text\+image/);
  });

  it('sorts by each key, either way', async () => {
    const key = {
      lastSeen: (f: any) => f.lastSeen,
      firstSeen: (f: any) => f.firstSeen,
      severity: (f: any) => rank(f.severity),
      containment: (f: any) => f.containment,
    };
    for (const [sort, of] of Object.entries(key)) {
      for (const order of ['asc', 'desc']) {
        const r = await h.call(`/api/findings?sort=${sort}&order=${order}&limit=500`);
        expect(r.status).toBe(200);
        const values = r.json.items.map(of);
        const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(values, `${sort} ${order}`).toEqual(order === 'asc' ? sorted : sorted.reverse());
      }
    }
  });

  it('walks cursor pages: each finding once, in the order of the unpaged list, for every sort and filter', async () => {
    for (const query of ['', 'sort=severity&order=desc', 'sort=containment&order=asc', 'sort=firstSeen', 'status=open&severity=medium&sort=containment']) {
      const whole = (await h.call(`/api/findings?${query}${query ? '&' : ''}limit=500`)).json.items.map((f: any) => f.id);
      for (const limit of [1, 2, 5]) {
        const { items, pages } = await walkFindings(h, query, limit);
        const walked = items.map((f) => f.id);
        expect(walked, `${query} limit=${limit}`).toEqual(whole);
        expect(new Set(walked).size).toBe(walked.length);
        expect(pages).toBe(Math.max(1, Math.ceil(whole.length / limit)));
      }
    }
  });

  it('defaults to pages of 50', async () => {
    const r = await h.call('/api/findings');
    expect(r.json.items.length).toBe(Math.min(50, all.length));
  });
});

describe('GET /api/findings/:id', () => {
  it('gives the finding with its evidence, the original and the copy, and its audit trail', async () => {
    const planted = PLANTED.find((p) => p.kind === 'full-credited')!;
    const f = all.find((x) => x.url === planted.url);
    const r = await h.call(`/api/findings/${f.id}`);
    expect(r.status).toBe(200);
    const d = r.json;
    expect(d.finding).toMatchObject({ id: f.id, url: planted.url, verdict: 'full', status: 'open' });
    expect(d.original).toMatchObject({ id: f.articleId, url: originalUrl(planted.articleId), title: ARTICLES.find((a) => a.id === planted.articleId)!.title });
    expect(d.original.text.length).toBeGreaterThan(100);
    expect(d.copy.url).toBe(planted.url);
    expect(d.copy.href).toBe(planted.url);
    expect(typeof d.copy.text).toBe('string');
    // The passages point into both texts.
    for (const p of d.finding.passages) {
      expect(d.original.text.slice(p.original.start, p.original.end)).toBe(p.original.text);
      expect(d.copy.text.slice(p.suspect.start, p.suspect.end)).toBe(p.suspect.text);
    }
    // The evidence: final URL, status, capture time, SHA-256 of the stored body; the texts are not repeated.
    expect(d.evidence).toMatchObject({ id: f.evidenceId, finalUrl: planted.url, status: 200 });
    expect(d.evidence.sha256).toMatch(/^[0-9a-f]{64}$/);
    const body = await h.app.store.evidence.body(f.evidenceId);
    expect(createHash('sha256').update(body!).digest('hex')).toBe(d.evidence.sha256);
    expect(d.evidence).not.toHaveProperty('articleText');
    expect(d.evidence).not.toHaveProperty('pageText');
    expect(d.events).toHaveLength(1);
    expect(d.events[0]).toMatchObject({ findingId: f.id, from: null, to: 'open' });
    expect(d.transitions).toEqual(['confirmed', 'dismissed']);
  });
});

describe('PATCH /api/findings/:id', () => {
  it('changes the status with a note, kept in the audit trail, and the list follows', async () => {
    const f = all.find((x) => x.host === COPY_HOSTS.portalB);
    const r = await h.call(`/api/findings/${f.id}`, { method: 'PATCH', body: { status: 'confirmed', note: '  已核实：整篇转载，未署名。  ' } });
    expect(r.status).toBe(200);
    expect(r.json.finding.status).toBe('confirmed');
    expect(r.json.transitions).toEqual(['notice-sent', 'dismissed', 'resolved']);
    expect(r.json.events.at(-1)).toMatchObject({
      findingId: f.id,
      from: 'open',
      to: 'confirmed',
      note: '已核实：整篇转载，未署名。',
      actor: 'bootstrap token',
    });

    const again = await h.call(`/api/findings/${f.id}`, { method: 'PATCH', body: { status: 'notice-sent' } });
    expect(again.status).toBe(200);
    expect(again.json.events.map((e: any) => [e.from, e.to, e.note])).toEqual([
      [null, 'open', null],
      ['open', 'confirmed', '已核实：整篇转载，未署名。'],
      ['confirmed', 'notice-sent', null],
    ]);

    const read = await h.call(`/api/findings/${f.id}`);
    expect(read.json.finding.status).toBe('notice-sent');
    expect(read.json.events).toHaveLength(3);
    expect(ids((await h.call('/api/findings?status=notice-sent')).json.items)).toEqual([f.id]);
    expect((await h.app.store.findings.get(f.id))!.status).toBe('notice-sent');
  });

  it('the list, kept between writes, follows a change another process makes to the database', async () => {
    const f = all.find((x) => x.host !== COPY_HOSTS.portalB && x.status === 'open');
    const first = await h.call('/api/findings?status=dismissed');
    expect(first.status).toBe(200);
    expect(ids(first.json.items)).not.toContain(f.id);
    expect((await h.call('/api/findings?status=dismissed')).text).toBe(first.text);
    expect((await h.call('/api/sites')).status).toBe(200);
    // Another process (a CLI, a worker): its own connection to the same database.
    const other = await openApp(h.setup.configPath);
    try {
      await other.store.findings.setStatus(f.id, 'dismissed', { actor: 'cli', at: new Date().toISOString() });
    } finally {
      await other.close();
    }
    expect(ids((await h.call('/api/findings?status=dismissed')).json.items)).toContain(f.id);
    const active = (await h.app.store.findings.list({ site: f.host, limit: 1000 })).items.filter((x) =>
      ['open', 'confirmed', 'notice-sent'].includes(x.status),
    );
    expect(active.map((x) => x.id)).not.toContain(f.id);
    expect((await h.call('/api/sites')).json.items.find((s: any) => s.host === f.host).open).toBe(active.length);
  });

  it('refuses a change the status does not allow (409), and leaves the finding as it was', async () => {
    const f = all.find((x) => x.host === COPY_HOSTS.traditional);
    const r = await h.call(`/api/findings/${f.id}`, { method: 'PATCH', body: { status: 'notice-sent', note: 'skip ahead' } });
    expect(r.status).toBe(409);
    expect(errorOf(r).code).toBe('FINDING_TRANSITION');
    const d = (await h.call(`/api/findings/${f.id}`)).json;
    expect(d.finding.status).toBe('open');
    expect(d.events).toHaveLength(1);
  });
});

describe('POST /api/check', () => {
  it('checks a planted copy now: the verdict, the matches, the finding, recorded as a check run', async () => {
    const planted = PLANTED.find((p) => p.kind === 'full-uncredited' && !p.hostile)!;
    const r = await h.call('/api/check', { body: { url: planted.url } });
    expect(r.status).toBe(200);
    expect(r.json.url).toBe(planted.url);
    expect(r.json.scan).toMatchObject({ job: 'check', status: 'done', target: planted.url });
    expect(r.json.article.chars).toBeGreaterThan(100);
    expect(r.json.matches).toContainEqual(expect.objectContaining({ articleUrl: originalUrl(planted.articleId), verdict: 'full', allowed: false }));
    expect(r.json.findings).toHaveLength(1);
    const existing = all.find((f) => f.url === planted.url);
    expect(r.json.findings[0]).toMatchObject({ id: existing.id, url: planted.url, articleUrl: originalUrl(planted.articleId) });
  });

  it('checks a licensed copy: a match, allowed, no finding', async () => {
    const planted = PLANTED.find((p) => p.kind === 'licensed')!;
    const r = await h.call('/api/check', { body: { url: planted.url } });
    expect(r.status).toBe(200);
    expect(r.json.matches).toContainEqual(
      expect.objectContaining({ articleUrl: originalUrl(planted.articleId), allowed: true, violations: [], licensee: expect.any(String) }),
    );
    expect(r.json.findings).toEqual([]);
  });
});

describe('runs: GET /api/scans, POST /api/scans, GET /api/scans/:id', () => {
  it('lists the runs with the targets and sources a job can take', async () => {
    const r = await h.call('/api/scans');
    expect(r.status).toBe(200);
    const jobs = r.json.items.map((s: any) => s.job);
    expect(jobs).toContain('index');
    expect(jobs).toContain('scan');
    expect(r.json.targets).toEqual(h.setup.config.targets.map((t: any) => t.name));
    expect(r.json.sources).toEqual(h.setup.config.publisher.sources.map((s: any) => s.name));
    expect((await h.call('/api/scans?limit=1')).json.items).toHaveLength(1);
  });

  it('starts a scan (202 and its Location), which runs to the end while its progress is polled', async () => {
    const r = await h.call('/api/scans', { body: { job: 'scan', target: 'repost-portal' } });
    expect(r.status).toBe(202);
    expect(r.json.scan).toMatchObject({ job: 'scan', target: 'repost-portal', status: 'running' });
    expect(r.headers.get('location')).toBe(`/api/scans/${r.json.scan.id}`);
    const done = await waitForRun(h, r.json.scan.id);
    expect(done.status).toBe('done');
    expect(done.counts.pagesFetched).toBeGreaterThan(0);
    expect(done.endedAt).not.toBeNull();
    expect((await h.call('/api/scans')).json.items[0].id).toBe(r.json.scan.id);
    // The pages that held no article (other than link lists) are named, as many as the reasons count.
    const detail = (await h.call(`/api/scans/${r.json.scan.id}`)).json;
    const noArticle = Object.entries(done.reasons as Record<string, number>)
      .filter(([k]) => k.startsWith('no article:') && !k.includes('link-list'))
      .reduce((n, [, v]) => n + v, 0);
    expect(detail.failures.filter((f: { reason: string }) => f.reason.startsWith('no article:'))).toHaveLength(noArticle);
    for (const f of detail.failures) expect(f.url).toMatch(/^http:\/\//);
  });

  it('starts an index and a recheck', async () => {
    for (const body of [{ job: 'index' }, { job: 'recheck' }]) {
      const r = await h.call('/api/scans', { body });
      expect(r.status, body.job).toBe(202);
      expect((await waitForRun(h, r.json.scan.id)).status, body.job).toBe('done');
    }
  });

  it('refuses an unknown target, a recheck with a target and an unknown run', async () => {
    const unknown = await h.call('/api/scans', { body: { job: 'scan', target: 'no-such-target' } });
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown).message).toMatch(/no-such-target/);
    const recheck = await h.call('/api/scans', { body: { job: 'recheck', target: 'mirror' } });
    expect(recheck.status).toBe(400);
    expect(errorOf(recheck).code).toBe('INPUT_INVALID');
    const missing = await h.call('/api/scans/999999');
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe('NOT_FOUND');
  });
});

describe('GET /api/articles', () => {
  it('pages through the corpus: every publisher article once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let total = 0;
    do {
      const r = await h.call(`/api/articles?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(r.status).toBe(200);
      total = r.json.total;
      seen.push(...r.json.items.map((a: any) => a.url));
      cursor = r.json.nextCursor;
    } while (cursor);
    expect(total).toBe(ARTICLES.length);
    expect(seen.sort()).toEqual(ARTICLES.map(publisherUrl).sort());
    const one = (await h.call('/api/articles?limit=1')).json.items[0];
    expect(one).toMatchObject({ source: 'epaper', lang: expect.any(String) });
    expect(one.href).toBe(one.url);
    expect(one).not.toHaveProperty('text');
    const all = (await h.call('/api/articles?source=epaper&limit=500')).json.items as Array<{ id: string; copies: number }>;
    expect(all).toHaveLength(ARTICLES.length);
    // Each article's number of copies is the number of its findings.
    for (const a of all) expect(a.copies).toBe((await h.call(`/api/findings?article=${encodeURIComponent(a.id)}&limit=500`)).json.items.length);
    expect(all.some((a) => a.copies > 0)).toBe(true);
    expect((await h.call('/api/articles?source=nothing')).json.items).toEqual([]);
  });
});

describe('GET /api/sites', () => {
  it('counts findings per host, with the highest severity', async () => {
    const r = await h.call('/api/sites');
    expect(r.status).toBe(200);
    const now = (await h.app.store.findings.list({ limit: 1000 })).items;
    const hosts = [...new Set(now.map((f) => f.host))].sort();
    expect(r.json.items.map((s: any) => s.host).sort()).toEqual(hosts);
    for (const s of r.json.items) {
      const here = now.filter((f) => f.host === s.host);
      expect(s.findings, s.host).toBe(here.length);
      // Open: not settled yet (open, confirmed, notice sent).
      expect(s.open, s.host).toBe(here.filter((f) => ['open', 'confirmed', 'notice-sent'].includes(f.status)).length);
      expect(s.maxSeverity, s.host).toBe(SEVERITIES[Math.max(...here.map((f) => rank(f.severity)))]);
    }
    const opens = r.json.items.map((s: any) => s.open);
    expect(opens).toEqual([...opens].sort((a, b) => b - a));
  });
});

describe('GET /api/overview', () => {
  it('sums up what the dashboard opens on', async () => {
    const r = await h.call('/api/overview');
    expect(r.status).toBe(200);
    const now = (await h.app.store.findings.list({ limit: 1000 })).items;
    expect(r.json.total).toBe(now.length);
    for (const s of FINDING_STATUSES) expect(r.json.byStatus[s], s).toBe(now.filter((f) => f.status === s).length);
    for (const s of SEVERITIES) expect(r.json.openBySeverity[s], s).toBe(now.filter((f) => f.status === 'open' && f.severity === s).length);
    expect(r.json.corpus.articles).toBe(ARTICLES.length);
    expect(r.json.corpus.lastIndex.job).toBe('index');
    expect(r.json.publisher.name).toBe(h.app.config.publisher.name);
  });
});

describe('GET /api/reports', () => {
  it('gives the findings as CSV, a download, one row per finding', async () => {
    const r = await h.call('/api/reports?format=csv');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="copywatch-findings-2024-03-01\.csv"$/);
    const rows = r.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(rows.length).toBe(all.length + 1);
    const filtered = await h.call(`/api/reports?format=csv&site=${COPY_HOSTS.portalB}`);
    expect(filtered.text.trim().split(/\r?\n/).length).toBe(all.filter((f) => f.host === COPY_HOSTS.portalB).length + 1);
  });

  it('gives the findings as JSON, whole records, the findings of the list', async () => {
    const r = await h.call('/api/reports?format=json');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="copywatch-findings-2024-03-01\.json"$/);
    expect(ids(r.json)).toEqual(ids(all));
    const list = (await h.call('/api/findings?limit=500')).json.items;
    const summaries = r.json.map(({ passages: _p, violations, ...rest }: any) => ({
      ...rest,
      violations: violations.map((v: any) => ({ ruleId: v.ruleId, title: v.title, severity: v.severity, ...(v.term ? { term: v.term } : {}) })),
    }));
    expect(summaries.sort((a: any, b: any) => a.id - b.id)).toEqual(list.sort((a: any, b: any) => a.id - b.id));
    // A photo alone has no passages; every other finding has.
    expect(r.json.every((f: any) => (f.kind === 'image' || f.passages.length > 0) && f.violations.every((v: any) => v.clause))).toBe(true);
    expect(r.json.filter((f: any) => f.kind === 'image')).toHaveLength(PLANTED_PHOTOS.length);
  });

  it('gives the HTML report of a site and of a finding, and a takedown notice, with no script and sandboxed', async () => {
    const f = all.find((x) => x.host === COPY_HOSTS.mirror);
    for (const q of [
      `format=html&site=${COPY_HOSTS.mirror}`,
      `format=html&finding=${f.id}`,
      `format=html&finding=${f.id}&notice=zh`,
      `format=html&finding=${f.id}&notice=en`,
    ]) {
      const r = await h.call(`/api/reports?${q}`);
      expect(r.status, q).toBe(200);
      expect(r.headers.get('content-type'), q).toMatch(/^text\/html; charset=utf-8/);
      expect(r.headers.get('content-security-policy'), q).toBe(REPORT_CSP);
      expect(r.headers.get('content-disposition'), q).toMatch(/^attachment; filename="copywatch-[a-z0-9.-]+\.html"$/);
      expect(r.text, q).toMatch(/^<!doctype html>/i);
      expect(r.text, q).not.toMatch(/<script/i);
    }
    const notice = await h.call(`/api/reports?format=json&finding=${f.id}&notice=zh`);
    expect(notice.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(notice.text).toContain(f.url);
    const one = await h.call(`/api/reports?format=csv&finding=${f.id}`);
    expect(one.text.trim().split(/\r?\n/)).toHaveLength(2);
  });

  it('asks for what an HTML report is of, and 404s a site without findings', async () => {
    const bare = await h.call('/api/reports?format=html');
    expect(bare.status).toBe(400);
    expect(errorOf(bare).code).toBe('INPUT_INVALID');
    const none = await h.call('/api/reports?format=html&site=nowhere.test');
    expect(none.status).toBe(404);
    expect(errorOf(none).code).toBe('NOT_FOUND');
    const noFormat = await h.call('/api/reports');
    expect(noFormat.status).toBe(400);
    expect(errorOf(noFormat).message).toMatch(/query\.format/);
    const notice = await h.call('/api/reports?format=html&notice=zh');
    expect(notice.status).toBe(400);
  });
});

describe('GET /api/findings/:id/bundle', () => {
  it("gives a viewer the finding's evidence bundle, a ZIP that verifies; an unknown finding is 404", async () => {
    const f = all.find((x) => x.host === COPY_HOSTS.mirror);
    const res = await fetch(`${h.server.url}/api/findings/${f.id}/bundle`, { headers: { authorization: `Bearer ${h.read}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="copywatch-finding-${f.id}-evidence.zip"`);
    const verdict = await verifyBundle(new Uint8Array(await res.arrayBuffer()));
    expect(verdict.bundle).toBe(true);
    if (verdict.bundle) {
      expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
      expect(verdict.checks.some((c) => c.line.includes('response payload is the stored body'))).toBe(true);
    }
    const missing = await h.call('/api/findings/999999/bundle');
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe('NOT_FOUND');
  });
});

// Last: it points one finding at a new capture with a screenshot (the tests above read the scan's store as it was).
describe('GET /api/findings/:id/screenshot', () => {
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

  it("serves the PNG of the finding's capture as image/png, never sniffed; without one it is 404 saying why", async () => {
    const store = h.app.store;
    const f = all.find((x) => x.host !== COPY_HOSTS.mirror && x.evidenceId);
    const before = await h.call(`/api/findings/${f.id}/screenshot`);
    expect(before.status).toBe(404);
    expect(errorOf(before)).toEqual({ code: 'NOT_FOUND', message: `finding ${f.id} has no screenshot: none was taken (evidence.screenshot is off)` });

    const { id: _id, warc: _warc, screenshot: _shot, ...captured } = (await store.evidence.get(f.evidenceId))!;
    const sha256 = createHash('sha256').update(PNG).digest('hex');
    const evidenceId = await store.evidence.add({
      ...captured,
      body: null,
      screenshot: { sha256, size: PNG.length, takenAt: '2024-03-01T08:00:05.000Z', note: null },
      screenshotPng: PNG,
    });
    const { id: _fid, status: _status, firstSeen: _first, lastSeen: _last, ...input } = (await store.findings.get(f.id))!;
    await store.findings.upsert({ ...input, evidenceId }, '2024-03-02T00:00:00.000Z', 'test');

    const res = await fetch(`${h.server.url}/api/findings/${f.id}/screenshot`, { headers: { authorization: `Bearer ${h.read}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
    expect(res.headers.get('x-screenshot-sha256')).toBe(sha256);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);

    const anonymous = await h.call(`/api/findings/${f.id}/screenshot`, { token: null });
    expect(anonymous.status).toBe(401);
    const unknown = await h.call('/api/findings/999999/screenshot');
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).message).toBe('finding 999999 does not exist');
  });
});
