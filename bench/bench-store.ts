/**
 * Store speed at scale: fills a SQLite store (and with --postgres a PostgreSQL one, side by side)
 * with 100,000 findings through the ports, then times listing a first page and a deep page with
 * each sort and filter, counts, and the summaries.
 * `node --import tsx bench/bench-store.ts [findings] [--keep FILE] [--postgres [URL]]` (default
 * 100000 findings; --keep leaves the filled SQLite database at FILE; --postgres also fills a fresh
 * schema of URL, default COPYWATCH_PG_URL or postgres://postgres@127.0.0.1:5432/test, dropped
 * afterwards). Prints medians in ms; with two stores each cell is `sqlite / postgres`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { SEVERITIES, type FindingStatus } from '../src/domain/index.ts';
import { openPostgresStore, openSqliteStore, type FindingFilter, type FindingInput, type Store } from '../src/store/index.ts';

const args = process.argv.slice(2);
const keepAt = args.indexOf('--keep');
const keep = keepAt >= 0 ? args.splice(keepAt, 2)[1] : undefined;
const pgAt = args.indexOf('--postgres');
const pgUrl =
  pgAt < 0
    ? undefined
    : /^postgres(ql)?:\/\//.test(args[pgAt + 1] ?? '')
      ? args.splice(pgAt, 2)[1]
      : (args.splice(pgAt, 1), process.env.COPYWATCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test');
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

export interface Sighting {
  input: FindingInput;
  at: string;
  status: FindingStatus;
}

/** The findings to store, the same (seeded) sequence for every store: 2,000 sites, 10 rules, 90 days. */
export function* sightings(count = total): Generator<Sighting> {
  seed = 42;
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; i++) {
    const host = `site-${Math.floor(random() * 2000)}.example`;
    const severity = pick(SEVERITIES);
    const violations = [pick(RULES), i % 500 === 0 ? 'rule-rare' : pick(RULES)].map((ruleId) => ({
      ruleId,
      title: ruleId,
      severity,
      clause: '未经授权不得转载',
      advice: 'notice',
    }));
    const at = new Date(start + Math.floor(random() * 90 * 86_400_000)).toISOString();
    const input: FindingInput = {
      articleId: String(1 + Math.floor(random() * 20_000)),
      articleUrl: 'https://paper.example/a',
      articleTitle: 'Title',
      url: `https://${host}/p/${i}`,
      host,
      verdict: 'full',
      containment: Math.round(random() * 1000) / 1000,
      matchedChars: 800,
      facts: {
        verdict: 'full',
        containment: 0.9,
        matchedChars: 800,
        credited: false,
        linksBack: false,
        pageMirror: false,
        host,
        ownedDomain: false,
        licensee: null,
        licenseStatus: 'none',
        licenseBreaches: [],
        commercial: { ads: false, shop: false, paywall: false },
      },
      violations,
      severity,
      evidenceId: null,
      passages: [
        {
          original: { start: 0, end: 40, text: '向每一度电要效益 炼化装置能耗创新低'.repeat(2) },
          suspect: { start: 0, end: 40, text: '向每一度电要效益 炼化装置能耗创新低'.repeat(2) },
        },
      ],
      scope: 'article',
    };
    yield { input, at, status: pick(STATUSES) };
  }
}

