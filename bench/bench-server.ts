/**
 * The API under load: `node --import tsx bench/bench-server.ts [findings] [--seconds N] [--connections N]`
 * (default 100000 findings, 10 s per measurement, 10 connections). Prints figures, no pass/fail.
 *
 * Three processes on loopback: the fixture web (a child), `copywatch serve` (a child, the process
 * measured) and this one, which fills the store beforehand and drives the load with autocannon.
 * The store: the fixture web's publisher indexed and its targets scanned (real findings with
 * evidence), then `findings` synthetic findings seeded through the store ports (bench-store.ts's
 * seeding: 2,000 sites, 10 rules, 90 days). Measured, idle and while a scan runs in the server
 * process (POST /api/scans against the scan benchmark's generated portal, 50,000 story pages):
 * - `GET /api/findings?limit=50` (the first page, newest first);
 * - `GET /api/findings/:id` (the finding page: evidence, the original's and the copy's text, the
 *   audit trail), rotating over the real findings;
 * - the list again while this process also changes a finding 20 times a second (the server keeps
 *   list answers until a finding changes: this is the list read anew every 50 ms);
 * and, idle (a check is a run, and the database holds one run at a time), 50 manual checks of
 * planted copies on the fixture web one after another: p50/p99 of their latency (the first check,
 * which loads the corpus index, apart). The server's main-thread CPU per request is read from
 * /proc: it does not depend on what else the machine runs, unlike req/s and latency.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { openApp } from '../src/scan/app.ts';
import { runIndex, runScan } from '../src/scan/jobs.ts';
import { demoConfig, REPO } from '../tests/support/demo.ts';
import { FIXTURE_HOSTS, PLANTED } from '../tests/support/web/index.ts';
import { scanStartUrl } from '../tests/support/web/sites/generated.ts';
import { startServerProcess } from './bench-crawl.ts';
import { fill } from './bench-store.ts';

interface Histogram {
  average: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  total: number;
}
interface CannonResult {
  requests: Histogram;
  latency: Histogram;
  throughput: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}
interface CannonRequest {
  method?: string;
  path?: string;
  setupRequest?: (req: { path: string }) => { path: string };
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  requests?: CannonRequest[];
}) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at < 0 ? fallback : Number(args.splice(at, 2)[1]);
};
const SECONDS = option('--seconds', 10);
const CONNECTIONS = option('--connections', 10);
const FINDINGS = Number(args[0] ?? 100_000);
const CHECKS = 50;
const SCAN_PAGES = 50_000;
const TOKEN = `bench-${randomBytes(12).toString('hex')}`;
const AUTH = { authorization: `Bearer ${TOKEN}` };

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** `copywatch serve` in a child process; resolves with its URL once it listens. */
async function startApi(configPath: string): Promise<{ url: string; child: ChildProcess; log: string[] }> {
  // BENCH_SERVER_PROF=DIR: a CPU profile of the server process, written to DIR when it stops.
  const prof = process.env.BENCH_SERVER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, join(REPO, 'bin', 'copywatch.js'), 'serve', '--config', configPath, '--no-schedules'], {
    stdio: ['ignore', 'inherit', 'pipe'],
    cwd: REPO,
  });
  const log: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d;
      const lines = err.split('\n');
      err = lines.pop()!;
      for (const line of lines) {
        log.push(line);
        const m = /dashboard and API on (http:\/\/\S+)/.exec(line);
        if (m) resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`copywatch serve exited (${code}):\n${log.join('\n')}`)));
  });
  return { url, child, log };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function api(base: string, path: string, init: RequestInit = {}): Promise<any> {
  const res = await fetch(`${base}${path}`, { ...init, headers: { ...AUTH, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers } });
  const body = await res.json();
  if (res.status >= 300) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

interface Load {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  kb: number;
  bad: number;
  cpuMs: number;
}

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);

/** CPU time (ms) the server's main thread (the API; jobs run on other threads) has used so far, from /proc. */
function mainThreadCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}

