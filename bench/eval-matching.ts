/**
 * Detection quality on the repost-pair suite (bench/matching/suite.ts): recall per variant and
 * language, per source of the original and per kind of host page, precision, false positives on
 * same-template and same-site negatives, containment error; and the same pairs judged by two
 * baselines: a whole-page simhash without extraction, and simhash-js over the extracted texts.
 */
import { createRequire } from 'node:module';
import type { Comparison } from '../src/domain/index.ts';
import { extract } from '../src/extract/index.ts';
import { parseHtml, textOf } from '../src/extract/dom.ts';
import { decodeHtml } from '../src/extract/charset.ts';
import { fingerprintText, hamming, type Simhash } from '../src/fingerprint/index.ts';
import { compare, CorpusIndex, indexEntryFor, matchSuspect, preparePage, type PreparedPage } from '../src/match/index.ts';
import { buildSuite, type Pair } from './matching/suite.ts';
import { readGold } from './lib/corpus.ts';
import { scoreText, tokens } from './lib/score.ts';
import { WHOLESALE } from './eval-extraction.ts';

const require = createRequire(import.meta.url);
const sjs = require('simhash-js') as { SimHash: new () => { hash(text: string): number }; Comparator: { similarity(a: number, b: number): number } };

interface Decision {
  pair: Pair;
  found: boolean;
  verdict: string;
  containment: number;
  /** The match is a teaser (Comparison.teaser): found, but the rules do not make it a finding. */
  teaser: boolean;
  wholePage: boolean;
  simhashJs: boolean;
}

export interface MatchingEval {
  decisions: Decision[];
  metrics: {
    recall: Record<string, number>;
    precision: number;
    sameTemplateFpRate: number;
    /** Natural pairs of two different articles from one site: how many, how many flagged. */
    sameSite: { n: number; flagged: number; rate: number; flaggedPairs: string[] };
    /** Recall per source of the original (`aeb`, `wcxb:forum`, ...) over the floored groups (full copies, excerpts ≥30% and 20%). */
    recallBySource: Record<string, number>;
    containmentWithin10: number;
    /** Matches called teasers (the rules make none of them a finding): of the positives (copies lost to the rules) and of the negatives. */
    teasers: { positives: number; negatives: number };
    baselines: Record<string, { recall: Record<string, number>; precision: number; sameTemplateFpRate: number }>;
  };
  skipped: Record<string, number>;
  /**
   * Originals whose extraction is a wholesale failure against their (human or silver) reference.
   * The copies put into host pages are copywatch's extraction of the original, so such originals
   * still match here; a reposter's copy of the real article would be missed.
   */
  wholesaleOriginals: string[];
  seconds: number;
}

function pageSimhash(bytes: Buffer): Simhash {
  return fingerprintText(textOf(parseHtml(decodeHtml(bytes).text).root)).simhash;
}