/** Stores every sighting through the ports, `concurrency` at a time (a networked store keeps several in flight). */
export async function fill(store: Store, concurrency: number, count = total): Promise<void> {
  const source = sightings(count);
  const worker = async () => {
    for (let next = source.next(); !next.done; next = source.next()) {
      const { input, at, status } = next.value;
      const { finding } = await store.findings.upsert(input, at, 'bench');
      if (status === 'confirmed' || status === 'dismissed' || status === 'resolved')
        await store.findings.setStatus(finding.id, status, { actor: 'bench', at, system: true });
      if (status === 'notice-sent') {
        await store.findings.setStatus(finding.id, 'confirmed', { actor: 'bench', at });
        await store.findings.setStatus(finding.id, 'notice-sent', { actor: 'bench', at });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
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

const CASES: Array<[string, FindingFilter]> = [];
for (const sort of ['lastSeen', 'firstSeen', 'severity', 'containment'] as const) {
  CASES.push([`sort ${sort} desc`, { sort }], [`sort ${sort} asc`, { sort, order: 'asc' }]);
}
CASES.push(
  ['status=open', { status: 'open' }],
  ['status=open, sort severity', { status: 'open', sort: 'severity' }],
  ['status=open|confirmed|notice-sent', { status: ['open', 'confirmed', 'notice-sent'] }],
  ['site=site-7.example', { site: 'site-7.example' }],
  ['rule=rule-3', { rule: 'rule-3' }],
  ['rule=rule-3, sort containment', { rule: 'rule-3', sort: 'containment' }],
  ['rule=rule-rare', { rule: 'rule-rare' }],
  ['status=notice-sent|resolved, sort containment', { status: ['notice-sent', 'resolved'], sort: 'containment' }],
  ['severity>=high', { severity: 'high' }],
  ['since 2024-03-01', { since: '2024-03-01' }],
  ['articleId=77', { articleId: '77' }],
);

/** Per case: matching rows, then first page, middle page, page near the end and count ms; then the summaries. */
async function measure(
  name: string,
  store: Store,
  concurrency: number,
  settle?: () => Promise<void>,
): Promise<{ rows: Map<string, string[]>; summary: string }> {
  const t0 = performance.now();
  await fill(store, concurrency);
  console.log(`${name}: filled ${total} findings through the ports in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await settle?.();
  const rows = new Map<string, string[]>();
  for (const [label, filter] of CASES) {
    const count = await store.findings.count(filter);
    const mid = await cursorAt(store, filter, Math.floor(count / 2));
    const end = await cursorAt(store, filter, Math.max(0, count - 100));
    rows.set(label, [
      String(count),
      (await median(() => store.findings.list({ ...filter, limit: 50 }))).toFixed(2),
      (await median(() => store.findings.list({ ...filter, limit: 50, cursor: mid }))).toFixed(2),
      (await median(() => store.findings.list({ ...filter, limit: 50, cursor: end }))).toFixed(2),
      (await median(() => store.findings.count(filter))).toFixed(2),
    ]);
  }
  const summary = `sites(): ${(await median(() => store.findings.sites(), 5)).toFixed(1)} ms; perDay(30): ${(await median(() => store.findings.perDay(30, '2024-03-31T00:00:00.000Z'))).toFixed(2)} ms; forRecheck(): ${(await median(() => store.findings.forRecheck(), 3)).toFixed(0)} ms`;
  return { rows, summary };
}

// Run as a script (bench/bench-server.ts imports the seeding above).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results: Array<{ name: string; rows: Map<string, string[]>; summary: string }> = [];
  const dir = mkdtempSync(join(tmpdir(), 'copywatch-bench-store-'));
  try {
    const store = await openSqliteStore({ path: keep ?? join(dir, 'bench.db') });
    results.push({ name: 'sqlite', ...(await measure('sqlite', store, 1)) });
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (pgUrl) {
    const schema = `cw_bench_${process.pid}`;
    const admin = new Client({ connectionString: pgUrl });
    await admin.connect();
    try {
      const store = await openPostgresStore({ url: pgUrl, schema });
      // Measured in the steady state autovacuum keeps: planner statistics current, visibility map set
      // (right after a bulk fill, counts scan the heap and some plans follow stale statistics).
      const settle = async () => {
        for (const table of ['findings', 'finding_rules']) await admin.query(`VACUUM ANALYZE "${schema}".${table}`);
      };
      results.push({ name: 'postgres', ...(await measure('postgres', store, 8, settle)) });
      await store.close();
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
  }

  const both = results.length > 1 ? ` (${results.map((r) => r.name).join(' / ')})` : '';
  const table: string[][] = [
    ['list (pages of 50)', 'matching rows', `first page ms${both}`, `middle page ms${both}`, `page 100 rows from the end ms${both}`, `count ms${both}`],
  ];
  for (const [label] of CASES) {
    const cells = results.map((r) => r.rows.get(label) ?? []);
    // Matching rows are the same in every store (the same findings); the times side by side.
    table.push([label, cells[0][0], ...[1, 2, 3, 4].map((i) => cells.map((c) => c[i]).join(' / '))]);
  }
  for (const row of table) console.log(`| ${row.join(' | ')} |`);
  for (const r of results) console.log(`${r.name}: ${r.summary}`);
}
