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
 *
 * Chance hits: a page that shares a single evidence fingerprint with each article it shares any
 * with (a six-word phrase of some article, by chance) is one the matcher would only align after
 * its seed look (seed.ts: the shared shingle must extend along both texts to MIN_SEED_UNITS, 24).
 * The pre-filter gives such a page that look itself, on the rough text, against each of those
 * originals, with a shorter seed (SEED_UNITS, 16: the rough text keeps between two copied blocks
 * what extraction drops, which may cut a seed short), and passes it over when no seed reaches it.
 */
import { roughTextInto } from '../extract/index.ts';
import { shingles, UnitHashStream, type TextFingerprint } from '../fingerprint/index.ts';
import type { CorpusIndex } from './corpus-index.ts';
import { seedReaches } from './seed.ts';

/** A single-fingerprint hit is judged in full when its seed reaches this many units of the original (or the whole original). */
const SEED_UNITS = 16;
/** More articles than this sharing a fingerprint with the page: judged in full, without looking at seeds. */
const MOST_SEEDED = 10;

export type PrefilterLook =
  /** No shingle of the page is evidence: passed over. */
  | { verdict: 'none' }
  /** Judge in full. */
  | { verdict: 'judge' }
  /** One evidence fingerprint shared with each of these articles: judge in full if a seed reaches SEED_UNITS in one of them (seedWorthJudging). */
  | { verdict: 'seed'; articles: string[]; unitHashes: Uint32Array; shingles: Uint32Array };

/** One page at a time: the stream's buffer is kept from page to page. */
const units = new UnitHashStream();

/** The pre-filter's look at a page (see above). */
export function prefilterLook(index: CorpusIndex, body: Uint8Array, contentType: string | null): PrefilterLook {
  // The rough text's unit hashes as analyze(roughText(...)) gives them, hashed on the way (never one string).
  units.reset();
  roughTextInto(body, contentType, units);
  const unitHashes = units.finish();
  const sh = shingles(unitHashes);
  if (index.evidenceCount(sh, 1) === 0) return { verdict: 'none' };
  const holders = index.evidenceHolders(sh, MOST_SEEDED);
  if (!holders || holders.size === 0 || [...holders.values()].some((n) => n > 1)) return { verdict: 'judge' };
  return { verdict: 'seed', articles: [...holders.keys()], unitHashes, shingles: sh };
}

/** True when the page's shared fingerprint extends to a seed of SEED_UNITS along the original (see above). */
export function seedWorthJudging(original: TextFingerprint, look: Extract<PrefilterLook, { verdict: 'seed' }>): boolean {
  return seedReaches(original, look, SEED_UNITS);
}
