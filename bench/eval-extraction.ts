/**
 * Extraction quality over the corpus.
 * - Human references (aeb, cwced): mean token F1, precision and recall per source and per
 *   language, for copywatch and for the Readability baseline on the same pages, same run. These
 *   are the figures to hold floors on.
 * - Silver references (wcxb per page type, cx163, newspaper): the same scores, plus the share of
 *   pages where the body is found at all (silver recall ≥ 0.5 and not over 3× the reference's
 *   length). For debugging and coarse "does it find the body" floors only: the references are
 *   another extractor's output.
 * - Wholesale failures per source (F1 < 0.5, or the extracted text over 3× or under 0.3× the
 *   reference's length, or no article at all): pages where every copy of the article is missed.
 *   gne has no reference: only pages without an article count there.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { decodeHtml } from '../src/extract/charset.ts';
import { loadManifest, readGold } from './lib/corpus.ts';
import { extractCorpusPage } from './lib/extracted.ts';
import { readabilityText } from './lib/baseline-readability.ts';
import { mean, scoreText, tokens, type Prf } from './lib/score.ts';

export interface PageScore {
  id: string;
  source: string;
  lang: string;
  pageType?: string;
  goldKind: 'human' | 'silver' | null;
  ours: Prf;
  /** Readability's score, human references only. */
  baseline?: Prf;
  /** Extracted tokens over reference tokens (null without a reference). */
  lengthRatio: number | null;
  /** Body found at all: recall ≥ 0.5 and at most 3× the reference's length. */
  found: boolean;
  /** F1 < 0.5, or length ratio > 3 or < 0.3, or no article. */
  wholesale: boolean;
  reason?: string;
}

export interface GroupScore {
  n: number;
  ours: number;
  baseline: number;
  precision: number;
  recall: number;
  found: number;
}

