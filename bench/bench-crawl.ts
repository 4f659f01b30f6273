/**
 * Crawler benchmarks, printed as figures (no pass/fail):
 * 1. end-to-end throughput on the fixture web with politeness off: fetch, decode, extract and a
 *    stand-in fingerprint (SHA-256 of the text) per page; pages/s, CPU per page, peak RSS, and the
 *    ratio to a bare undici request loop over the same URLs doing the same work, in the same run;
 * 2. politeness on: the intervals the server saw between requests to a host, against delayMs and
 *    a robots.txt Crawl-delay;
 * 3. a crawl of 100,000 URLs in a process of its own: peak RSS.
 * The fixture server runs in a child process for 1 and 3, so its CPU and memory are not counted.
 *
 * Run: node --import tsx bench/bench-crawl.ts [--skip-big]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { Crawler } from '../src/crawl/index.ts';
import { extract } from '../src/extract/index.ts';
import { BIG_PAGES_PER_SECTION, BIG_SECTIONS, FIXTURE_HOSTS, GENERATED_HOSTS, startFixtureWeb } from '../tests/support/web/index.ts';

const SERVE = fileURLToPath(new URL('../tests/support/web/serve.ts', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const CONCURRENCY = 16;
/** Rounds of the throughput comparison (medians are reported). */
const ROUNDS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export interface ThroughputResult {
  pages: number;
  rounds: number;
  crawlerMs: number;
  crawlerPagesPerSecond: number;
  crawlerCpuMsPerPage: number;
  bareMs: number;
  barePagesPerSecond: number;
  bareCpuMsPerPage: number;
  /** crawler time / bare loop time, both doing fetch + extract + hash. */
  overheadRatio: number;
  /** The same ratio with no work per page (fetching alone). */
  fetchOnlyRatio: number;
  peakRssMb: number;
}

export interface PolitenessResult {
  host: string;
  expectedMs: number;
  requests: number;
  minMs: number;
  medianMs: number;
  maxMs: number;
  /** Share of intervals within 10% of what was asked (or longer: the crawler never goes faster). */
  withinTenPercent: number;
  faster: number;
}

export interface BigCrawlResult {
  urls: number;
  pages: number;
  seconds: number;
  peakRssMb: number;
}

export interface CrawlBenchResult {
  throughput: ThroughputResult;
  politeness: PolitenessResult[];
  big: BigCrawlResult | null;
}

export async function startServerProcess(): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /fixture web on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`fixture server exited (${code})`)));
  });
  return { port, child };
}

function work(body: Uint8Array, contentType: string | null, url: string): void {
  const result = extract(body, { contentType, url });
  if (result.ok) createHash('sha256').update(result.article.text).digest('hex');
}

function rssSampler(): { stop: () => number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss) / 1024 / 1024;
    },
  };
}

async function crawlOnce(resolve: Record<string, string>, withWork: boolean): Promise<{ ms: number; cpuMs: number; urls: Array<{ url: string }> }> {
  const crawler = new Crawler({ resolve, delayMs: 0, concurrency: CONCURRENCY, perHost: CONCURRENCY, timeoutMs: 15_000 });
  const urls: Array<{ url: string }> = [];
  const cpu = process.cpuUsage();
  const t = performance.now();
  await crawler.crawl({ name: 'bench', startUrls: [`http://${GENERATED_HOSTS.bench}/`], maxDepth: 2, maxPages: 100_000 }, (e) => {
    if (e.type !== 'page') return;
    urls.push({ url: e.page.finalUrl });
    if (withWork) work(e.page.body, e.page.contentType, e.page.finalUrl);
  });
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  await crawler.close();
  return { ms, cpuMs: (used.user + used.system) / 1000, urls };
}

async function bareOnce(port: number, urls: Array<{ url: string }>, withWork: boolean): Promise<{ ms: number; cpuMs: number }> {
  const agent = new Agent({ connections: CONCURRENCY });
  let next = 0;
  const cpu = process.cpuUsage();
  const t = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < urls.length) {
        const u = new URL(urls[next++].url);
        const res = await request(`http://127.0.0.1:${port}${u.pathname}${u.search}`, {
          dispatcher: agent,
          headers: { host: u.host, 'accept-encoding': 'identity' },
        });
        const body = new Uint8Array(await res.body.arrayBuffer());
        if (withWork) work(body, String(res.headers['content-type'] ?? ''), u.href);
      }
    }),
  );
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  await agent.close();
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

