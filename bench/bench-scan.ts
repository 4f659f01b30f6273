/**
 * A scan at scale: `copywatch scan` over a generated target of 20,000 story pages (one in 20 a
 * copy of a corpus article, whole or half) against a corpus of 100,000 synthetic articles, on the
 * fixture web served by a child process (a real second process, as a real web would be).
 *
 * 1. Seed (own process): the corpus is written straight into the store through its ports
 *    (articles.upsert with the fingerprints of indexEntryFor, then the corpus snapshot), not
 *    crawled: indexing 100,000 pages by crawling would measure the index job, not the scan.
 * 2. Scan (own process, so its peak RSS is its own): the corpus snapshot loaded, a fetch-only
 *    crawl of the same site (the crawler alone, nothing judged or stored) as the baseline, then
 *    runScan with stage timings; the findings are checked against the planted copies.
 *
 * Politeness is off (delayMs 0, 16 requests in flight, 16 per host) so that the figures are the
 * machine's, not a crawl delay's. Run: node --import tsx bench/bench-scan.ts; the size comes from
 * BENCH_SCAN_PAGES and BENCH_SCAN_CORPUS (default 20000 and 100000); BENCH_SCAN_PROFILE=DIR writes
 * a CPU profile of the scan process there.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Crawler } from '../src/crawl/index.ts';
import { warmHanFold } from '../src/fingerprint/index.ts';
import { openApp } from '../src/scan/app.ts';
import { runScan } from '../src/scan/jobs.ts';
import { BetterSqlite3 } from '../src/store/sqlite/driver.ts';
import type { StageTimings } from '../src/scan/judge.ts';
import { demoConfig } from '../tests/support/demo.ts';
import { FIXTURE_HOSTS } from '../tests/support/web/index.ts';
import { SCAN_COPY_EVERY, scanCorpusArticle, scanPagePlan, scanPlanted, scanStartUrl } from '../tests/support/web/sites/generated.ts';
import { startServerProcess } from './bench-crawl.ts';
import { corpusArticle, corpusRecord } from './lib/synthetic-corpus.ts';

const SELF = fileURLToPath(import.meta.url);
const CONCURRENCY = 16;
const TARGET = 'bench-scan';
/** The stages scanPage times, in the order a page goes through them. */
const STAGES = ['extract', 'fingerprint', 'match', 'rules', 'store'] as const;

export interface SeedResult {
  articles: number;
  seconds: number;
  /** Generating the synthetic texts (the benchmark's own cost). */
  generateSeconds: number;
  /** preparePage + indexEntryFor (articleForStore). */
  fingerprintSeconds: number;
  /** articles.upsert, one transaction each. */
  storeSeconds: number;
  /** Corpus.put (the in-memory index) and saving the snapshot. */
  indexSeconds: number;
  peakRssMb: number;
}

export interface ScanRunResult {
  storyPages: number;
  corpus: number;
  corpusLoadSeconds: number;
  fetchOnly: { pages: number; seconds: number; cpuSeconds: number; idleSeconds: number };
  pagesFetched: number;
  failed: number;
  skipped: number;
  scanSeconds: number;
  cpuSeconds: number;
  /** Time the event loop sat idle waiting for I/O (the network) during the scan. */
  idleSeconds: number;
  /** ms per stage, summed over the scan's pages. */
  stages: Record<string, number>;
  planted: number;
  findingsNew: number;
  findingsStored: number;
  /** What does not agree with the planted copies (empty when the scan is right). */
  wrong: string[];
  peakRssMb: number;
}

export interface ScanBenchResult {
  seed: SeedResult;
  scan: ScanRunResult;
  dbAfterSeedBytes: number;
  dbAfterScanBytes: number;
  /** Bytes per table and index after the seed and after the scan (SQLite dbstat). */
  tablesAfterSeed: Record<string, number>;
  tablesAfterScan: Record<string, number>;
}

export function scanScale(): { pages: number; corpus: number } {
  return { pages: Number(process.env.BENCH_SCAN_PAGES ?? 20_000), corpus: Number(process.env.BENCH_SCAN_CORPUS ?? 100_000) };
}

const secondsSince = (t: number) => (performance.now() - t) / 1000;

// ---------------------------------------------------------------- in the seed process

