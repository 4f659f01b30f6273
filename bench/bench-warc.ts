/**
 * scan-warc at speed: a WARC generated from the real pages of ../shared/corpus (read at run time,
 * never copied into the repository), with planted copies of indexed articles, judged by
 * `runScanWarc` in a process of its own (its CPU time and peak RSS are the scan's alone).
 *
 * 1. Corpus: every page of the manifest is extracted; the pages of even rank (by id hash) whose
 *    extraction holds an article of 400+ characters are indexed (the protected corpus), the rest
 *    are host pages, as archived on the web.
 * 2. WARC: BENCH_WARC_RECORDS captures (default 10,000), each a request, a response and a
 *    metadata record as in Common Crawl's files, one gzip member each; the response bodies cycle
 *    through the host pages (their raw bytes, GBK ones included, served as `text/html` without a
 *    charset, so the page's own declaration and the sniffing decide), and BENCH_WARC_PLANTED of
 *    them (default 100, spread evenly) are copies of indexed articles, planted in turn in four
 *    ways (PLANTS): whole in a host page's article slot (bench/matching/slot.ts), an excerpt in
 *    a slot, whole in a Chinese host page encoded in GBK, an excerpt as a later forum post.
 * 3. Scan, in one process: baselines (reading alone; reading + extraction; reading + the
 *    pre-filter's look), then runScanWarc with the pre-filter (the default) on the empty store,
 *    then runScanWarc judging every page in full (as before the pre-filter); for each, records
 *    judged per CPU-second, the stages in CPU ms per record, and matches (equal when the
 *    pre-filter loses nothing); copies found against planted (a planted URL whose finding names
 *    its original), by planting; peak RSS.
 *
 * Run: node --import tsx bench/bench-warc.ts (BENCH_WARC_RECORDS, BENCH_WARC_PLANTED, BENCH_WARC_BASELINE;
 * BENCH_WARC_KEEP=1 keeps the temporary folder). `--generate DIR` only writes the WARC, the store and
 * DIR/plan.json; `--scan PLAN` scans it (on a copy of the store: the scan adds its findings).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { WARCRecord } from 'warcio';
import { WARCSerializer } from 'warcio/node';
import { readWarc } from '../src/crawl/index.ts';
import { extract } from '../src/extract/index.ts';
import { prefilterLook } from '../src/match/index.ts';
import { warmHanFold } from '../src/fingerprint/index.ts';
import { openApp } from '../src/scan/app.ts';
import { articleForStore } from '../src/scan/jobs-index.ts';
import { runScanWarc } from '../src/scan/jobs.ts';
import { timeStagesIn, type StageTimings } from '../src/scan/judge.ts';
import { demoConfig } from '../tests/support/demo.ts';
import { loadManifest, type CorpusPage } from './lib/corpus.ts';
import { extractCorpusPage } from './lib/extracted.ts';
import { fillSlot, hostTemplate, type HostTemplate } from './matching/slot.ts';

const SELF = fileURLToPath(import.meta.url);
const STAGES = ['prefilter', 'extract', 'fingerprint', 'match', 'rules', 'store'] as const;

interface Plan {
  warc: string;
  configPath: string;
  /** Planted copy URL → the id of the article it copies. */
  planted: Record<string, string>;
  /** Planted copy URL → how it was planted (PLANTS). */
  kinds: Record<string, Plant>;
  records: number;
  indexed: number;
  hosts: number;
  warcBytes: number;
  generateSeconds: number;
}

/** One run of scan-warc over the whole file. */
interface Run {
  judged: number;
  skipped: number;
  failed: number;
  /** Pages the pre-filter passed over (not extracted). */
  passedOver: number;
  /** Of them, pages that shared one short phrase with some article (the seed look). */
  passedOnPhrase: number;
  /** Matches the run judged (findings and allowed): the same in both runs when the pre-filter loses nothing. */
  matches: number;
  wallSeconds: number;
  cpuSeconds: number;
  stages: StageTimings;
  status: string;
}

