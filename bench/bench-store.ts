/**
 * Store speed at scale: fills a SQLite store with 100,000 findings through the ports, then times
 * listing a first page and a deep page with each sort and filter, counts, and the summaries.
 * `node --import tsx bench/bench-store.ts [findings] [--keep FILE]` (default 100000 findings; --keep
 * leaves the filled database at FILE). Prints medians in ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEVERITIES, type FindingStatus } from '../src/domain/index.ts';
import { openSqliteStore, type FindingFilter, type Store } from '../src/store/index.ts';

const args = process.argv.slice(2);
const keepAt = args.indexOf('--keep');
const keep = keepAt >= 0 ? args.splice(keepAt, 2)[1] : undefined;
const total = Number(args[0] ?? 100_000);
const STATUSES: FindingStatus[] = ['open', 'open', 'open', 'confirmed', 'dismissed', 'notice-sent', 'resolved'];
const RULES = Array.from({ length: 10 }, (_, i) => `rule-${i}`);

let seed = 42;
/** mulberry32: a small seeded generator, so that every run fills the same store. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

async function fill(store: Store): Promise<void> {
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < total; i++) {
    const host = `site-${Math.floor(random() * 2000)}.example`;
    const severity = pick(SEVERITIES);
    const violations = [pick(RULES), i % 500 === 0 ? 'rule-rare' : pick(RULES)].map((ruleId) => ({ ruleId, title: ruleId, severity, clause: '未经授权不得转载', advice: 'notice' }));
    const at = new Date(start + Math.floor(random() * 90 * 86_400_000)).toISOString();
    const { finding } = await store.findings.upsert({
      articleId: String(1 + Math.floor(random() * 20_000)), articleUrl: 'https://paper.example/a', articleTitle: 'Title', url: `https://${host}/p/${i}`, host,
      verdict: 'full', containment: Math.round(random() * 1000) / 1000, matchedChars: 800,
      facts: { verdict: 'full', containment: 0.9, matchedChars: 800, credited: false, linksBack: false, pageMirror: false, host, ownedDomain: false, licensee: null, licenseStatus: 'none', licenseBreaches: [], commercial: { ads: false, shop: false, paywall: false } },
      violations, severity, evidenceId: null, passages: [{ original: { start: 0, end: 40, text: '向每一度电要效益 炼化装置能耗创新低'.repeat(2) }, suspect: { start: 0, end: 40, text: '向每一度电要效益 炼化装置能耗创新低'.repeat(2) } }], scope: 'article',
    }, at, 'bench');
    const status = pick(STATUSES);
    if (status === 'confirmed' || status === 'dismissed' || status === 'resolved') await store.findings.setStatus(finding.id, status, { actor: 'bench', at, system: true });
    if (status === 'notice-sent') {
      await store.findings.setStatus(finding.id, 'confirmed', { actor: 'bench', at });
      await store.findings.setStatus(finding.id, 'notice-sent', { actor: 'bench', at });
    }
  }
}

async function median(fn: () => Promise<unknown>, runs = 15): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

/** The cursor that starts the page `depth` rows into the list. */
async function cursorAt(store: Store, filter: FindingFilter, depth: number): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let seen = 0; seen < depth;) {
    const page = await store.findings.list({ ...filter, limit: Math.min(500, depth - seen), cursor });
    seen += page.items.length;
    if (!page.nextCursor) return cursor;
    cursor = page.nextCursor;
  }
  return cursor;
}

const dir = mkdtempSync(join(tmpdir(), 'copywatch-bench-store-'));
try {
  const store = await openSqliteStore({ path: keep ?? join(dir, 'bench.db') });
  const t0 = performance.now();
  await fill(store);
  console.log(`filled ${total} findings through the ports in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const rows: string[][] = [['list (pages of 50)', 'matching rows', 'first page ms', 'middle page ms', 'page 100 rows from the end ms', 'count ms']];
  const cases: Array<[string, FindingFilter]> = [];
  for (const sort of ['lastSeen', 'firstSeen', 'severity', 'containment'] as const) {
    cases.push([`sort ${sort} desc`, { sort }], [`sort ${sort} asc`, { sort, order: 'asc' }]);
  }
  cases.push(
    ['status=open', { status: 'open' }], ['status=open, sort severity', { status: 'open', sort: 'severity' }],
    ['status=open|confirmed|notice-sent', { status: ['open', 'confirmed', 'notice-sent'] }],
    ['site=site-7.example', { site: 'site-7.example' }], ['rule=rule-3', { rule: 'rule-3' }],
    ['rule=rule-3, sort containment', { rule: 'rule-3', sort: 'containment' }], ['rule=rule-rare', { rule: 'rule-rare' }],
    ['status=notice-sent|resolved, sort containment', { status: ['notice-sent', 'resolved'], sort: 'containment' }],
    ['severity>=high', { severity: 'high' }], ['since 2024-03-01', { since: '2024-03-01' }], ['articleId=77', { articleId: '77' }],
  );
  for (const [name, filter] of cases) {
    const count = await store.findings.count(filter);
    const mid = await cursorAt(store, filter, Math.floor(count / 2));
    const end = await cursorAt(store, filter, Math.max(0, count - 100));
    rows.push([
      name, String(count),
      (await median(() => store.findings.list({ ...filter, limit: 50 }))).toFixed(2),
      (await median(() => store.findings.list({ ...filter, limit: 50, cursor: mid }))).toFixed(2),
      (await median(() => store.findings.list({ ...filter, limit: 50, cursor: end }))).toFixed(2),
      (await median(() => store.findings.count(filter))).toFixed(2),
    ]);
  }
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(`sites(): ${(await median(() => store.findings.sites(), 5)).toFixed(1)} ms; perDay(30): ${(await median(() => store.findings.perDay(30, '2024-03-31T00:00:00.000Z'))).toFixed(2)} ms; forRecheck(): ${(await median(() => store.findings.forRecheck(), 3)).toFixed(0)} ms`);
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