async function seedHere(configPath: string, corpusSize: number): Promise<SeedResult> {
  warmHanFold();
  const app = await openApp(configPath);
  const corpus = await app.corpus();
  await corpus.invalidate();
  const at = new Date().toISOString();
  let generateMs = 0,
    fingerprintMs = 0,
    storeMs = 0,
    indexMs = 0;
  const started = performance.now();
  for (let n = 0; n < corpusSize; n++) {
    const t0 = performance.now();
    const article = corpusArticle(n);
    const t1 = performance.now();
    const { page, entry, input } = corpusRecord(article);
    const t2 = performance.now();
    const { id } = await app.store.articles.upsert(input, at);
    const t3 = performance.now();
    corpus.put(id, page, { ...entry, id });
    indexMs += performance.now() - t3;
    generateMs += t1 - t0;
    fingerprintMs += t2 - t1;
    storeMs += t3 - t2;
  }
  const t = performance.now();
  await corpus.save();
  indexMs += performance.now() - t;
  await app.close();
  return {
    articles: corpusSize,
    seconds: secondsSince(started),
    generateSeconds: generateMs / 1000,
    fingerprintSeconds: fingerprintMs / 1000,
    storeSeconds: storeMs / 1000,
    indexSeconds: indexMs / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

// ---------------------------------------------------------------- in the scan process

async function scanHere(configPath: string, pages: number, corpusSize: number): Promise<ScanRunResult> {
  const app = await openApp(configPath);
  let t = performance.now();
  const corpus = await app.corpus();
  const corpusLoadSeconds = secondsSince(t);
  if (corpus.size !== corpusSize) throw new Error(`the corpus holds ${corpus.size} articles, expected ${corpusSize}`);
  const site = app.config.targets.find((s) => s.name === TARGET)!;

  // Baseline: the same pages fetched by the crawler alone (same settings), nothing judged or stored.
  const crawler = new Crawler(app.config.crawler);
  let fetched = 0;
  let cpu = process.cpuUsage();
  let elu = performance.eventLoopUtilization();
  t = performance.now();
  await crawler.crawl(site, (e) => {
    if (e.type === 'page') fetched++;
  });
  const fetchOnly = { pages: fetched, seconds: secondsSince(t), cpuSeconds: cpuSeconds(cpu), idleSeconds: performance.eventLoopUtilization(elu).idle / 1000 };
  await crawler.close();

  // runScan passes its options on to the job's frame (run-job.ts), timings included.
  const timings: StageTimings = {};
  const options = { target: TARGET, timings };
  cpu = process.cpuUsage();
  elu = performance.eventLoopUtilization();
  t = performance.now();
  const scan = await runScan(app, options);
  const scanSeconds = secondsSince(t);
  const scanCpu = cpuSeconds(cpu);
  const idleSeconds = performance.eventLoopUtilization(elu).idle / 1000;

  // Correctness: one finding per planted copy, on its page, of its original, with its verdict.
  const wrong: string[] = [];
  if (scan.status !== 'done') wrong.push(`the scan ended ${scan.status}${scan.error ? `: ${scan.error}` : ''}`);
  if (!Object.keys(timings).length) wrong.push('no stage timings were recorded (runScan no longer passes options.timings to the job)');
  const planted = scanPlanted(pages, corpusSize);
  const seen = new Set<string>();
  let stored = 0;
  let cursor: string | undefined;
  do {
    const page = await app.store.findings.list({ limit: 500, cursor });
    for (const f of page.items) {
      stored++;
      const n = Number(/\/p\/(\d+)\.html$/.exec(f.url)?.[1] ?? -1);
      const expected = planted.get(f.url);
      const plan = scanPagePlan(corpusSize, n);
      if (expected === undefined || !plan) wrong.push(`a finding on a page that copies nothing: ${f.url}`);
      else if (f.articleUrl !== scanCorpusArticle(expected).url)
        wrong.push(`${f.url}: finding names ${f.articleUrl}, expected ${scanCorpusArticle(expected).url}`);
      else if (f.verdict !== (plan.kind === 'excerpt' ? 'partial' : 'full')) wrong.push(`${f.url}: verdict ${f.verdict} for a ${plan.kind} copy`);
      seen.add(f.url);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const missed = [...planted.keys()].filter((u) => !seen.has(u));
  if (missed.length) wrong.push(`${missed.length} planted copies without a finding, e.g. ${missed.slice(0, 3).join(', ')}`);
  await app.close();
  return {
    storyPages: pages,
    corpus: corpusSize,
    corpusLoadSeconds,
    fetchOnly,
    pagesFetched: scan.counts.pagesFetched,
    failed: scan.counts.failed,
    skipped: scan.counts.skipped,
    scanSeconds,
    cpuSeconds: scanCpu,
    idleSeconds,
    stages: timings,
    planted: planted.size,
    findingsNew: scan.counts.findingsNew,
    findingsStored: stored,
    wrong: wrong.slice(0, 20),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

// ---------------------------------------------------------------- the parent

function runChild<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const profile = process.env.BENCH_SCAN_PROFILE && args[0] === '--scan' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SCAN_PROFILE}`] : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', SELF, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`bench-scan ${args[0]} exited ${code}: ${out.slice(-2000)}`));
      else resolve(JSON.parse(last) as T);
    });
  });
}

function dbBytes(path: string): number {
  return [path, `${path}-wal`].reduce((sum, p) => sum + (existsSync(p) ? statSync(p).size : 0), 0);
}

function tableSizes(path: string): Record<string, number> {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    const rows = db.prepare<{ name: string; bytes: number }>('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all();
    return Object.fromEntries(rows.map((r) => [r.name, r.bytes]));
  } catch {
    return {}; // SQLite built without dbstat
  } finally {
    db.close();
  }
}

export async function benchScan(scale = scanScale()): Promise<ScanBenchResult> {
  const { pages, corpus } = scale;
  const { port, child } = await startServerProcess();
  const setup = demoConfig({ resolve: Object.fromEntries(FIXTURE_HOSTS.map((h) => [h, `127.0.0.1:${port}`])) }, (c) => {
    c.targets = [{ name: TARGET, startUrls: [scanStartUrl(pages, corpus)], include: ['/scan/'], maxDepth: 2, maxPages: pages + Math.ceil(pages / 100) + 10 }];
    c.licensees = [];
    c.crawler = { ...c.crawler, concurrency: CONCURRENCY, perHost: CONCURRENCY, delayMs: 0, retries: 2, timeoutMs: 15_000 };
  });
  try {
    const seed = await runChild<SeedResult>(['--seed', setup.configPath, String(corpus)]);
    const dbAfterSeedBytes = dbBytes(setup.dbPath);
    const tablesAfterSeed = tableSizes(setup.dbPath);
    const scan = await runChild<ScanRunResult>(['--scan', setup.configPath, String(pages), String(corpus)]);
    return { seed, scan, dbAfterSeedBytes, dbAfterScanBytes: dbBytes(setup.dbPath), tablesAfterSeed, tablesAfterScan: tableSizes(setup.dbPath) };
  } finally {
    child.kill();
    setup.cleanup();
  }
}

export function printScan(r: ScanBenchResult): void {
  const { seed, scan } = r;
  const n = (x: number, d = 0) => x.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d });
  const mb = (bytes: number) => n(bytes / 1024 / 1024, 1);
  console.log(
    `\nScan at scale: ${n(scan.storyPages)} target story pages (1 in ${SCAN_COPY_EVERY} a copy: ${n(scan.planted)} planted), a corpus of ${n(scan.corpus)} synthetic articles`,
  );
  console.log(
    `  politeness off: delayMs 0, concurrency ${CONCURRENCY}, perHost ${CONCURRENCY}; fixture web in a child process on loopback; SQLite store (WAL)`,
  );
  console.log(
    `  corpus seeded through the store ports, not crawled: ${n(seed.seconds, 1)} s (texts ${n(seed.generateSeconds, 1)} s, fingerprints ${n(seed.fingerprintSeconds, 1)} s, articles.upsert ${n(seed.storeSeconds, 1)} s, index + snapshot ${n(seed.indexSeconds, 1)} s), seed process peak RSS ${n(seed.peakRssMb)} MB`,
  );
  console.log(`  corpus snapshot loaded in ${n(scan.corpusLoadSeconds, 2)} s`);
  const pps = scan.pagesFetched / scan.scanSeconds;
  const fetchPps = scan.fetchOnly.pages / scan.fetchOnly.seconds;
  const findings = scan.findingsNew;
  console.log(
    `  scan          ${n(scan.pagesFetched)} pages (story pages + ${n(scan.pagesFetched - scan.storyPages)} index pages) in ${n(scan.scanSeconds, 1)} s: ${n(pps)} pages/s, ${n(findings / scan.scanSeconds, 1)} findings/s; CPU ${n(scan.cpuSeconds, 1)} s (${n((100 * scan.cpuSeconds) / scan.scanSeconds)}% of one core), ${n((1000 * scan.cpuSeconds) / scan.pagesFetched, 2)} ms/page`,
  );
  console.log(
    `  fetch only    ${n(scan.fetchOnly.pages)} pages in ${n(scan.fetchOnly.seconds, 1)} s: ${n(fetchPps)} pages/s, CPU ${n((1000 * scan.fetchOnly.cpuSeconds) / scan.fetchOnly.pages, 2)} ms/page (the crawler alone, same settings, same process)`,
  );
  console.log(`  ratio         scan ÷ fetch-only = ${n(pps / fetchPps, 2)} (1.0 would be bound by fetching)`);
  if (scan.failed || scan.skipped) console.log(`  ERROR: ${scan.failed} pages failed, ${scan.skipped} skipped`);
  const ok = !scan.wrong.length && findings === scan.planted && scan.findingsStored === scan.planted;
  console.log(
    `  findings      ${n(findings)} new, ${n(scan.findingsStored)} stored, ${n(scan.planted)} planted: ${ok ? 'each planted copy found once, on its page, of its original, with its verdict' : 'ERROR: the scan is wrong'}`,
  );
  for (const w of scan.wrong) console.log(`  ERROR: ${w}`);
  if (!ok) process.exitCode = 1;
  console.log(`  peak RSS      ${n(scan.peakRssMb)} MB (the scan process: corpus index, fetch-only crawl and scan)`);
  const grew = r.dbAfterScanBytes - r.dbAfterSeedBytes;
  console.log(
    `  database      ${mb(r.dbAfterScanBytes)} MB after the scan, ${mb(r.dbAfterSeedBytes)} MB of it the corpus (${n(r.dbAfterSeedBytes / scan.corpus)} bytes per article); the scan added ${mb(grew)} MB: ${n(grew / scan.pagesFetched)} bytes per page fetched`,
  );
  const added = Object.entries(r.tablesAfterScan)
    .map(([name, bytes]) => [name, bytes - (r.tablesAfterSeed[name] ?? 0)] as const)
    .filter(([, b]) => b > 0)
    .sort((a, b) => b[1] - a[1]);
  const sum = (re: RegExp) => added.filter(([k]) => re.test(k)).reduce((s, [, b]) => s + b, 0);
  if (added.length) {
    console.log(
      `                added per table and index (dbstat): ${added
        .slice(0, 8)
        .map(([k, b]) => `${k} ${mb(b)}`)
        .join(', ')} MB`,
    );
    console.log(
      `                fetch state ${n(sum(/fetch_state/) / scan.pagesFetched)} bytes per page; evidence and findings ${n(sum(/evidence|finding/) / Math.max(1, findings))} bytes per finding`,
    );
  }
  const staged = STAGES.reduce((s, k) => s + (scan.stages[k] ?? 0), 0);
  const wallMs = scan.scanSeconds * 1000;
  const idleMs = scan.idleSeconds * 1000;
  const rows = [
    ...STAGES.map((k) => [k, scan.stages[k] ?? 0] as const),
    ['crawler and the rest (thread busy)', wallMs - staged - idleMs] as const,
    ['waiting for the network (thread idle)', idleMs] as const,
  ];
  console.log(`  share of the scan's wall time per stage (one thread fetches and judges, one page at a time; idle = event loop waiting for I/O):`);
  for (const [k, ms] of rows)
    console.log(`    ${k.padEnd(40)} ${n(ms / 1000, 1).padStart(7)} s  ${n((100 * ms) / wallMs, 1).padStart(5)}%  ${n(ms / scan.pagesFetched, 3)} ms/page`);
  console.log(`  the fetch-only crawl's thread was idle ${n((100 * scan.fetchOnly.idleSeconds) / scan.fetchOnly.seconds)}% of its time`);
}

if (process.argv[2] === '--seed') {
  process.stdout.write(`${JSON.stringify(await seedHere(process.argv[3], Number(process.argv[4])))}\n`);
  process.exit(0);
} else if (process.argv[2] === '--scan') {
  process.stdout.write(`${JSON.stringify(await scanHere(process.argv[3], Number(process.argv[4]), Number(process.argv[5])))}\n`);
  process.exit(0);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  printScan(await benchScan());
  process.exit(0);
}
