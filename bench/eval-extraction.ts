/**
 * Extraction quality over every corpus page with a human reference: mean token F1 per source and
 * per language, for copywatch and for the Readability baseline on the same pages, same run.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extract } from '../src/extract/index.ts';
import { decodeHtml } from '../src/extract/charset.ts';
import { loadManifest, readGold, readPage } from './lib/corpus.ts';
import { readabilityText } from './lib/baseline-readability.ts';
import { mean, scoreText, type Prf } from './lib/score.ts';

export interface PageScore {
  id: string;
  source: string;
  lang: string;
  ours: Prf;
  baseline: Prf;
  reason?: string;
}

export interface ExtractionEval {
  pages: PageScore[];
  /** Mean F1 keyed by `source:<name>` and `lang:<tag>`, for ours and the baseline. */
  groups: Record<string, { n: number; ours: number; baseline: number; precision: number; recall: number }>;
}

/** Readability is slow and does not change between runs: debugging runs may cache its text. */
const cacheFile = 'bench/out/readability-cache.json';
const cache: Record<string, string> = process.env.BASELINE_CACHE && existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : {};
function baselineText(id: string, bytes: Buffer): string {
  if (process.env.BASELINE_CACHE && cache[id] !== undefined) return cache[id];
  const text = readabilityText(decodeHtml(bytes).text);
  cache[id] = text;
  return text;
}

export function evaluateExtraction(options: { baseline?: boolean; only?: string } = {}): ExtractionEval {
  const pages: PageScore[] = [];
  for (const page of loadManifest()) {
    if (page.goldKind !== 'human') continue;
    if (options.only && !page.id.includes(options.only)) continue;
    const bytes = readPage(page);
    const gold = readGold(page) ?? '';
    const result = extract(bytes, { url: page.url });
    const text = result.ok ? result.article.text : '';
    const baseText = options.baseline === false ? '' : baselineText(page.id, bytes);
    pages.push({
      id: page.id,
      source: page.source,
      lang: page.lang,
      ours: scoreText(text, gold),
      baseline: scoreText(baseText, gold),
      reason: result.ok ? undefined : result.reason,
    });
  }
  const groups: ExtractionEval['groups'] = {};
  const keys = (p: PageScore) => [`source:${p.source}`, `lang:${p.lang}`, 'all'];
  const buckets = new Map<string, PageScore[]>();
  for (const p of pages) for (const k of keys(p)) buckets.set(k, [...(buckets.get(k) ?? []), p]);
  for (const [k, ps] of [...buckets].sort()) {
    groups[k] = {
      n: ps.length,
      ours: mean(ps.map((p) => p.ours.f1)),
      baseline: mean(ps.map((p) => p.baseline.f1)),
      precision: mean(ps.map((p) => p.ours.precision)),
      recall: mean(ps.map((p) => p.ours.recall)),
    };
  }
  return { pages, groups };
}

export function printExtraction(result: ExtractionEval): void {
  const rows = Object.entries(result.groups).map(([group, g]) => ({
    group,
    pages: g.n,
    'F1 copywatch': g.ours.toFixed(3),
    precision: g.precision.toFixed(3),
    recall: g.recall.toFixed(3),
    'F1 readability': g.baseline.toFixed(3),
    'Δ': (g.ours - g.baseline >= 0 ? '+' : '') + (g.ours - g.baseline).toFixed(3),
  }));
  console.log('\nExtraction: mean token F1 against human references (../shared/corpus)');
  console.table(rows);
  mkdirSync('bench/out', { recursive: true });
  if (existsSync('bench/out/extraction-pages.json')) writeFileSync('bench/out/extraction-pages.prev.json', readFileSync('bench/out/extraction-pages.json'));
  writeFileSync('bench/out/extraction-pages.json', JSON.stringify(result.pages, null, 1));
  if (process.env.BASELINE_CACHE) writeFileSync(cacheFile, JSON.stringify(cache));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv[2];
  printExtraction(evaluateExtraction({ only }));
}
