/**
 * The verification stage of an image lookup: the band lookup (image-index.ts) shortlists the
 * originals whose hashes are within CANDIDATE_DISTANCE bits of a suspect's query hashes, and each
 * candidate is checked against the original's 32×32 grey thumbnail (fingerprint/image-hash.ts
 * `thumbnail`) under the geometry the match implies (the original's region that matched and the
 * suspect's query region), refined by a small search of offsets and scales: the normalized
 * correlation of the thumbnail's cells with the same parts of the suspect, and the shift of their
 * mean grey. A candidate is confirmed when its grey levels are the original's within
 * MAX_TONE_SHIFT (a light and a dark rendering of one picture are told apart, which a pHash, blind
 * to brightness, cannot do) and either its hash distance is within the region's usual limit
 * (REGION_MAX_DISTANCE) or, up to CANDIDATE_DISTANCE, its correlation is at least
 * MIN_CORRELATION (so a crop that falls between the original's windows is still found). Pure.
 */
import {
  FIRST_WINDOW_QUERY,
  Integral,
  QUERY_REGIONS,
  ORIGINAL_REGIONS,
  REGION_MAX_DISTANCE,
  THUMB_SIDE,
  type GreyImage,
  type Region,
} from '../fingerprint/index.ts';
import type { ImageCandidate, ImageIndexOptions, LookupOptions } from './image-index.ts';

/** The band lookup's distance when its candidates are verified (every region alike). */
const CANDIDATE_DISTANCE = 12;
/** The index options of a verified lookup. */
export const CANDIDATE_OPTIONS: ImageIndexOptions = { maxDistance: CANDIDATE_DISTANCE, regionMaxDistance: [] };
/**
 * The lookup options of a verified lookup: the 3 nearest hashes of each image (distinct regions),
 * so that when the nearest implies a geometry that does not verify, another may.
 */
export const CANDIDATE_LOOKUP: LookupOptions = { hitsPerImage: 3 };
/** The correlation a match beyond its region's usual distance needs. */
export const MIN_CORRELATION = 0.85;
/** The largest difference of mean grey (of 255) between the original's part and the copy. */
export const MAX_TONE_SHIFT = 60;
/** The fewest thumbnail cells that must fall inside the suspect for a verdict. */
const MIN_CELLS = 64;

interface Verification {
  /** The best normalized correlation found (−1 when too few cells fall inside the suspect). */
  correlation: number;
  /** The suspect's mean grey minus the original's, over the same cells. */
  toneShift: number;
  /** Thumbnail cells compared. */
  cells: number;
}

/** The search around the implied geometry: offsets (of the original's side) and scales. */
const SHIFTS = [-0.03, -0.02, -0.01, 0, 0.01, 0.02, 0.03];
const SCALES = [0.96, 1, 1.04];
const COL0 = new Int32Array(THUMB_SIDE);
const COL1 = new Int32Array(THUMB_SIDE);
/** The band of the suspect's height left out of the second correlation (a watermark across the middle). */
const MIDDLE = [0.38, 0.62];

/**
 * The thumbnail against the suspect, when the whole suspect covers the part `cover` of the
 * original (fractions; mirrored: the suspect is the original's mirror image). Two correlations,
 * over every cell inside and over those outside the middle band of the suspect; the better wins.
 */
function correlate(suspect: Integral, thumb: Uint8Array, cover: Region, mirrored: boolean): Verification {
  const T = THUMB_SIDE;
  const W = suspect.width;
  const H = suspect.height;
  // The suspect's pixel columns of each thumbnail column inside it (−1: outside), computed once.
  for (let i = 0; i < T; i++) {
    let x0 = (i / T - cover.x) / cover.w;
    let x1 = ((i + 1) / T - cover.x) / cover.w;
    if (x0 < -0.001 || x1 > 1.001) {
      COL0[i] = -1;
      continue;
    }
    if (mirrored) [x0, x1] = [1 - x1, 1 - x0];
    COL0[i] = Math.max(0, Math.min(W - 1, Math.round(x0 * W)));
    COL1[i] = Math.max(COL0[i] + 1, Math.min(W, Math.round(x1 * W)));
  }
  // Sums over all cells (n, a, b, aa, bb, ab), then over the middle band's cells.
  let n = 0,
    sa = 0,
    sb = 0,
    saa = 0,
    sbb = 0,
    sab = 0;
  let mn = 0,
    msa = 0,
    msb = 0,
    msaa = 0,
    msbb = 0,
    msab = 0;
  const sums = suspect.sums;
  const w1 = W + 1;
  for (let j = 0; j < T; j++) {
    const y0 = (j / T - cover.y) / cover.h;
    const y1 = ((j + 1) / T - cover.y) / cover.h;
    if (y0 < -0.001 || y1 > 1.001) continue;
    const py0 = Math.max(0, Math.min(H - 1, Math.round(y0 * H)));
    const py1 = Math.max(py0 + 1, Math.min(H, Math.round(y1 * H)));
    const middle = y1 > MIDDLE[0] && y0 < MIDDLE[1];
    const top = py0 * w1;
    const bottom = py1 * w1;
    for (let i = 0; i < T; i++) {
      const px0 = COL0[i];
      if (px0 < 0) continue;
      const px1 = COL1[i];
      const a = thumb[j * T + i];
      const b = (sums[bottom + px1] - sums[top + px1] - sums[bottom + px0] + sums[top + px0]) / ((px1 - px0) * (py1 - py0));
      (n++, (sa += a), (sb += b), (saa += a * a), (sbb += b * b), (sab += a * b));
      if (middle) (mn++, (msa += a), (msb += b), (msaa += a * a), (msbb += b * b), (msab += a * b));
    }
  }
  if (n < MIN_CELLS) return { correlation: -1, toneShift: 0, cells: n };
  const whole = pearson(n, sa, sb, saa, sbb, sab);
  const outer = n - mn >= MIN_CELLS ? pearson(n - mn, sa - msa, sb - msb, saa - msaa, sbb - msbb, sab - msab) : -1;
  return { correlation: Math.max(whole, outer), toneShift: (sb - sa) / n, cells: n };
}

