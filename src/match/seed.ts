/**
 * A quick look before a full alignment, for candidates that share a single fingerprint with the
 * suspect (at a million articles most such candidates share a common six-word phrase by chance):
 * extend the shared fingerprint along both texts (seed and extend); when no seed grows into a
 * run long enough to matter, the candidate is not worth aligning.
 */
import type { TextFingerprint } from '../fingerprint/index.ts';

/** A seed that extends to at least this many units is worth a full alignment. */
const MIN_SEED_UNITS = 24;

function longestSeed(o: TextFingerprint, s: Pick<TextFingerprint, 'shingles'> & { units: { hashes: Uint32Array } }): number {
  const positions = new Map<number, number>();
  for (let i = 0; i < o.winnowed.hashes.length; i++) positions.set(o.winnowed.hashes[i], o.winnowed.positions[i]);
  let best = 0;
  const ou = o.units.hashes;
  const su = s.units.hashes;
  // Every shingle of the suspect: the original's fingerprint may sit anywhere in a copied run.
  for (let q = 0; q < s.shingles.length; q++) {
    const p = positions.get(s.shingles[q]);
    if (p === undefined) continue;
    let left = 0;
    while (p - left - 1 >= 0 && q - left - 1 >= 0 && ou[p - left - 1] === su[q - left - 1]) left++;
    let right = 0;
    while (p + right < ou.length && q + right < su.length && ou[p + right] === su[q + right]) right++;
    best = Math.max(best, left + right);
    if (best >= MIN_SEED_UNITS) break;
  }
  return best;
}

/** True when one of the suspect's texts shares a run of MIN_SEED_UNITS units (or the whole original) around a common fingerprint. */
export function worthAligning(original: TextFingerprint, suspectTexts: Array<TextFingerprint | null>): boolean {
  const need = Math.min(MIN_SEED_UNITS, original.units.count);
  return suspectTexts.some((s) => !!s && longestSeed(original, s) >= need);
}

/**
 * The same look for the pre-filter (prefilter.ts), on a page's rough text, with a shorter seed:
 * `units` units, or the whole original when shorter.
 */
export function seedReaches(original: TextFingerprint, suspect: { unitHashes: Uint32Array; shingles: Uint32Array }, units: number): boolean {
  return longestSeed(original, { units: { hashes: suspect.unitHashes }, shingles: suspect.shingles }) >= Math.min(units, original.units.count);
}
