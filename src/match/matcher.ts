/**
 * A suspect page against the corpus: candidates from the index, each verified by alignment,
 * the matches that reach a verdict returned best first.
 */
import type { Comparison } from '../domain/index.ts';
import { compare, type CompareOptions, type PreparedPage } from './compare.ts';
import type { CorpusIndex } from './corpus-index.ts';
import type { TextFingerprint } from '../fingerprint/index.ts';

export interface Match {
  /** The original's id in the store. */
  articleId: string;
  /** Other originals with the same text (syndicated copies). */
  duplicates: string[];
  comparison: Comparison;
}

export interface MatchOptions extends CompareOptions {
  /** Candidates verified at most (default 10). */
  maxCandidates?: number;
}

export function matchSuspect(
  index: CorpusIndex,
  original: (id: string) => PreparedPage | undefined,
  suspect: PreparedPage,
  options: MatchOptions = {},
): Match[] {
  const limit = options.maxCandidates ?? 10;
  const checked = new Set<string>();
  const verify = (query: { simhash: TextFingerprint['simhash']; winnowed: TextFingerprint['winnowed'] }): Match[] => {
    const found: Match[] = [];
    for (const c of index.candidates({ simhash: query.simhash, fingerprints: query.winnowed.hashes }, limit)) {
      if (checked.has(c.id)) continue;
      checked.add(c.id);
      const originalPage = original(c.id);
      if (!originalPage) continue;
      const comparison = compare(originalPage, suspect, options);
      if (comparison.verdict !== 'none') found.push({ articleId: c.id, duplicates: c.duplicates, comparison });
    }
    return found;
  };
  let out = verify(suspect.fingerprint);
  // The rest of the page may hold a copy the article does not: look that up too.
  const page = suspect.pageFingerprint();
  if (page) out = out.concat(verify(page));
  const rank = { mirror: 0, full: 1, partial: 2, none: 3 } as const;
  out.sort((a, b) => rank[a.comparison.verdict] - rank[b.comparison.verdict] || b.comparison.containment - a.comparison.containment);
  return out;
}
