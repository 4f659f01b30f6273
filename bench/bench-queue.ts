/**
 * The job queue on PostgreSQL (prints figures; no pass/fail):
 * 1. Scan throughput with one and with two `copywatch worker` processes on loopback: a generated
 *    target (default 1,000 story pages, one in 20 a copy) against a corpus of synthetic articles
 *    (default 2,000, written through the store's ports), the fixture web in a child process,
 *    politeness off. The ratio is the figure; the machine's cores bound it.
 * 2. Queue latency, enqueue → start (pg-boss's created_on → started_on, the database's clock):
 *    on an idle worker (one-page scans, one after another) at the default pollMs 500 and at 100,
 *    and inside the throughput runs (where it is mostly the backlog).
 * 3. The corpus at scale on PostgreSQL (default 1,000,000 articles): the synthetic articles plus
 *    filler rows generated inside PostgreSQL (random fingerprints, 48 per article, and a random
 *    simhash: they take the index's room and never match); the index load time in a worker
 *    (rebuilt from the fingerprints, then from a saved snapshot), its RSS, and check latency
 *    (candidates, originals read from PostgreSQL, alignment) over 2,000 suspect texts.
 *
 * node --import tsx bench/bench-queue.ts [--pages N] [--corpus N] [--articles N] [--skip-scale]
 * (COPYWATCH_PG_URL or postgres://postgres@127.0.0.1:5432/test; its schemas are dropped after.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Article } from '../src/domain/index.ts';
import { warmHanFold } from '../src/fingerprint/index.ts';
import { candidatesFor, preparePage, verify } from '../src/match/index.ts';
import { openApp, type App } from '../src/scan/app.ts';
import { Corpus } from '../src/scan/corpus.ts';
import { runScanJob } from '../src/queue/scan-job.ts';
import { demoConfig, REPO, type DemoSetup } from '../tests/support/demo.ts';
import { FIXTURE_HOSTS } from '../tests/support/web/index.ts';
import { scanCorpusArticle, scanStartUrl } from '../tests/support/web/sites/generated.ts';
import { syntheticArticle } from './engine/synthetic.ts';
import { startServerProcess } from './bench-crawl.ts';
import { corpusArticle, corpusRecord } from './lib/synthetic-corpus.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const PAGES = opt('pages', 1000);
const CORPUS = opt('corpus', 2000);
const ARTICLES = opt('articles', 1_000_000);
const SKIP_SCALE = args.includes('--skip-scale');
const PG_URL = process.env.COPYWATCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
const RUN = `cwbench_${Date.now().toString(36)}`;

const n = (x: number, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const admin = new pg.Client({ connectionString: PG_URL });
const schemas: string[] = [];
const children: ChildProcess[] = [];
const setups: DemoSetup[] = [];

function setup(resolve: Record<string, string>, schema: string, edit: (c: Record<string, any>) => void = () => {}): DemoSetup {
  schemas.push(schema);
  const made = demoConfig({ resolve }, (c) => {
    c.storage = { postgres: { url: PG_URL, schema } };
    c.queue = { enabled: true, pollMs: 100, jobTimeoutSec: 60, retryLimit: 2, batch: 8, corpusRefreshMs: 5000 };
    c.crawler = { ...c.crawler, delayMs: 0, concurrency: 16, perHost: 16 };
    c.targets = [{ name: 'bench-queue', startUrls: [scanStartUrl(PAGES, CORPUS)], maxDepth: 3, maxPages: PAGES + 100 }];
    edit(c);
  });
  setups.push(made);
  return made;
}

async function seed(app: App, count: number): Promise<number> {
  warmHanFold();
  const at = new Date().toISOString();
  const started = performance.now();
  for (let i = 0; i < count; i++) await app.store.articles.upsert(corpusRecord(corpusArticle(i)).input, at);
  return (performance.now() - started) / 1000;
}

function startWorker(configPath: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(REPO, 'bin/copywatch.js'), '--config', configPath, 'worker', '--no-schedules'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
      if (/articles in the corpus/.test(err)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${err}`)));
  });
}

/** CPU seconds a live child process has used (Linux /proc; NaN elsewhere). */
function cpuSeconds(child: ChildProcess): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** CPU seconds PostgreSQL's server processes have used in all (Linux /proc; NaN elsewhere). */
function postgresCpuSeconds(): number {
  let total = 0;
  try {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (!/\((postgres|postmaster)\)/.test(stat)) continue;
        const fields = stat.split(') ')[1].split(' ');
        total += (Number(fields[11]) + Number(fields[12])) / 100;
      } catch {
        /* gone */
      }
    }
    return total;
  } catch {
    return NaN;
  }
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((r) => {
          w.once('exit', () => r());
          w.kill('SIGTERM');
        }),
    ),
  );
}