export async function benchThroughput(): Promise<ThroughputResult> {
  const { port, child } = await startServerProcess();
  const resolve = Object.fromEntries(FIXTURE_HOSTS.map((h) => [h, `127.0.0.1:${port}`]));
  try {
    const rss = rssSampler();
    await crawlOnce(resolve, true); // warm-up: JIT, connections, the server's caches
    // Alternating rounds, medians: one round's wall time swings with whatever else the two cores do.
    const rounds = {
      fetchOnly: [] as number[],
      bareFetchOnly: [] as number[],
      crawled: [] as number[],
      bare: [] as number[],
      crawledCpu: [] as number[],
      bareCpu: [] as number[],
    };
    let n = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const fetchOnly = await crawlOnce(resolve, false);
      rounds.fetchOnly.push(fetchOnly.ms);
      rounds.bareFetchOnly.push((await bareOnce(port, fetchOnly.urls, false)).ms);
      const crawled = await crawlOnce(resolve, true);
      const bare = await bareOnce(port, crawled.urls, true);
      n = crawled.urls.length;
      rounds.crawled.push(crawled.ms);
      rounds.crawledCpu.push(crawled.cpuMs);
      rounds.bare.push(bare.ms);
      rounds.bareCpu.push(bare.cpuMs);
    }
    const crawledMs = median(rounds.crawled);
    const bareMs = median(rounds.bare);
    return {
      pages: n,
      rounds: ROUNDS,
      crawlerMs: crawledMs,
      crawlerPagesPerSecond: n / (crawledMs / 1000),
      crawlerCpuMsPerPage: median(rounds.crawledCpu) / n,
      bareMs,
      barePagesPerSecond: n / (bareMs / 1000),
      bareCpuMsPerPage: median(rounds.bareCpu) / n,
      overheadRatio: crawledMs / bareMs,
      fetchOnlyRatio: median(rounds.fetchOnly) / median(rounds.bareFetchOnly),
      peakRssMb: rss.stop(),
    };
  } finally {
    child.kill();
  }
}

function intervals(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]);
}

export async function benchPoliteness(): Promise<PolitenessResult[]> {
  const web = await startFixtureWeb();
  try {
    const delayMs = 100;
    const crawler = new Crawler({ resolve: web.resolve, delayMs, concurrency: 8, perHost: 1, timeoutMs: 10_000 });
    await Promise.all([
      crawler.crawl({ name: 'delay', startUrls: [`http://${GENERATED_HOSTS.bench}/idx/0`], maxDepth: 1, maxPages: 40 }, () => {}),
      crawler.crawl({ name: 'crawl-delay', startUrls: [`http://${GENERATED_HOSTS.polite}/idx/1`], maxDepth: 1, maxPages: 16 }, () => {}),
    ]);
    await crawler.close();
    return [
      [GENERATED_HOSTS.bench, delayMs],
      [GENERATED_HOSTS.polite, 250],
    ].map(([host, expected]) => {
      // from the first page request on (robots.txt comes before the Crawl-delay is known)
      const times = web.requests.filter((r) => r.host === host && r.path !== '/robots.txt').map((r) => r.time);
      const gaps = intervals(times).sort((a, b) => a - b);
      const e = Number(expected);
      return {
        host: String(host),
        expectedMs: e,
        requests: times.length,
        minMs: gaps[0],
        medianMs: gaps[Math.floor(gaps.length / 2)],
        maxMs: gaps[gaps.length - 1],
        withinTenPercent: gaps.filter((g) => g >= e * 0.9).length / gaps.length,
        faster: gaps.filter((g) => g < e * 0.9).length,
      };
    });
  } finally {
    await web.close();
  }
}

