/**
 * The cheap look at a page before its full extraction (scan-warc: most pages of a web crawl hold
 * no copy of the publisher): the page's rough text (extract/rough-text.ts: decoded as extraction
 * decodes it, tags stripped without a tree), its units and every one of its shingles, looked up
 * in the corpus index. The index holds each original's winnowed fingerprints, and the full
 * matcher finds a candidate only through a fingerprint of the suspect's article or page text
 * (a shingle of it, winnowed) that the index holds as evidence; every such shingle is a shingle
 * of the rough text too, wherever extraction kept the text as the page has it. So a page none of
 * whose shingles is evidence yields no candidate by fingerprint, and is passed over; any other
 * page goes on to the full extraction and matching, unchanged. (The one path this does not see:
 * a near duplicate by simhash alone that shares no fingerprint: see the README's limits.)
 */
import { roughText } from '../extract/index.ts';
import { analyze, shingles } from '../fingerprint/index.ts';
import type { CorpusIndex } from './corpus-index.ts';

/** True when the page may hold a copy of an indexed article (one of its shingles is evidence in the index). */
export function mayHoldCopy(index: CorpusIndex, body: Uint8Array, contentType: string | null): boolean {
  const text = roughText(body, contentType);
  return index.evidenceCount(shingles(analyze(text).hashes), 1) > 0;
}