interface ScanResult {
  /** Baselines in the same process: reading the file alone, reading it with copywatch's extraction of every page, and with the pre-filter's look. */
  readOnly: { records: number; pages: number; cpuSeconds: number };
  readExtract: { pages: number; cpuSeconds: number };
  readPrefilter: { pages: number; cpuSeconds: number };
  /** The run with the pre-filter (the default), then the run judging every page in full (as before it), in this order. */
  after: Run;
  before: Run;
  found: number;
  planted: number;
  /** Per planting (PLANTS): found / planted. */
  byKind: Record<string, { found: number; planted: number }>;
  extraFindings: number;
  missed: string[];
  peakRssMb: number;
}

/**
 * How the copies are planted, in turn: an article's paragraphs whole in a host page's article
 * slot; an excerpt (paragraphs from the first third on, at least two, 30% of its text) in a slot; a Chinese
 * article whole in a Chinese host page encoded in GBK (declared in the page only); an excerpt as
 * the fourth of six posts of a forum thread, the others other pages' text.
 */
const PLANTS = ['whole', 'excerpt', 'gbk', 'forum-post'] as const;
type Plant = (typeof PLANTS)[number];

const escapeHtml = (text: string) => text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

function excerpt(paragraphs: string[]): string[] {
  // From the middle paragraph on, until they hold 30% of the text (a partial copy by the default thresholds: 15%).
  const total = paragraphs.reduce((n, p) => n + p.length, 0);
  const from = Math.floor(paragraphs.length / 3);
  const out: string[] = [];
  for (let i = from; i < paragraphs.length && (out.length < 2 || out.reduce((n, p) => n + p.length, 0) < total * 0.3); i++) out.push(paragraphs[i]);
  return out;
}

/** A forum thread of six posts, the copy in the fourth. */
function forumThread(n: number, copy: string[], others: string[][]): Buffer {
  const post = (k: number, paragraphs: string[]) =>
    `<div class="post" id="post-${k}"><div class="post-author"><a href="/u/${(n * 7 + k) % 97}">member${(n * 7 + k) % 97}</a> <span class="date">2024-01-0${k} 10:0${k}</span></div>` +
    `<div class="post-body">${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</div></div>\n`;
  const posts = [0, 1, 2, 3, 4, 5].map((k) => post(k + 1, k === 3 ? copy : others[k % others.length].slice(0, 2)));
  return Buffer.from(
    `<!doctype html><html><head><meta charset="utf-8"><title>Thread ${n} - Community forum</title></head><body>` +
      `<nav><a href="/">Forum</a> &rsaquo; <a href="/f/news">News discussion</a></nav><h1>Thread ${n}</h1><div class="thread">\n${posts.join('')}</div>` +
      `<footer><a href="/rules">Rules</a> <a href="/privacy">Privacy</a></footer></body></html>`,
    'utf8',
  );
}

const rank = (p: CorpusPage) => createHash('sha1').update(p.id).digest().readUInt32BE(0);

async function record(spec: { type: 'request' | 'response' | 'metadata'; url: string; date: string; body: Uint8Array; contentType?: string }): Promise<Buffer> {
  const http = spec.type !== 'metadata';
  const rec = WARCRecord.create(
    {
      url: spec.url,
      date: spec.date,
      type: spec.type,
      warcHeaders: http ? {} : { 'Content-Type': 'application/warc-fields' },
      ...(http
        ? {
            httpHeaders: spec.type === 'response' ? { 'Content-Type': spec.contentType ?? 'text/html' } : { Host: new URL(spec.url).host },
            statusline: spec.type === 'response' ? 'HTTP/1.1 200 OK' : `GET ${new URL(spec.url).pathname} HTTP/1.1`,
          }
        : {}),
    },
    (async function* () {
      if (spec.body.length) yield spec.body;
    })(),
  );
  // One gzip member a record, as Common Crawl writes them (node's zlib: warcio's own gzip is pako, in JavaScript).
  return gzipSync(await WARCSerializer.serialize(rec, { gzip: false }), { level: 6 });
}

