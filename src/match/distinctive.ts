/**
 * Distinctive passages of an article: the few sentences worth asking a search engine for as
 * exact phrases. A passage must be long enough to be specific (Chinese and Japanese counted in
 * characters, other scripts in words) and short enough for a search box, and its shingles must
 * be rare in the corpus: a sentence whose fingerprints many articles hold (a byline formula, the
 * copyright notice, a stock phrase) finds every copy of every article, so none in particular.
 *
 * Pure: the corpus is asked through `df`. The index keeps winnowed fingerprints only (about one
 * shingle in W/2), so a short sentence often has none the index knows: a sentence counts as
 * common as the commonest shingle of its paragraph, and unknown counts as rare.
 */
import { analyze, K, shingles } from '../fingerprint/index.ts';

export interface DistinctiveOptions {
  /** Passages wanted (at most). */
  count: number;
  /** Document frequency of a shingle hash in the corpus (0 when unknown). */
  df: (fp: number) => number;
  /** Least CJK characters of a passage. Default 14. */
  minCjk?: number;
  /** Most CJK characters of a passage (longer sentences are cut). Default 38. */
  maxCjk?: number;
  /** Least words of a passage in other scripts. Default 8. */
  minWords?: number;
  /** Most words of a passage in other scripts. Default 24. */
  maxWords?: number;
}

export interface DistinctivePassage {
  /** The passage as the article prints it (never holding an ASCII double quote: it is searched inside them). */
  text: string;
  /** CJK characters or words. */
  units: number;
  /** The highest document frequency among the known shingles of it and its paragraph (1: only this article). */
  df: number;
}

// ASCII double quotes end a passage too: it is searched inside them.
const SENTENCE = /[^。！？!?；;\n"]+[。！？!?；;]?/g;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const LETTER = /[\p{L}\p{N}]/gu;

/** Spans of the sentences of a paragraph, split again on sentence-ending full stops in Latin-script text (`word. Next`). */
function sentences(paragraph: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const m of paragraph.matchAll(SENTENCE)) {
    let from = m.index;
    for (const part of m[0].split(/(?<=[a-z0-9)][.])\s+(?=[A-Z“])/)) {
      const start = paragraph.indexOf(part, from);
      from = start + part.length;
      if (part.trim()) out.push({ start, end: from });
    }
  }
  return out;
}

function isCjk(sentence: string): boolean {
  const cjk = sentence.match(CJK)?.length ?? 0;
  const letters = sentence.match(LETTER)?.length ?? 0;
  return cjk > 0 && cjk * 2 >= letters;
}

/** The article's `count` most distinctive sentences, rarest first (then longest, then earliest). */
export function distinctivePassages(text: string, options: DistinctiveOptions): DistinctivePassage[] {
  const { count, df } = options;
  if (count <= 0) return [];
  const found: Array<DistinctivePassage & { at: number }> = [];
  const seen = new Set<string>();
  let at = 0;
  for (const paragraph of text.split('\n')) {
    // One analysis per paragraph; each sentence is a range of its units and shingles.
    const units = analyze(paragraph);
    let dfs: Int32Array | null = null;
    let paragraphDf = 0;
    let u = 0;
    for (const span of sentences(paragraph)) {
      at++;
      while (u < units.count && units.starts[u] < span.start) u++;
      const first = u;
      while (u < units.count && units.ends[u] <= span.end) u++;
      const cjk = isCjk(paragraph.slice(span.start, span.end));
      const min = cjk ? (options.minCjk ?? 14) : (options.minWords ?? 8);
      const max = cjk ? (options.maxCjk ?? 38) : (options.maxWords ?? 24);
      if (u - first < min) continue;
      const n = Math.min(u - first, max);
      const passage = paragraph.slice(units.starts[first], units.ends[first + n - 1]);
      if (seen.has(passage)) continue;
      seen.add(passage);
      if (!dfs) {
        // Boilerplate comes in paragraphs (a notice, a byline block): a sentence is as common as its paragraph.
        const sh = shingles(units.hashes);
        dfs = new Int32Array(sh.length);
        for (let i = 0; i < sh.length; i++) paragraphDf = Math.max(paragraphDf, (dfs[i] = df(sh[i])));
      }
      let most = paragraphDf;
      for (let i = first; i + K <= first + n && i < dfs.length; i++) most = Math.max(most, dfs[i]);
      found.push({ text: passage, units: n, df: Math.max(1, most), at });
    }
  }
  found.sort((a, b) => a.df - b.df || b.units - a.units || a.at - b.at);
  return found.slice(0, count).map(({ at: _at, ...p }) => p);
}
