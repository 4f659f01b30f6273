/**
 * A suspect page against the corpus: candidates from the index (for its article text and for the
 * rest of its page), each verified by alignment, the matches that reach a verdict returned best
 * first. In two steps, so that originals can come from an asynchronous store in between.
 */
import type { Comparison } from '../domain/index.ts';
import { winnow } from '../fingerprint/index.ts';
import { compare, type CompareOptions, type PreparedPage } from './compare.ts';
import type { Candidate, CorpusIndex } from './corpus-index.ts';
import { worthAligning } from './seed.ts';

export interface Match {
  /** The original's id in the store. */
  articleId: string;
  /** Other originals with the same text (syndicated copies). */
  duplicates: string[];
  comparison: Comparison;
}

export interface MatchOptions extends CompareOptions {
  /** Candidates verified at most per query (default 10). */
  maxCandidates?: number;
}

/**
 * Shingles per window when the suspect is looked up. The index holds each original's minimum
 * over every 64 shingles; inside a copied run that minimum is also the minimum of any smaller
 * window around it, so winnowing the suspect with windows of 16 finds it wherever the run
 * reaches 16 shingles on its side (a sentence or two), where windows of 64 on both sides need a
 * run of 69 units to be sure of one shared fingerprint. Four times the lookups of W = 64.
 */
const LOOKUP_W = 16;

/** The originals worth verifying: for the article's text, then for the rest of the page. */
export function candidatesFor(index: CorpusIndex, suspect: PreparedPage, limit = 10): Candidate[] {
  const fp = suspect.fingerprint;
  const w = winnow(fp.shingles, LOOKUP_W);
  const out = index.candidates({ simhash: fp.simhash, fingerprints: w.hashes, positions: w.positions }, limit);
  const page = suspect.pageFingerprint();
  if (page) {
    const known = new Set(out.map((c) => c.id));
    const pw = winnow(page.shingles, LOOKUP_W);
    for (const c of index.candidates({ simhash: page.simhash, fingerprints: pw.hashes, positions: pw.positions }, limit)) if (!known.has(c.id)) out.push(c);
  }
  return out;
}

const RANK = { mirror: 0, full: 1, partial: 2, none: 3 } as const;

/** Verifies candidates whose originals are given (same order; undefined = gone from the store). */
export function verify(candidates: Candidate[], originals: Array<PreparedPage | undefined>, suspect: PreparedPage, options: CompareOptions = {}): Match[] {
  const out: Match[] = [];
  candidates.forEach((c, i) => {
    const original = originals[i];
    if (!original) return;
    // A candidate on one shared fingerprint, and not a near duplicate, is checked cheaply first.
    if (c.shared <= 1 && c.simhashDistance > 3 && !worthAligning(original.fingerprint, [suspect.fingerprint, suspect.pageFingerprint()])) return;
    const comparison = compare(original, suspect, options);
    if (comparison.verdict !== 'none') out.push({ articleId: c.id, duplicates: c.duplicates, comparison });
  });
  out.sort((a, b) => RANK[a.comparison.verdict] - RANK[b.comparison.verdict] || b.comparison.containment - a.comparison.containment);
  return out;
}

export function matchSuspect(
  index: CorpusIndex,
  original: (id: string) => PreparedPage | undefined,
  suspect: PreparedPage,
  options: MatchOptions = {},
): Match[] {
  const candidates = candidatesFor(index, suspect, options.maxCandidates ?? 10);
  return verify(
    candidates,
    candidates.map((c) => original(c.id)),
    suspect,
    options,
  );
}