let serverPid = 0;

async function load(base: string, label: string, requests: CannonRequest[], seconds = SECONDS): Promise<Load> {
  const cpu0 = mainThreadCpuMs(serverPid);
  const r = await autocannon({ url: base, connections: CONNECTIONS, duration: seconds, headers: AUTH, requests });
  const cpu = mainThreadCpuMs(serverPid) - cpu0;
  return {
    label,
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    kb: r.throughput.total / Math.max(1, r.requests.total) / 1024,
    bad: r.non2xx + r.errors + r.timeouts,
    cpuMs: cpu / Math.max(1, r.requests.total),
  };
}

// ---------------------------------------------------------------- setup

const t0 = performance.now();
const fixture = await startServerProcess();
const resolve = Object.fromEntries(FIXTURE_HOSTS.map((h) => [h, `127.0.0.1:${fixture.port}`]));
const demo = demoConfig({ resolve }, (c) => {
  c.server = { host: '127.0.0.1', port: 0, token: TOKEN, checksPerMinute: 10_000, checkBurst: 1000 };
  c.targets.push({ name: 'load', startUrls: [scanStartUrl(SCAN_PAGES, 1000)], include: ['/scan/'], maxDepth: 2, maxPages: SCAN_PAGES + SCAN_PAGES / 100 + 10 });
  c.crawler.concurrency = 8;
  c.crawler.perHost = 4;
});
let server: { url: string; child: ChildProcess; log: string[] } | null = null;
try {
  const app = await openApp(demo.configPath);
  await runIndex(app);
  for (const t of demo.config.targets as Array<{ name: string }>) if (t.name !== 'load') await runScan(app, { target: t.name });
  const real = (await app.store.findings.list({ limit: 1000 })).items;
  const t1 = performance.now();
  await fill(app.store, 1, FINDINGS);
  const seeded = ((performance.now() - t1) / 1000).toFixed(0);
  const total = await app.store.findings.count({});
  await app.close();
  console.log(
    `store: ${n(total)} findings (${real.length} from scanning the fixture web, with evidence; ${n(FINDINGS)} seeded through the ports in ${seeded} s)`,
  );

  server = await startApi(demo.configPath);
  serverPid = server.child.pid!;
  const base = server.url;
  const load0 = loadavg()[0];
  const ids = real.map((f) => f.id);
  let next = 0;
  const list: CannonRequest[] = [{ method: 'GET', path: '/api/findings?limit=50' }];
  const finding: CannonRequest[] = [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/findings/${ids[next++ % ids.length]}` }) }];
  const sizes = {
    list: (await fetch(`${base}/api/findings?limit=50`, { headers: AUTH }).then((r) => r.arrayBuffer())).byteLength,
    finding: (await fetch(`${base}/api/findings/${ids[0]}`, { headers: AUTH }).then((r) => r.arrayBuffer())).byteLength,
  };

  // Warm up (JIT, SQLite page cache), then measure idle.
  await load(base, 'warm-up', list, 3);
  await load(base, 'warm-up', finding, 2);
  const rows: Load[] = [];
  rows.push(await load(base, 'GET /api/findings?limit=50, idle', list));
  rows.push(await load(base, 'GET /api/findings/:id, idle', finding));

  // Manual checks, one after another, idle.
  const planted = PLANTED.filter((p) => p.kind !== 'licensed' && !p.hostile);
  const checkTimes: number[] = [];
  // The first check loads the corpus index into the server's thread: timed apart.
  const tFirst = performance.now();
  await api(base, '/api/check', { method: 'POST', body: JSON.stringify({ url: planted[0].url }) });
  const firstCheck = performance.now() - tFirst;
  for (let i = 0; i < CHECKS; i++) {
    const t = performance.now();
    const r = await api(base, '/api/check', { method: 'POST', body: JSON.stringify({ url: planted[i % planted.length].url }) });
    checkTimes.push(performance.now() - t);
    if (!r.scan || r.scan.status !== 'done') throw new Error(`check ${i}: ${JSON.stringify(r).slice(0, 200)}`);
  }
  checkTimes.sort((a, b) => a - b);

  // A scan in the server process, and the same load meanwhile.
  const { scan } = await api(base, '/api/scans', { method: 'POST', body: JSON.stringify({ job: 'scan', target: 'load' }) });
  await new Promise((r) => setTimeout(r, 3000));
  const before = (await api(base, `/api/scans/${scan.id}`)).scan;
  const tScan = performance.now();
  rows.push(await load(base, 'GET /api/findings?limit=50, while a scan runs', list));
  rows.push(await load(base, 'GET /api/findings/:id, while a scan runs', finding));
  // The list is kept until a finding changes: the same load while another process (this one) also
  // writes a finding 20 times a second, each write dropping what the server keeps.
  const writer = await openApp(demo.configPath);
  const v0 = await writer.store.findings.version();
  let tick = Date.parse('2030-01-01T00:00:00Z');
  const writes = setInterval(() => {
    void writer.store.findings.touch(real[0].url, new Date((tick += 1000)).toISOString()).catch(() => undefined);
  }, 50);
  try {
    rows.push(await load(base, 'GET /api/findings?limit=50, while a scan runs and a finding changes 20 times a second', list));
  } finally {
    clearInterval(writes);
  }
  const changes = (await writer.store.findings.version()) - v0;
  await writer.close();
  const after = (await api(base, `/api/scans/${scan.id}`)).scan;
  const scanSeconds = (performance.now() - tScan) / 1000;
  const scanRate = (after.counts.pagesFetched - before.counts.pagesFetched) / scanSeconds;

  // Alone, the same scan's pace (for comparison): a few seconds without load.
  const s0 = (await api(base, `/api/scans/${scan.id}`)).scan;
  const tAlone = performance.now();
  await new Promise((r) => setTimeout(r, 5000));
  const s1 = (await api(base, `/api/scans/${scan.id}`)).scan;
  const aloneRate = (s1.counts.pagesFetched - s0.counts.pagesFetched) / ((performance.now() - tAlone) / 1000);

  console.log(
    `\nAPI under load (autocannon, ${CONNECTIONS} connections, ${SECONDS} s each, from another process on loopback; 2 cores shared by the server, the fixture web and the load generator)`,
  );
  console.log(`response sizes: list of 50 ${n(sizes.list / 1024)} KB, a finding page ${n(sizes.finding / 1024)} KB`);
  console.log(`load average (1 min) of the machine: ${load0.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after (other work on the machine shows here)`);
  console.log('| request | req/s | p50 | p99 | max | server main-thread CPU per request | non-2xx/errors |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.label} | ${n(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.cpuMs.toFixed(2)} ms | ${r.bad} |`);
  console.log(`findings written during the last line: ${n(changes)} changes of the findings' version`);
  console.log(
    `scan during the load: ${after.status}, ${n(after.counts.pagesFetched)} pages fetched so far; ${scanRate.toFixed(0)} pages/s under the load, ${aloneRate.toFixed(0)} pages/s without it`,
  );
  console.log(
    `manual check of a planted copy on the fixture web (${CHECKS}, one after another, idle): p50 ${ms(percentile(checkTimes, 50))}, p99 ${ms(percentile(checkTimes, 99))}, max ${ms(checkTimes.at(-1)!)}; the first one (loads the corpus index) ${ms(firstCheck)}`,
  );
  const goal = rows.find((r) => r.label.startsWith('GET /api/findings?limit=50, while'))!;
  console.log(`goal (list while a scan runs: >= 1,000 req/s, p99 <= 50 ms): ${n(goal.rps)} req/s, p99 ${ms(goal.p99)}`);
  console.log(`(total ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
} finally {
  if (server) await stop(server.child);
  await stop(fixture.child);
  demo.cleanup();
}