export function evaluateMatching(): MatchingEval {
  const started = performance.now();
  const suite = buildSuite();
  const prepared = new Map<string, PreparedPage>();
  const index = new CorpusIndex();
  for (const s of suite.sources.values()) {
    prepared.set(s.id, s.prepared);
    index.add(indexEntryFor(s.id, s.prepared));
  }
  for (const [id, { bytes }] of suite.syntheticOriginals) {
    const r = extract(bytes);
    if (!r.ok) continue;
    const page = preparePage(r.article, r.chrome, r.pageText, r.teaserSpans);
    prepared.set(id, page);
    index.add(indexEntryFor(id, page));
  }
  const lookup = (id: string) => prepared.get(id);
  const simhashJs = new sjs.SimHash();
  const sjsCache = new Map<string, number>();
  const sjsHash = (key: string, text: string) => {
    let h = sjsCache.get(key);
    if (h === undefined) {
      h = simhashJs.hash(text);
      sjsCache.set(key, h);
    }
    return h;
  };
  const wholeCache = new Map<string, Simhash>();
  const whole = (key: string, bytes: Buffer) => {
    let h = wholeCache.get(key);
    if (!h) {
      h = pageSimhash(bytes);
      wholeCache.set(key, h);
    }
    return h;
  };
  const originalBytes = (id: string) => suite.sources.get(id)?.bytes ?? suite.syntheticOriginals.get(id)!.bytes;

  const matchCache = new Map<string, ReturnType<typeof matchSuspect>>();
  const decisions: Decision[] = [];
  // PAIRS=<text>: only the pairs whose group holds it (a debugging run; the floors need them all).
  const only = process.env.PAIRS;
  for (const pair of suite.pairs) {
    if (only && !pair.group.includes(only)) continue;
    const original = prepared.get(pair.originalId);
    if (!original) continue;
    let suspect: PreparedPage | null;
    let suspectBytes: Buffer;
    let key: string;
    if ('sourceId' in pair.suspect) {
      key = pair.suspect.sourceId;
      suspect = prepared.get(key) ?? null;
      suspectBytes = suite.sources.get(key)!.bytes;
    } else {
      key = `pair:${decisions.length}`;
      suspectBytes = pair.suspect.bytes;
      const r = extract(suspectBytes);
      suspect = r.ok ? preparePage(r.article, r.chrome, r.pageText, r.teaserSpans) : null;
    }
    let comparison: Comparison | null = null;
    let found = false;
    if (suspect) {
      let matches = matchCache.get(key);
      if (!matches) {
        matches = matchSuspect(index, lookup, suspect);
        if ('sourceId' in pair.suspect) matchCache.set(key, matches);
      }
      const hit = matches.find((m) => m.articleId === pair.originalId || m.duplicates.includes(pair.originalId));
      found = !!hit;
      comparison = hit?.comparison ?? compare(original, suspect);
    }
    const wholePage = hamming(whole(pair.originalId, originalBytes(pair.originalId)), whole(key, suspectBytes)) <= 3;
    const sj = suspect ? sjs.Comparator.similarity(sjsHash(pair.originalId, original.article.text), sjsHash(key, suspect.article.text)) >= 0.9 : false;
    decisions.push({
      pair,
      found,
      verdict: found ? comparison!.verdict : 'none',
      containment: comparison?.containment ?? 0,
      teaser: found && comparison!.teaser,
      wholePage,
      simhashJs: sj,
    });
  }
  const metrics = summarize(decisions);
  const bySource = new Map<string, Decision[]>();
  for (const d of decisions)
    if (d.pair.positive && FLOORED_GROUPS.includes(d.pair.group)) bySource.set(d.pair.originSource, [...(bySource.get(d.pair.originSource) ?? []), d]);
  metrics.recallBySource = Object.fromEntries(
    [...bySource].sort(([a], [b]) => a.localeCompare(b)).map(([k, ds]) => [k, ds.filter((d) => d.found).length / ds.length]),
  );
  const wholesaleOriginals: string[] = [];
  for (const id of new Set(decisions.filter((d) => d.pair.positive).map((d) => d.pair.originalId))) {
    const src = suite.sources.get(id);
    const gold = src ? readGold(src.page) : null;
    if (!src || gold === null) continue;
    const f1 = scoreText(src.article.text, gold).f1;
    const ratio = tokens(src.article.text).length / (tokens(gold).length || 1);
    if (f1 < WHOLESALE.f1 || ratio > WHOLESALE.overLong || ratio < WHOLESALE.overShort) wholesaleOriginals.push(id);
  }
  return { decisions, metrics, skipped: suite.skipped, wholesaleOriginals, seconds: (performance.now() - started) / 1000 };
}

function rates(decisions: Decision[], decide: (d: Decision) => boolean) {
  const recall: Record<string, number> = {};
  const groups = new Map<string, Decision[]>();
  for (const d of decisions) if (d.pair.positive) groups.set(d.pair.group, [...(groups.get(d.pair.group) ?? []), d]);
  for (const [g, ds] of groups) recall[g] = ds.filter(decide).length / ds.length;
  const tp = decisions.filter((d) => d.pair.positive && decide(d)).length;
  const fp = decisions.filter((d) => !d.pair.positive && decide(d)).length;
  const template = decisions.filter((d) => d.pair.group === 'same template');
  return { recall, precision: tp + fp ? tp / (tp + fp) : 1, sameTemplateFpRate: template.length ? template.filter(decide).length / template.length : 0 };
}

/** The positive groups recall floors are held on (10% excerpts are reported, not floored). */
const FLOORED_GROUPS = ['full copies', 'excerpts ≥30%', 'excerpts 20%'];

