/**
 * The corpus index at scale, in its own process (so peak RSS is its own): N synthetic articles
 * fingerprinted and indexed, then checks of suspect pages (full copies and excerpts of random
 * articles inside unrelated text, and unrelated pages): build time, memory, p50/p99 check time.
 * Prints one JSON line. Usage: node --import tsx bench/engine/index-scale.ts N
 */
import { preparePage, CorpusIndex, indexEntryFor, matchSuspect } from '../../src/match/index.ts';
import { warmHanFold } from '../../src/fingerprint/index.ts';
import type { Article } from '../../src/domain/index.ts';
import { syntheticArticle } from './synthetic.ts';
import { rng } from '../matching/rng.ts';

const N = Number(process.argv[2] ?? 100_000);
const article = (text: string): Article => ({
  url: null,
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
});

warmHanFold();
const index = new CorpusIndex();
let fingerprintMs = 0;
let insertMs = 0;
const started = performance.now();
for (let n = 0; n < N; n++) {
  const t0 = performance.now();
  const page = preparePage(article(syntheticArticle(n)));
  const entry = indexEntryFor(`a${n}`, page);
  const t1 = performance.now();
  index.add(entry);
  insertMs += performance.now() - t1;
  fingerprintMs += t1 - t0;
}
const buildMs = performance.now() - started;
const t = performance.now();
index.compact();
const compactMs = performance.now() - t;
const afterBuild = process.memoryUsage();

// The store keeps originals' texts; a scan keeps the prepared ones it verified recently. The
// suspects are built first, and the originals they need prepared, so that the timing below is
// the engine's (lookup plus verification), not this benchmark's text generator.
const cache = new Map<string, ReturnType<typeof preparePage>>();
let misses = 0;
let fetchMs = 0;
const lookup = (id: string) => {
  let page = cache.get(id);
  if (!page) {
    // An original the store would fetch: its cost is the store's, not the engine's.
    const t = performance.now();
    misses++;
    page = preparePage(article(syntheticArticle(Number(id.slice(1)))));
    cache.set(id, page);
    fetchMs += performance.now() - t;
  }
  return page;
};
const random = rng(99);
const CHECKS = 2000;
const suspects = Array.from({ length: CHECKS }, (_, i) => {
  const target = Math.floor(random() * N);
  const kind = i % 4; // 0: full copy, 1: half excerpt, 2: 30% excerpt, 3: unrelated
  const noise = syntheticArticle(N + 1_000_000 + i, 800);
  const source = syntheticArticle(target);
  const body = kind === 0 ? source : kind === 1 ? source.slice(0, 750) : kind === 2 ? source.slice(600, 1050) : '';
  if (kind !== 3) lookup(`a${target}`);
  return { target, kind, page: preparePage(article(`${noise.slice(0, 400)}\n${body}\n${noise.slice(400)}`)) };
});
misses = 0;
const times: number[] = [];
let correct = 0;
for (const { target, kind, page } of suspects) {
  fetchMs = 0;
  const t0 = performance.now();
  const matches = matchSuspect(index, lookup, page);
  times.push(performance.now() - t0 - fetchMs);
  if (kind === 3 ? matches.length === 0 : matches[0]?.articleId === `a${target}`) correct++;
}
times.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    articles: N,
    buildSeconds: buildMs / 1000,
    fingerprintSeconds: fingerprintMs / 1000,
    insertSeconds: insertMs / 1000,
    compactSeconds: compactMs / 1000,
    indexMb: index.bytes / 1024 / 1024,
    heapMb: afterBuild.heapUsed / 1024 / 1024,
    rssMb: afterBuild.rss / 1024 / 1024,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    checkP50Ms: times[Math.floor(times.length * 0.5)],
    checkP99Ms: times[Math.floor(times.length * 0.99)],
    checksCorrect: correct / CHECKS,
    unexpectedCandidates: misses,
  }),
);
