/**
 * A quick look before a full alignment, for candidates that share a single fingerprint with the
 * suspect (at a million articles most such candidates share a common six-word phrase by chance):
 * extend the shared fingerprint along both texts (seed and extend), across short gaps where the
 * copy resumes; when no seed grows long enough to matter, the candidate is not worth aligning.
 */
import type { TextFingerprint } from '../fingerprint/index.ts';

/** A seed that extends to at least this many units is worth a full alignment. */
const MIN_SEED_UNITS = 24;

/**
 * The extension goes on across a gap of up to this many units on either side (a headline, a
 * caption or an ad line a reposter put between two sentences, an edited phrase) when a run of
 * RESUME_UNITS follows it in both texts.
 */
const MAX_GAP = 24;
/** The shortest run the alignment keeps (align.ts), and so the shortest that resumes an extension. */
const RESUME_UNITS = 8;

/** Units equal from (p, q) on, in direction `dir`, at most `cap`. */
function runFrom(ou: Uint32Array, su: Uint32Array, p: number, q: number, dir: 1 | -1, cap: number): number {
  let n = 0;
  while (n < cap && p >= 0 && q >= 0 && p < ou.length && q < su.length && ou[p] === su[q]) {
    p += dir;
    q += dir;
    n++;
  }
  return n;
}

/**
 * Units matched from (p, q) on in direction `dir` (the seed's own unit first when `dir` is 1),
 * across gaps: after each mismatch the nearest pair of offsets (within MAX_GAP units on each
 * side) where a run of RESUME_UNITS starts in both texts carries the extension on. Stops at
 * `enough`.
 */
function extend(ou: Uint32Array, su: Uint32Array, p: number, q: number, dir: 1 | -1, enough: number): number {
  let total = runFrom(ou, su, p, q, dir, enough);
  p += dir * total;
  q += dir * total;
  while (total < enough) {
    // The nearest resumption: the least gap a + b (units skipped in the original, in the suspect).
    let skip: [number, number] | null = null;
    for (let a = 0; a <= MAX_GAP; a++)
      for (let b = 0; b <= MAX_GAP && (!skip || a + b < skip[0] + skip[1]); b++)
        if (a + b > 0 && runFrom(ou, su, p + dir * a, q + dir * b, dir, RESUME_UNITS) === RESUME_UNITS) skip = [a, b];
    if (!skip) break;
    p += dir * skip[0];
    q += dir * skip[1];
    const n = runFrom(ou, su, p, q, dir, enough - total);
    total += n;
    p += dir * n;
    q += dir * n;
  }
  return total;
}

function longestSeed(o: TextFingerprint, s: Pick<TextFingerprint, 'shingles'> & { units: { hashes: Uint32Array } }, enough: number): number {
  const positions = new Map<number, number>();
  for (let i = 0; i < o.winnowed.hashes.length; i++) positions.set(o.winnowed.hashes[i], o.winnowed.positions[i]);
  let best = 0;
  const ou = o.units.hashes;
  const su = s.units.hashes;
  // Every shingle of the suspect: the original's fingerprint may sit anywhere in a copied run.
  for (let q = 0; q < s.shingles.length; q++) {
    const p = positions.get(s.shingles[q]);
    if (p === undefined) continue;
    const right = extend(ou, su, p, q, 1, enough);
    const left = right >= enough ? 0 : extend(ou, su, p - 1, q - 1, -1, enough - right);
    best = Math.max(best, left + right);
    if (best >= enough) break;
  }
  return best;
}

/** True when one of the suspect's texts shares a run of MIN_SEED_UNITS units (or the whole original) around a common fingerprint. */
export function worthAligning(original: TextFingerprint, suspectTexts: Array<TextFingerprint | null>): boolean {
  const need = Math.min(MIN_SEED_UNITS, original.units.count);
  return suspectTexts.some((s) => !!s && longestSeed(original, s, need) >= need);
}

/**
 * The same look for the pre-filter (prefilter.ts), on a page's rough text, with a shorter seed:
 * `units` units, or the whole original when shorter.
 */
export function seedReaches(original: TextFingerprint, suspect: { unitHashes: Uint32Array; shingles: Uint32Array }, units: number): boolean {
  const need = Math.min(units, original.units.count);
  return longestSeed(original, { units: { hashes: suspect.unitHashes }, shingles: suspect.shingles }, need) >= need;
}