function summarize(decisions: Decision[]): MatchingEval['metrics'] {
  const ours = rates(decisions, (d) => d.found);
  const positives = decisions.filter((d) => d.pair.positive);
  const within = positives.filter((d) => Math.abs(d.containment - d.pair.truth) <= 0.1).length / (positives.length || 1);
  const site = decisions.filter((d) => d.pair.sameSite);
  const flagged = site.filter((d) => d.found);
  return {
    ...ours,
    sameSite: {
      n: site.length,
      flagged: flagged.length,
      rate: site.length ? flagged.length / site.length : 0,
      flaggedPairs: flagged.map(
        (d) =>
          `${d.pair.originalId} ↔ ${'sourceId' in d.pair.suspect ? d.pair.suspect.sourceId : '(synthetic)'}: ${d.verdict}, containment ${d.containment.toFixed(2)}`,
      ),
    },
    recallBySource: {},
    containmentWithin10: within,
    teasers: {
      positives: positives.filter((d) => d.teaser).length,
      negatives: decisions.filter((d) => !d.pair.positive && d.teaser).length,
    },
    baselines: {
      'whole-page simhash (no extraction), distance ≤ 3': rates(decisions, (d) => d.wholePage),
      'simhash-js over extracted text, similarity ≥ 0.9': rates(decisions, (d) => d.simhashJs),
    },
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function printMatching(result: MatchingEval): void {
  const { decisions, metrics } = result;
  console.log(`\nDetection: repost-pair suite from ../shared/corpus (${decisions.length} pairs, ${result.seconds.toFixed(1)} s)`);
  const rows = new Map<string, Decision[]>();
  for (const d of decisions) {
    const k = `${d.pair.positive ? '+' : '−'} ${d.pair.kind} | ${d.pair.lang}`;
    rows.set(k, [...(rows.get(k) ?? []), d]);
  }
  console.table(
    [...rows].map(([k, ds]) => {
      const positive = ds[0].pair.positive;
      const hits = ds.filter((d) => d.found).length;
      const errs = ds.map((d) => Math.abs(d.containment - d.pair.truth)).sort((a, b) => a - b);
      return {
        pairs: k,
        n: ds.length,
        [positive ? 'recall' : 'false positives']: positive ? pct(hits / ds.length) : `${hits} (${pct(hits / ds.length)})`,
        'mean truth': positive ? (ds.reduce((a, d) => a + d.pair.truth, 0) / ds.length).toFixed(2) : '',
        'mean containment': (ds.reduce((a, d) => a + d.containment, 0) / ds.length).toFixed(2),
        'p95 |c−truth|': positive ? errs[Math.floor(errs.length * 0.95)]?.toFixed(3) : '',
        verdicts: summarizeVerdicts(ds),
      };
    }),
  );
  const table: Record<string, Record<string, string>> = {};
  const add = (name: string, r: { recall: Record<string, number>; precision: number; sameTemplateFpRate: number }) => {
    table[name] = {
      ...Object.fromEntries(Object.entries(r.recall).map(([g, v]) => [`recall ${g}`, pct(v)])),
      precision: pct(r.precision),
      'same-template FP': pct(r.sameTemplateFpRate),
    };
  };
  add('copywatch', metrics);
  for (const [name, r] of Object.entries(metrics.baselines)) add(name, r);
  console.table(table);
  console.log(`containment within ±0.10 of the truth: ${pct(metrics.containmentWithin10)} of positives`);
  console.log(
    `called teasers (a headline and summary in a list of other stories; found, not findings under the rules): ${metrics.teasers.positives} positives, ${metrics.teasers.negatives} negatives`,
  );
  console.log(
    `same site, different article (natural pairs from every source, same-template pairs included): ${metrics.sameSite.flagged} of ${metrics.sameSite.n} flagged (${pct(metrics.sameSite.rate)})`,
  );
  for (const f of metrics.sameSite.flaggedPairs.slice(0, 10)) console.log(`  flagged: ${f}`);

  console.log('\nRecall per source of the original (positives, by group) and per kind of host page the copy sits in');
  const positives = decisions.filter((d) => d.pair.positive);
  const recallTable = (key: (d: Decision) => string) => {
    const by = new Map<string, Decision[]>();
    for (const d of positives) by.set(key(d), [...(by.get(key(d)) ?? []), d]);
    const groups = [...new Set(positives.map((d) => d.pair.group))].sort();
    return [...by]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, ds]) => ({
        [key === originKey ? 'original from' : 'host page from']: k,
        originals: new Set(ds.map((d) => d.pair.originalId)).size,
        ...(key === originKey
          ? { 'of them wholesale-wrong': new Set(ds.map((d) => d.pair.originalId).filter((id) => result.wholesaleOriginals.includes(id))).size }
          : {}),
        pairs: ds.length,
        'recall (floored groups)': pct(
          ds.filter((d) => FLOORED_GROUPS.includes(d.pair.group) && d.found).length / (ds.filter((d) => FLOORED_GROUPS.includes(d.pair.group)).length || 1),
        ),
        ...Object.fromEntries(
          groups.map((g) => {
            const gs = ds.filter((d) => d.pair.group === g);
            return [g, gs.length ? pct(gs.filter((d) => d.found).length / gs.length) : ''];
          }),
        ),
        'containment ±0.10': pct(ds.filter((d) => Math.abs(d.containment - d.pair.truth) <= 0.1).length / ds.length),
      }));
  };
  console.table(recallTable(originKey));
  if (result.wholesaleOriginals.length) {
    console.log(
      `originals whose own extraction fails wholesale against their reference (their copies are planted from that extraction, so they match here; a copy of the real article would be missed): ${result.wholesaleOriginals.join(' ')}`,
    );
  }
  console.table(recallTable(hostKey));
  if (Object.keys(result.skipped).length) console.log('not used:', result.skipped);
}

const originKey = (d: Decision) => d.pair.originSource;
const hostKey = (d: Decision) => d.pair.hostSource;

function summarizeVerdicts(ds: Decision[]): string {
  const c = new Map<string, number>();
  for (const d of ds) c.set(d.verdict, (c.get(d.verdict) ?? 0) + 1);
  return [...c].map(([k, v]) => `${k} ${v}`).join(', ');
}

if (import.meta.url === `file://${process.argv[1]}`) printMatching(evaluateMatching());