/** The 100,000-URL crawl, run in this process (call it in a child process for a clean peak RSS). */
export async function bigCrawlHere(port: number): Promise<BigCrawlResult> {
  const resolve = Object.fromEntries(FIXTURE_HOSTS.map((h) => [h, `127.0.0.1:${port}`]));
  const crawler = new Crawler({ resolve, delayMs: 0, concurrency: CONCURRENCY, perHost: CONCURRENCY, timeoutMs: 15_000 });
  const rss = rssSampler();
  const t = performance.now();
  let pages = 0;
  await crawler.crawl({ name: 'big', startUrls: [`http://${GENERATED_HOSTS.big}/`], maxDepth: 2, maxPages: 200_000 }, (e) => {
    if (e.type === 'page') pages++;
  });
  const seconds = (performance.now() - t) / 1000;
  await crawler.close();
  return {
    urls: BIG_SECTIONS * BIG_PAGES_PER_SECTION + BIG_SECTIONS + 1,
    pages,
    seconds,
    peakRssMb: Math.max(rss.stop(), process.resourceUsage().maxRSS / 1024),
  };
}

export async function benchBigCrawl(): Promise<BigCrawlResult> {
  const { port, child } = await startServerProcess();
  try {
    const run = spawn(process.execPath, ['--import', 'tsx', SELF, '--big-child', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    run.stdout!.on('data', (d) => {
      out += d;
    });
    await new Promise((r) => run.once('exit', r));
    return JSON.parse(out.trim().split('\n').pop()!) as BigCrawlResult;
  } finally {
    child.kill();
  }
}

export async function benchCrawl(options: { big?: boolean } = {}): Promise<CrawlBenchResult> {
  const throughput = await benchThroughput();
  const politeness = await benchPoliteness();
  const big = options.big === false ? null : await benchBigCrawl();
  return { throughput, politeness, big };
}

export function printCrawl(r: CrawlBenchResult): void {
  const t = r.throughput;
  const f = (n: number, d = 1) => n.toFixed(d);
  console.log(
    `\nCrawler throughput, politeness off, medians of ${t.rounds} alternating rounds, ${t.pages} pages (e-paper article pages of ~4 KB, GBK; fetch + decode + extract + SHA-256 of the text), concurrency ${CONCURRENCY}`,
  );
  console.log(
    `  crawler       ${f(t.crawlerPagesPerSecond, 0)} pages/s, ${f(t.crawlerCpuMsPerPage, 2)} ms CPU/page (this process), ${f(t.crawlerMs / 1000, 2)} s`,
  );
  console.log(
    `  bare undici   ${f(t.barePagesPerSecond, 0)} pages/s, ${f(t.bareCpuMsPerPage, 2)} ms CPU/page, ${f(t.bareMs / 1000, 2)} s (same URLs, same work)`,
  );
  console.log(`  overhead      ${f(t.overheadRatio, 2)}× the bare loop (fetching alone: ${f(t.fetchOnlyRatio, 2)}×); goal ≤ 1.5×`);
  console.log(`  peak RSS      ${f(t.peakRssMb, 0)} MB`);
  console.log('\nPoliteness on (server-side arrival times, robots.txt excluded)');
  for (const p of r.politeness) {
    console.log(
      `  ${p.host.padEnd(24)} asked ${p.expectedMs} ms: ${p.requests} requests, intervals min ${f(p.minMs)} / median ${f(p.medianMs)} / max ${f(p.maxMs)} ms; ${f(p.withinTenPercent * 100, 0)}% at or above 90% of it (${p.faster} faster)`,
    );
  }
  if (r.big) {
    console.log(
      `\nCrawl of ${r.big.urls.toLocaleString('en')} URLs (own process): ${r.big.pages.toLocaleString('en')} pages in ${f(r.big.seconds)} s (${f(r.big.pages / r.big.seconds, 0)} pages/s), peak RSS ${f(r.big.peakRssMb, 0)} MB`,
    );
  }
}

if (process.argv[2] === '--big-child') {
  const result = await bigCrawlHere(Number(process.argv[3]));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  printCrawl(await benchCrawl({ big: !process.argv.includes('--skip-big') }));
  process.exit(0);
}