function pearson(n: number, sa: number, sb: number, saa: number, sbb: number, sab: number): number {
  const cov = sab - (sa * sb) / n;
  const va = saa - (sa * sa) / n;
  const vb = sbb - (sb * sb) / n;
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : -1;
}

/**
 * A candidate checked against the original's thumbnail: the original's region `original` matched
 * the suspect's query region `query` (mirrored or not), so the whole suspect covers the part of the
 * original that maps onto it; the best correlation over small shifts and scales of that part.
 */
export function verifyCandidate(suspect: GreyImage | Integral, thumb: Uint8Array, original: Region, query: Region, mirrored: boolean): Verification {
  if (thumb.length !== THUMB_SIDE * THUMB_SIDE) throw new Error(`thumbnail of ${thumb.length} bytes (expected ${THUMB_SIDE * THUMB_SIDE})`);
  const integral = suspect instanceof Integral ? suspect : new Integral(suspect);
  const w = original.w / query.w;
  const h = original.h / query.h;
  const x = original.x - query.x * w;
  const y = original.y - query.y * h;
  let best: Verification = { correlation: -1, toneShift: 0, cells: 0 };
  for (const scale of SCALES) {
    for (const dx of SHIFTS) {
      for (const dy of SHIFTS) {
        const v = correlate(integral, thumb, { x: x + dx, y: y + dy, w: w * scale, h: h * scale }, mirrored);
        if (v.correlation > best.correlation) best = v;
      }
    }
  }
  return best;
}

/**
 * Whether a candidate counts: without a verification (an original stored before thumbnails were
 * kept), within its region's usual distance; with one, grey levels within MAX_TONE_SHIFT and either
 * the usual distance or a correlation of at least MIN_CORRELATION. A match through one of the
 * suspect's windows (`window`: the second pass of a lookup) always needs the correlation: nine
 * windows of each suspect, mirrored too, otherwise match pieces of near scenes at the usual
 * distance (on the image suite, without it: false matches 25 → 31 of 70,840 pairs; with it 26).
 */
export function confirmed(candidate: Pick<ImageCandidate, 'distance' | 'region'>, v: Verification | null, window = false): boolean {
  const usual = candidate.distance <= (REGION_MAX_DISTANCE[candidate.region] ?? 10);
  if (!v) return usual && !window;
  if (v.cells < MIN_CELLS || Math.abs(v.toneShift) > MAX_TONE_SHIFT) return false;
  const correlated = candidate.distance <= CANDIDATE_DISTANCE && v.correlation >= MIN_CORRELATION;
  return window ? correlated : usual || correlated;
}

/**
 * The candidates of a verified lookup that are confirmed, in their order, the first of each image
 * (a lookup may give several hits of one image: the first that verifies counts). `queries` are the
 * suspect's query hashes as `queryHashes` gave them (their region and whether mirrored);
 * `thumbOf` gives an original's thumbnail, or null when it has none.
 */
export function confirmCandidates(
  suspect: GreyImage | Integral,
  queries: readonly { region: number; mirrored: boolean }[],
  candidates: readonly ImageCandidate[],
  thumbOf: (id: string) => Uint8Array | null | undefined,
): ImageCandidate[] {
  const integral = suspect instanceof Integral ? suspect : new Integral(suspect);
  const done = new Set<string>();
  return candidates.filter((c) => {
    if (done.has(c.id)) return false;
    const thumb = thumbOf(c.id);
    const q = queries[c.query];
    const original = ORIGINAL_REGIONS[c.region];
    const v = thumb && q && original ? verifyCandidate(integral, thumb, original, QUERY_REGIONS[q.region], q.mirrored) : null;
    if (!confirmed(c, v, (q?.region ?? 0) >= FIRST_WINDOW_QUERY)) return false;
    done.add(c.id);
    return true;
  });
}
