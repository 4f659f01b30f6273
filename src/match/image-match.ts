/**
 * What an image match says, as evidence: which transformation the copy looks like (from which of
 * the original's regions and which of the suspect's query hashes matched, and the two sizes), and
 * whether the copy page credits the publisher near the photo. Pure.
 */
import type { ImageMatchFacts, ImageTransform } from '../domain/index.ts';
import { FIRST_WINDOW_QUERY, ORIGINAL_REGIONS, QUERY_REGIONS } from '../fingerprint/index.ts';
import { namesPublisher, type PublisherIdentity } from './credit.ts';

interface Side {
  width: number;
  height: number;
  sha256: string;
}

/** How the suspect's query hash was taken (fingerprint/image-hash.ts queryHashes: region 0 is the whole image, others leave a strip out). */
export interface QueryShape {
  region: number;
  mirrored: boolean;
  /** The match went through a strips hash (the top and bottom 40%: the middle of the copy differs). */
  strips?: boolean;
}

/** The original's region a match landed on (ORIGINAL_REGIONS; the whole image when unknown). */
export function originalRegion(region: number): ImageMatchFacts['region'] {
  const r = ORIGINAL_REGIONS[region] ?? ORIGINAL_REGIONS[0];
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { x: round(r.x), y: round(r.y), w: round(r.w), h: round(r.h) };
}

/**
 * The transformations a copy shows: `mirrored` (a mirrored query hash matched), `caption-strip`
 * (a query hash without a top or bottom strip matched), `watermarked` (only the strips hash, the
 * top and bottom 40%, matched: the middle was marked), `cropped` (a window of the original, not
 * the whole, matched, or a window of the copy did), `resized` (the copy's width differs from the matched part's by more than
 * 3%), `recompressed` (other bytes, and nothing else seen). None: the very same bytes.
 */
export function transformsOf(original: Side, copy: Side, region: ImageMatchFacts['region'], query: QueryShape): ImageTransform[] {
  const out: ImageTransform[] = [];
  const whole = region.w >= 0.999 && region.h >= 0.999;
  const window = query.region >= FIRST_WINDOW_QUERY;
  if (!whole || window) out.push('cropped');
  if (query.mirrored) out.push('mirrored');
  if (query.strips) out.push('watermarked');
  else if (query.region !== 0 && !window) out.push('caption-strip');
  // The matched query hash covers its share of the copy's width (a window query less than all of it).
  const scale = (copy.width * (QUERY_REGIONS[query.region]?.w ?? 1)) / (original.width * region.w);
  if (Math.abs(scale - 1) > 0.03) out.push('resized');
  if (!out.length && copy.sha256 !== original.sha256) out.push('recompressed');
  return out;
}

/** The copy page credits the publisher near the photo (alt, caption, the line it sits in) or in its credit line. */
export function photoCredited(nearText: string, pageCredit: string | null, publisher: PublisherIdentity): boolean {
  return namesPublisher(nearText, publisher) || namesPublisher(pageCredit, publisher);
}