async function latencies(schema: string, scanId: number): Promise<number[]> {
  const { rows } = await admin.query(
    `SELECT EXTRACT(EPOCH FROM (started_on - created_on)) * 1000 AS ms FROM "${schema}_boss".job
    WHERE (data->>'scan')::bigint = $1 AND started_on IS NOT NULL`,
    [scanId],
  );
  return rows.map((r) => Number(r.ms));
}

async function throughput(resolve: Record<string, string>): Promise<void> {
  const schema = `${RUN}_tp`;
  const s = setup(resolve, schema);
  const app = await openApp(s.configPath);
  const seedSeconds = await seed(app, CORPUS);
  console.log(`  corpus: ${n(CORPUS)} synthetic articles written through the ports in ${n(seedSeconds, 1)} s`);
  const results: Array<{ workers: number; seconds: number; pages: number; findings: number }> = [];
  for (const count of [1, 2]) {
    await admin.query(`TRUNCATE "${schema}".findings, "${schema}".finding_events, "${schema}".evidence, "${schema}".fetch_state CASCADE`);
    const workers = await Promise.all(Array.from({ length: count }, () => startWorker(s.configPath)));
    const cpu0 = workers.map(cpuSeconds);
    const pg0 = postgresCpuSeconds();
    // Sampled every 50 ms: copywatch's backends waiting for a lock another holds (contention between workers).
    const sampler = new pg.Client({ connectionString: PG_URL });
    await sampler.connect();
    let samples = 0,
      waiting = 0,
      active = 0;
    const waits = new Map<string, number>();
    let sampling = true;
    const sampled = (async () => {
      while (sampling) {
        const { rows } = await sampler.query(`SELECT wait_event_type AS type, wait_event AS event, state, regexp_replace(left(query, 70), '\\s+', ' ', 'g') AS q
          FROM pg_stat_activity WHERE application_name LIKE 'copywatch%'`);
        samples++;
        for (const r of rows) {
          if (r.state === 'active') active++;
          if (r.type === 'Lock') {
            waiting++;
            const key = `${r.event}: ${r.q}`;
            waits.set(key, (waits.get(key) ?? 0) + 1);
          }
        }
        await sleep(50);
      }
    })();
    const scan = await runScanJob(app);
    sampling = false;
    await sampled;
    await sampler.end();
    const workerCpu = workers.map(cpuSeconds).reduce((a, b, i) => a + b - cpu0[i], 0);
    const pgCpu = postgresCpuSeconds() - pg0;
    const seconds = (Date.parse(scan.endedAt!) - Date.parse(scan.startedAt)) / 1000;
    const lat = await latencies(schema, scan.id);
    results.push({ workers: count, seconds, pages: scan.counts.pagesFetched, findings: scan.counts.findingsNew });
    console.log(
      `  ${count} worker${count > 1 ? 's' : ' '} (8 jobs each): ${n(scan.counts.pagesFetched)} pages in ${n(seconds, 1)} s = ${n(scan.counts.pagesFetched / seconds, 1)} pages/s, ` +
        `${n(scan.counts.findingsNew)} findings; CPU per page: workers ${n((1000 * workerCpu) / scan.counts.pagesFetched, 1)} ms, PostgreSQL ${n((1000 * pgCpu) / scan.counts.pagesFetched, 1)} ms; ` +
        `backends of copywatch active / waiting for a lock, mean of ${samples} samples: ${n(active / samples, 2)} / ${n(waiting / samples, 2)}; ` +
        `enqueue → start under load p50 ${n(pct(lat, 50))} ms, p99 ${n(pct(lat, 99))} ms (the backlog)`,
    );
    const top = [...waits].sort((a, b) => b[1] - a[1]).slice(0, 3);
    if (top.length) console.log(`    most waited on: ${top.map(([k, v]) => `${k} (${v})`).join('; ')}`);
    await stopWorkers(workers);
  }
  const [one, two] = results;
  console.log(
    `  ratio two / one workers: ${n(two.pages / two.seconds / (one.pages / one.seconds), 2)}× (${n((await import('node:os')).cpus().length)} cores on this machine, shared)`,
  );

  // Idle latency: one-page scans, one after another, on one idle worker.
  for (const pollMs of [500, 100]) {
    const idle = setup(resolve, `${RUN}_lat${pollMs}`, (c) => {
      c.queue.pollMs = pollMs;
      c.targets = [{ name: 'one-page', startUrls: [scanStartUrl(PAGES, CORPUS).replace(/\/$/, '/p/1.html')], maxDepth: 0, maxPages: 1 }];
    });
    const a = await openApp(idle.configPath);
    await seed(a, 20);
    const [w] = [await startWorker(idle.configPath)];
    const samples: number[] = [];
    for (let i = 0; i < 40; i++) {
      await admin.query(`TRUNCATE "${idle.config.storage.postgres.schema}".fetch_state`);
      await sleep(Math.random() * pollMs); // arrive at any point of the worker's polling
      const scan = await runScanJob(a);
      samples.push(...(await latencies(idle.config.storage.postgres.schema, scan.id)));
    }
    console.log(`  idle worker, pollMs ${pollMs}: enqueue → start p50 ${n(pct(samples, 50))} ms, p99 ${n(pct(samples, 99))} ms (${samples.length} jobs)`);
    await stopWorkers([w]);
    await a.close();
  }
  await app.close();
}