export interface ExtractionEval {
  pages: PageScore[];
  /** Human references: mean F1 keyed by `source:<name>`, `lang:<tag>` and `all`, ours and the baseline. */
  groups: Record<string, GroupScore>;
  /** Silver references: keyed by `wcxb:<pageType>`, `wcxb:all`, `source:cx163`, `source:newspaper`. */
  silver: Record<string, GroupScore>;
  /** Per source: pages, wholesale failures, and their ids (worst first). */
  wholesale: Record<string, { n: number; failures: number; rate: number; reference: string; ids: string[] }>;
  seconds: number;
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

export const WHOLESALE = { f1: 0.5, overLong: 3, overShort: 0.3 } as const;

export function evaluateExtraction(options: { baseline?: boolean; only?: string } = {}): ExtractionEval {
  const started = performance.now();
  const pages: PageScore[] = [];
  for (const page of loadManifest()) {
    if (options.only && !page.id.includes(options.only)) continue;
    const { bytes, result } = extractCorpusPage(page);
    const text = result.ok ? result.article.text : '';
    const gold = page.goldKind ? readGold(page) : null;
    const reason = result.ok ? undefined : result.reason;
    if (gold === null) {
      const ours = { precision: 0, recall: 0, f1: 0 };
      pages.push({
        id: page.id,
        source: page.source,
        lang: page.lang,
        pageType: page.pageType,
        goldKind: null,
        ours,
        lengthRatio: null,
        found: result.ok,
        wholesale: !result.ok,
        reason,
      });
      continue;
    }
    const ours = scoreText(text, gold);
    const goldTokens = tokens(gold).length;
    const lengthRatio = goldTokens ? tokens(text).length / goldTokens : text ? Infinity : 1;
    const baseline = page.goldKind === 'human' && options.baseline !== false ? scoreText(baselineText(page.id, bytes), gold) : undefined;
    pages.push({
      id: page.id,
      source: page.source,
      lang: page.lang,
      pageType: page.pageType,
      goldKind: page.goldKind,
      ours,
      baseline,
      lengthRatio,
      found: ours.recall >= 0.5 && lengthRatio <= WHOLESALE.overLong,
      wholesale: ours.f1 < WHOLESALE.f1 || lengthRatio > WHOLESALE.overLong || lengthRatio < WHOLESALE.overShort,
      reason,
    });
  }

  const summarize = (keys: (p: PageScore) => string[], ps: PageScore[]): Record<string, GroupScore> => {
    const buckets = new Map<string, PageScore[]>();
    for (const p of ps) for (const k of keys(p)) buckets.set(k, [...(buckets.get(k) ?? []), p]);
    const out: Record<string, GroupScore> = {};
    for (const [k, b] of [...buckets].sort(([a], [c]) => a.localeCompare(c))) {
      out[k] = {
        n: b.length,
        ours: mean(b.map((p) => p.ours.f1)),
        baseline: mean(b.map((p) => p.baseline?.f1 ?? 0)),
        precision: mean(b.map((p) => p.ours.precision)),
        recall: mean(b.map((p) => p.ours.recall)),
        found: b.filter((p) => p.found).length / b.length,
      };
    }
    return out;
  };
  const groups = summarize(
    (p) => [`source:${p.source}`, `lang:${p.lang}`, 'all'],
    pages.filter((p) => p.goldKind === 'human'),
  );
  const silver = summarize(
    (p) => (p.source === 'wcxb' ? [`wcxb:${p.pageType ?? 'unlabelled'}`, 'wcxb:all'] : [`source:${p.source}`]),
    pages.filter((p) => p.goldKind === 'silver'),
  );

  const wholesale: ExtractionEval['wholesale'] = {};
  for (const source of [...new Set(pages.map((p) => p.source))]) {
    const ps = pages.filter((p) => p.source === source);
    const bad = ps.filter((p) => p.wholesale).sort((a, b) => a.ours.f1 - b.ours.f1);
    const kinds = [...new Set(ps.map((p) => p.goldKind ?? 'none'))].join('+');
    wholesale[source] = { n: ps.length, failures: bad.length, rate: bad.length / ps.length, reference: kinds, ids: bad.map((p) => p.id) };
  }
  return { pages, groups, silver, wholesale, seconds: (performance.now() - started) / 1000 };
}

const f3 = (x: number) => x.toFixed(3);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function printExtraction(result: ExtractionEval): void {
  console.log(`\nExtraction: mean token F1 against human references (../shared/corpus; ${result.seconds.toFixed(1)} s for all ${result.pages.length} pages)`);
  console.table(
    Object.entries(result.groups).map(([group, g]) => ({
      group,
      pages: g.n,
      'F1 copywatch': f3(g.ours),
      precision: f3(g.precision),
      recall: f3(g.recall),
      'F1 readability': f3(g.baseline),
      Δ: (g.ours - g.baseline >= 0 ? '+' : '') + (g.ours - g.baseline).toFixed(3),
    })),
  );

  console.log('\nExtraction against silver references (another extractor\'s output: for debugging and "finds the body at all" checks, not for F1 floors)');
  console.log("found = silver recall ≥ 0.5 and at most 3× the reference's length");
  console.table(
    Object.entries(result.silver).map(([group, g]) => ({
      group,
      pages: g.n,
      'silver F1': f3(g.ours),
      precision: f3(g.precision),
      recall: f3(g.recall),
      found: pct(g.found),
    })),
  );

  console.log(
    `\nWholesale failures (F1 < ${WHOLESALE.f1}, or over ${WHOLESALE.overLong}× / under ${WHOLESALE.overShort}× the reference's length, or no article; gne: no article): every copy of such a page is missed`,
  );
  console.table(
    Object.entries(result.wholesale).map(([source, w]) => ({
      source,
      reference: w.reference,
      pages: w.n,
      failures: w.failures,
      rate: pct(w.rate),
      'worst (up to 6)': w.ids
        .slice(0, 6)
        .map((id) => id.replace(/^[^/]+\//, ''))
        .join(' '),
    })),
  );

  mkdirSync('bench/out', { recursive: true });
  if (existsSync('bench/out/extraction-pages.json')) writeFileSync('bench/out/extraction-pages.prev.json', readFileSync('bench/out/extraction-pages.json'));
  writeFileSync(
    'bench/out/extraction-pages.json',
    JSON.stringify(result.pages, (_, v) => (v === Infinity ? 'Infinity' : v), 1),
  );
  if (process.env.BASELINE_CACHE) writeFileSync(cacheFile, JSON.stringify(cache));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv[2];
  printExtraction(evaluateExtraction({ only }));
}