async function generate(dir: string, records: number, plantedCount: number): Promise<Plan> {
  const started = performance.now();
  const manifest = loadManifest();
  const setup = demoConfig({ resolve: {} }, (c) => {
    c.publisher.sources = [];
    c.targets = [];
  });
  const app = await openApp(setup.configPath);
  const corpus = await app.corpus();
  const at = new Date().toISOString();
  const originals: { id: string; paragraphs: string[]; zh: boolean }[] = [];
  const hosts: CorpusPage[] = [];
  for (const page of manifest) {
    const { bytes, result } = extractCorpusPage(page);
    if (rank(page) % 2 === 0 && result.ok && result.article.text.length >= 400) {
      const url = page.url ?? `http://${page.domain || 'corpus'}.example/${page.id}`;
      const {
        page: prepared,
        entry,
        input,
      } = articleForStore(
        { ...result.article, url },
        { url, chrome: result.chrome, source: page.source, bodySha256: createHash('sha256').update(bytes).digest('hex') },
      );
      const { id } = await app.store.articles.upsert(input, at);
      corpus.put(id, prepared, { ...entry, id });
      originals.push({ id, paragraphs: result.article.paragraphs, zh: page.lang.startsWith('zh') });
    } else {
      hosts.push(page);
    }
  }
  await corpus.save();
  await app.close();
  // Host pages with a usable article slot, for the planted copies (as many as there are copies to plant).
  const slots: HostTemplate[] = [];
  const zhSlots: HostTemplate[] = [];
  const postTexts: string[][] = [];
  for (const p of hosts) {
    if (slots.length >= plantedCount && zhSlots.length >= plantedCount / 4) break;
    if (p.source === 'wcxb' && p.pageType !== 'article') continue;
    const { bytes, result } = extractCorpusPage(p);
    const slot = result.ok ? hostTemplate(p.id, bytes, result.article.text) : null;
    if (!slot) continue;
    if (p.lang.startsWith('zh')) zhSlots.push(slot);
    else slots.push(slot);
    if (result.ok && postTexts.length < 50) postTexts.push(result.article.paragraphs);
  }
  const zhOriginals = originals.filter((o) => o.zh);
  const warc = join(dir, 'bench.warc.gz');
  const fd = openSync(warc, 'w');
  const planted: Record<string, string> = {};
  const kinds: Record<string, Plant> = {};
  const every = Math.max(1, Math.floor(records / Math.max(1, plantedCount)));
  let bytesOut = 0;
  for (let i = 0; i < records; i++) {
    const host = hosts[i % hosts.length];
    // A host name of letters (a bare `163` is an IPv4 address to the URL parser: 0.0.0.163), in URL form as the finding keeps it.
    const name = (host.domain || host.source).replace(/[^a-z0-9.-]/gi, '').toLowerCase();
    const url = new URL(`http://${/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(name) ? name : `${name || 'host'}.warc-bench.test`}/warc-bench/${i}.html`).href;
    const date = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    let body: Buffer;
    let contentType = 'text/html';
    const p = Math.floor(i / every);
    if (i % every === Math.floor(every / 2) && p < plantedCount) {
      const kind = PLANTS[p % PLANTS.length];
      const original = kind === 'gbk' ? zhOriginals[(p * 7) % zhOriginals.length] : originals[(p * 7) % originals.length];
      if (kind === 'whole' || kind === 'excerpt') {
        body = fillSlot(
          [...slots, ...zhSlots][(p * 13) % (slots.length + zhSlots.length)],
          kind === 'whole' ? original.paragraphs : excerpt(original.paragraphs),
        );
        contentType = 'text/html; charset=utf-8';
      } else if (kind === 'gbk') {
        // The page declares GBK in its <meta> (the HTTP header says only text/html).
        const html = fillSlot(zhSlots[(p * 13) % zhSlots.length], original.paragraphs)
          .toString('utf8')
          .replace(/(<meta[^>]*charset=["']?)[\w-]+/gi, '$1gbk');
        body = iconv.encode(/<meta[^>]*charset=/i.test(html) ? html : html.replace(/<head[^>]*>/i, '$&<meta charset="gbk">'), 'gbk');
      } else body = forumThread(p, excerpt(original.paragraphs), postTexts);
      planted[url] = original.id;
      kinds[url] = kind;
    } else {
      body = readFileSync(join(process.env.COPYWATCH_CORPUS ?? join(SELF, '../../../shared/corpus'), host.html));
    }
    for (const spec of [
      { type: 'request' as const, url, date, body: new Uint8Array() },
      { type: 'response' as const, url, date, body, contentType },
      { type: 'metadata' as const, url, date, body: Buffer.from(`fetchTimeMs: ${100 + (i % 900)}\r\n`) },
    ]) {
      const bytes = await record(spec);
      writeSync(fd, bytes);
      bytesOut += bytes.length;
    }
  }
  closeSync(fd);
  return {
    warc,
    configPath: setup.configPath,
    planted,
    kinds,
    records,
    indexed: originals.length,
    hosts: hosts.length,
    warcBytes: bytesOut,
    generateSeconds: (performance.now() - started) / 1000,
  };
}

async function scanHere(planPath: string): Promise<ScanResult> {
  const plan = JSON.parse(readFileSync(planPath, 'utf8')) as Plan;
  warmHanFold();
  // The stages in CPU time: this process is single-threaded, and the machine is shared.
  timeStagesIn('cpu');
  const app = await openApp(plan.configPath);
  const corpus = await app.corpus();
  // The baselines read the first BENCH_WARC_BASELINE HTML responses (default 2,000) of the file.
  const limit = Number(process.env.BENCH_WARC_BASELINE ?? 2000);
  const cpuOf = async (body: (page: { body: Buffer; url: string; contentType: string | null }) => void) => {
    const c0 = process.cpuUsage();
    let records = 0;
    let pages = 0;
    for await (const event of readWarc(plan.warc, { maxBytes: app.config.crawler.maxBytes })) {
      records++;
      if (event.type !== 'page') continue;
      pages++;
      body(event.page);
      if (pages >= limit) break;
    }
    const c = process.cpuUsage(c0);
    return { records, pages, cpuSeconds: (c.user + c.system) / 1e6 };
  };
  const readOnly = await cpuOf(() => {});
  const readExtract = await cpuOf((p) => void extract(p.body, { url: p.url, contentType: p.contentType }));
  const readPrefilter = await cpuOf((p) => void prefilterLook(corpus.index, p.body, p.contentType));
  const run = async (prefilter: boolean): Promise<Run> => {
    const timings: StageTimings = {};
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const scan = await runScanWarc(app, [plan.warc], { timings, prefilter });
    const wallSeconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const { reasons } = scan;
    return {
      judged: scan.counts.pagesFetched,
      skipped: scan.counts.skipped,
      failed: scan.counts.failed,
      passedOver: (reasons['passed over: no passage of the corpus'] ?? 0) + (reasons['passed over: a short phrase only'] ?? 0),
      passedOnPhrase: reasons['passed over: a short phrase only'] ?? 0,
      matches: scan.counts.matches,
      wallSeconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      stages: timings,
      status: scan.status,
    };
  };
  // The pre-filtered run first, on the empty store: the findings are its own.
  const after = await run(true);
  const findings = [];
  for (let cursor: string | null = null; ;) {
    const page = await app.store.findings.list({ limit: 500, cursor: cursor ?? undefined });
    findings.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const before = await run(false);
  const right = new Set(findings.filter((f) => plan.planted[f.url] === f.articleId).map((f) => f.url));
  const missed = Object.keys(plan.planted).filter((u) => !right.has(u));
  const byKind: ScanResult['byKind'] = {};
  for (const [url, kind] of Object.entries(plan.kinds)) {
    byKind[kind] ??= { found: 0, planted: 0 };
    byKind[kind].planted++;
    if (right.has(url)) byKind[kind].found++;
  }
  await app.close();
  return {
    readOnly,
    readExtract,
    readPrefilter,
    after,
    before,
    found: right.size,
    planted: Object.keys(plan.planted).length,
    byKind,
    extraFindings: new Set(findings.filter((f) => !(f.url in plan.planted)).map((f) => f.url)).size,
    missed: missed.map((u) => `${u} (${plan.kinds[u]})`),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

export async function benchWarc(): Promise<{ plan: Plan; scan: ScanResult }> {
  const records = Number(process.env.BENCH_WARC_RECORDS ?? 10_000);
  const plantedCount = Number(process.env.BENCH_WARC_PLANTED ?? 100);
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'copywatch-bench-warc-'));
  let plan: Plan | null = null;
  try {
    plan = await generate(dir, records, plantedCount);
    const planPath = join(dir, 'plan.json');
    writeFileSync(planPath, JSON.stringify(plan));
    const child = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--scan', planPath], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (child.status !== 0) throw new Error(`the scan process failed (${child.status}): ${child.stderr.slice(-2000)}`);
    const scan = JSON.parse(child.stdout.trim().split('\n').pop()!) as ScanResult;
    return { plan, scan };
  } finally {
    if (!process.env.BENCH_WARC_KEEP) {
      rmSync(dir, { recursive: true, force: true });
      // The store and config (demoConfig's own temporary folder).
      if (plan) rmSync(dirname(plan.configPath), { recursive: true, force: true });
    } else console.log(`kept ${dir} (node --import tsx bench/bench-warc.ts --scan ${dir}/plan.json runs the scan again)`);
  }
}

export function printWarc({ plan, scan }: { plan: Plan; scan: ScanResult }): void {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
  const { before, after } = scan;
  console.log(`\n== scan-warc (bench-warc.ts) ==`);
  console.log(
    `WARC: ${plan.records} captures (${plan.records * 3} records: request, response, metadata), ${mb(statSync(plan.warc, { throwIfNoEntry: false })?.size ?? plan.warcBytes)} MB gzipped; ` +
      `corpus ${plan.indexed} indexed articles, ${plan.hosts} host pages; generated in ${plan.generateSeconds.toFixed(0)} s`,
  );
  for (const [name, r] of [
    ['before (every page extracted)', before],
    ['after (pre-filter first)', after],
  ] as const) {
    console.log(
      `${name}: run ${r.status}, ${r.judged} HTML responses judged (${r.passedOver} passed over by the pre-filter, ${r.passedOnPhrase} of them on the seed look), ${r.skipped} records skipped, ${r.failed} failed, ${r.matches} matches; ` +
        `${(r.judged / r.cpuSeconds).toFixed(0)} judged per CPU-second (${((r.cpuSeconds / r.judged) * 1000).toFixed(2)} ms each), ${(r.judged / r.wallSeconds).toFixed(0)} per second of wall time`,
    );
  }
  console.log(
    `speed: ${(after.judged / after.cpuSeconds).toFixed(0)} records judged per CPU-second against ${(before.judged / before.cpuSeconds).toFixed(0)} before in this process ` +
      `(×${(before.cpuSeconds / after.cpuSeconds).toFixed(2)}); goal 500 per second per core`,
  );
  const ms = (cpu: number, n: number) => ((cpu / n) * 1000).toFixed(2);
  console.log(
    `CPU ms per HTML response (first ${scan.readOnly.pages}): reading the file alone ${ms(scan.readOnly.cpuSeconds, scan.readOnly.pages)} (${scan.readOnly.records} records), ` +
      `reading + the pre-filter's look ${ms(scan.readPrefilter.cpuSeconds, scan.readPrefilter.pages)}, reading + extraction ${ms(scan.readExtract.cpuSeconds, scan.readExtract.pages)}`,
  );
  // The stages in CPU ms per HTML response; the rest (reading the file, the job's frame) by difference.
  const split = (r: Run) => {
    const staged = STAGES.reduce((n, st) => n + (r.stages[st] ?? 0), 0);
    const rest = r.cpuSeconds * 1000 - staged;
    return `${STAGES.map((st) => `${st} ${((r.stages[st] ?? 0) / r.judged).toFixed(2)}`).join(', ')}, reading and the rest ${(rest / r.judged).toFixed(2)}`;
  };
  console.log(`per-stage ms per HTML response, before: ${split(before)}`);
  console.log(`per-stage ms per HTML response, after:  ${split(after)}`);
  console.log(
    `copies found (the pre-filtered run): ${scan.found} of ${scan.planted} planted (${Object.entries(scan.byKind)
      .map(([k, v]) => `${k} ${v.found}/${v.planted}`)
      .join(
        ', ',
      )}); matches before ${before.matches}, after ${after.matches}; other URLs with findings: ${scan.extraFindings}; peak RSS ${scan.peakRssMb.toFixed(0)} MB`,
  );
  if (scan.missed.length) console.log(`missed: ${scan.missed.slice(0, 10).join(' ')}`);
}

if (process.argv[2] === '--generate') {
  // Only the WARC, the store and plan.json in the folder given (to scan it again, with this or another version, from copies of the store).
  const dir = process.argv[3];
  const plan = await generate(dir, Number(process.env.BENCH_WARC_RECORDS ?? 10_000), Number(process.env.BENCH_WARC_PLANTED ?? 100));
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
  console.log(`${join(dir, 'plan.json')}: the store is in ${dirname(plan.configPath)}`);
} else if (process.argv[2] === '--scan') {
  const result = await scanHere(process.argv[3]);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else if (process.argv[1] === SELF) {
  printWarc(await benchWarc());
}