async function scale(): Promise<void> {
  const schema = `${RUN}_scale`;
  const s = setup({}, schema);
  const app = await openApp(s.configPath);
  const real = Math.min(CORPUS, ARTICLES);
  await seed(app, real);
  const filler = ARTICLES - real;
  let t = performance.now();
  const step = 100_000;
  const md5s = Array.from({ length: 12 }, (_, k) => `md5(i::text || '${String.fromCharCode(97 + k)}')`).join(' || ');
  for (let from = 1; from <= filler; from += step) {
    const to = Math.min(filler, from + step - 1);
    await admin.query(
      `INSERT INTO "${schema}".articles (url, canonical_url, source, title, byline, published_at, credit, lang, text, paragraphs, notices,
      chrome, simhash, fingerprints, units, content_hash, body_sha256, first_seen, last_seen)
      SELECT 'https://filler.example/' || i, NULL, 'filler', 't', NULL, NULL, NULL, 'zh', 'x', '[]', '[]', ''::bytea, substr(md5(i::text || 's'), 1, 16),
        decode(${md5s}, 'hex'), 1500, hashtext(i::text)::bigint, md5(i::text), '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'
      FROM generate_series($1::int, $2::int) AS i`,
      [from, to],
    );
  }
  await admin.query(`VACUUM ANALYZE "${schema}".articles`);
  const size = (await admin.query(`SELECT pg_total_relation_size('"${schema}".articles') AS b`)).rows[0].b;
  console.log(
    `  ${n(ARTICLES)} articles (${n(real)} synthetic + ${n(filler)} filler generated in PostgreSQL in ${n((performance.now() - t) / 1000, 1)} s); articles table ${n(Number(size) / 1024 / 1024)} MB`,
  );

  const rss0 = process.memoryUsage().rss;
  t = performance.now();
  let corpus = await Corpus.load(app.store);
  const rebuild = (performance.now() - t) / 1000;
  global.gc?.();
  const rss = process.memoryUsage().rss;
  t = performance.now();
  await corpus.save();
  const save = (performance.now() - t) / 1000;
  const snapshot = (await app.store.getBlob('corpus-index'))?.length ?? 0;
  corpus = null as unknown as Corpus;
  t = performance.now();
  corpus = await Corpus.load(app.store);
  const fromSnapshot = (performance.now() - t) / 1000;
  console.log(
    `  index load in a worker: rebuilt from the fingerprints ${n(rebuild, 1)} s (RSS +${n((rss - rss0) / 1024 / 1024)} MB), ` +
      `from the saved snapshot ${n(fromSnapshot, 1)} s (${n(snapshot / 1024 / 1024)} MB; saving it took ${n(save, 1)} s); ${n(corpus.size)} articles`,
  );

  // Checks: full copies, 50% excerpts inside other text, unrelated texts (the suspects' own texts).
  const times: number[] = [];
  let right = 0;
  const idOf = new Map<string, string>();
  for (let cursor: string | undefined; ;) {
    const page = await app.store.articles.list({ limit: 500, cursor });
    for (const a of page.items) idOf.set(a.url, a.id);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  for (let i = 0; i < 2000; i++) {
    const k = (i * 7919 + 3) % real;
    const original = scanCorpusArticle(k).text;
    const own = syntheticArticle(1_000_000_000 + i);
    const kind = i % 3;
    const text =
      kind === 0 ? original : kind === 1 ? `${own.slice(0, 600)}\n${original.slice(0, Math.floor(original.length / 2))}\n${own.slice(600, 1200)}` : own;
    const want = idOf.get(scanCorpusArticle(k).url);
    const article: Article = {
      url: `https://suspect.example/${i}`,
      title: null,
      byline: null,
      publishedAt: null,
      credit: null,
      text,
      paragraphs: text.split('\n'),
      lang: 'zh-Hans',
      charset: 'utf-8',
      canonicalUrl: null,
      notices: [],
      links: [],
    };
    const t0 = performance.now();
    const prepared = preparePage(article);
    const candidates = candidatesFor(corpus.index, prepared);
    const originals = await Promise.all(candidates.map((c) => corpus.original(c.id)));
    const matches = verify(candidates, originals, prepared, { thresholds: app.config.matching.thresholds, publisher: app.settings.publisher });
    times.push(performance.now() - t0);
    const found = matches.some((m) => m.articleId === want);
    if ((kind === 2) === !found) right++;
  }
  console.log(
    `  check at ${n(ARTICLES)} articles (2,000 suspects: prepare + candidates + originals read from PostgreSQL + alignment): p50 ${n(pct(times, 50), 2)} ms, p99 ${n(pct(times, 99), 2)} ms, right ${n((100 * right) / 2000, 1)}%`,
  );
  await app.close();
}

async function main(): Promise<void> {
  await admin.connect();
  const server = await startServerProcess();
  children.push(server.child);
  const resolve = Object.fromEntries(FIXTURE_HOSTS.map((h) => [h, `127.0.0.1:${server.port}`]));
  try {
    console.log(`bench-queue: PostgreSQL ${PG_URL.replace(/:[^:@/]*@/, '@')}, target ${n(PAGES)} pages, corpus ${n(CORPUS)} articles`);
    await throughput(resolve);
    if (!SKIP_SCALE) await scale();
  } finally {
    for (const c of children) c.kill('SIGKILL');
    for (const s of schemas) {
      await admin.query(`DROP SCHEMA IF EXISTS "${s}_boss" CASCADE`).catch(() => undefined);
      await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`).catch(() => undefined);
    }
    await admin.end();
    for (const s of setups) s.cleanup();
  }
}

await main();
