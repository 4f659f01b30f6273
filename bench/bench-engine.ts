/**
 * The detection engine's speed and memory: fingerprinting throughput on 3,000-character articles
 * against simhash-js in the same process, and the corpus index at 100k and 1M synthetic articles
 * (each scale in its own process, so its peak RSS is its own).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fingerprintText, warmHanFold, analyze } from '../src/fingerprint/index.ts';
import { syntheticArticle } from './engine/synthetic.ts';
import { ARTICLES } from '../tests/support/web/articles.ts';

const require = createRequire(import.meta.url);
const sjs = require('simhash-js') as { SimHash: new () => { hash(text: string): number } };

function rate(label: string, texts: string[], run: (t: string) => void, seconds = 2): { label: string; perSecond: number } {
  for (const t of texts.slice(0, 20)) run(t);
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) run(texts[n++ % texts.length]);
  return { label, perSecond: n / ((performance.now() - started) / 1000) };
}

/** simhash-js fed overlapping shingles: its 4-character chunks made to be every 4-gram of the text. */
function simhashJsOverShingles(h: { hash(text: string): number }, text: string): number {
  const units = analyze(text);
  const chars: string[] = [];
  for (let i = 0; i < units.count; i++) chars.push(text.slice(units.starts[i], units.ends[i]));
  let joined = '';
  for (let i = 0; i + 4 <= chars.length; i++)
    joined += chars
      .slice(i, i + 4)
      .join('')
      .slice(0, 4)
      .padEnd(4, '_');
  return h.hash(joined);
}

export function benchFingerprint() {
  warmHanFold();
  const zh = Array.from({ length: 50 }, (_, i) => syntheticArticle(i, 3000).slice(0, 3000));
  const real = ARTICLES.map((a) => a.paragraphs.join('\n'));
  const realZh = Array.from({ length: 10 }, (_, i) => (real.join('\n') + real.join('\n') + real.join('\n')).slice(i * 7, i * 7 + 3000));
  const en = Array.from({ length: 10 }, (_, i) =>
    'The refinery cut its energy use by four percent last year, saving twelve thousand tons of coal, the plant manager said on Monday. '
      .repeat(30)
      .slice(i, i + 3000),
  );
  const h = new sjs.SimHash();
  return [
    rate('copywatch: units + shingles + 64-bit simhash + winnowing (zh, 3,000 chars)', [...zh, ...realZh], (t) => {
      fingerprintText(t);
    }),
    rate('copywatch (en, 3,000 chars)', en, (t) => {
      fingerprintText(t);
    }),
    rate('simhash-js, its own 4-char chunks (zh, 3,000 chars)', [...zh, ...realZh], (t) => {
      h.hash(t);
    }),
    rate(
      'simhash-js over overlapping shingles (zh, 3,000 chars)',
      [...zh, ...realZh],
      (t) => {
        simhashJsOverShingles(h, t);
      },
      3,
    ),
  ];
}

export interface ScaleResult {
  articles: number;
  buildSeconds: number;
  fingerprintSeconds: number;
  insertSeconds: number;
  compactSeconds: number;
  indexMb: number;
  heapMb: number;
  rssMb: number;
  peakRssMb: number;
  checkP50Ms: number;
  checkP99Ms: number;
  checksCorrect: number;
}

export function benchIndex(scales: number[]): ScaleResult[] {
  return scales.map(
    (n) =>
      JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', 'bench/engine/index-scale.ts', String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 }),
      ) as ScaleResult,
  );
}

export function printEngine(fp: ReturnType<typeof benchFingerprint>, scales: ScaleResult[]): void {
  console.log('\nFingerprinting, one core, articles of 3,000 characters');
  const base = fp[0].perSecond;
  console.table(fp.map((r) => ({ engine: r.label, 'articles/s': r.perSecond.toFixed(0), 'copywatch ×': (base / r.perSecond).toFixed(1) })));
  console.log('\nCorpus index, synthetic Chinese articles of ~1,500 characters (each scale in its own process)');
  console.table(
    scales.map((s) => ({
      articles: s.articles.toLocaleString('en'),
      'build s (fingerprint + insert)': `${s.buildSeconds.toFixed(1)} (${s.fingerprintSeconds.toFixed(1)} + ${s.insertSeconds.toFixed(1)})`,
      'index MB': s.indexMb.toFixed(0),
      'RSS MB after build': s.rssMb.toFixed(0),
      'peak RSS MB': s.peakRssMb.toFixed(0),
      'check p50 ms': s.checkP50Ms.toFixed(2),
      'check p99 ms': s.checkP99Ms.toFixed(2),
      'checks right': `${(s.checksCorrect * 100).toFixed(1)}%`,
    })),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const scales = (process.env.BENCH_SCALES ?? '100000,1000000').split(',').map(Number);
  printEngine(benchFingerprint(), benchIndex(scales));
}
