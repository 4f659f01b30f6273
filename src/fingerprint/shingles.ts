/**
 * Overlapping shingles: the hash of every run of K consecutive units. Shingle i covers units
 * i .. i+K-1. A text shorter than K units has one shingle over all its units (so short texts
 * still have a fingerprint), and none when it has no units.
 */
import { mix32 } from './analyze.ts';

/** Units per shingle: 6 CJK characters or 6 words. */
export const K = 6;

export function shingles(unitHashes: Uint32Array, k = K): Uint32Array {
  const n = unitHashes.length;
  if (n === 0) return new Uint32Array(0);
  if (n < k) return Uint32Array.of(combine(unitHashes, 0, n));
  const out = new Uint32Array(n - k + 1);
  for (let i = 0; i + k <= n; i++) out[i] = combine(unitHashes, i, k);
  return out;
}

function combine(h: Uint32Array, from: number, k: number): number {
  // A position-dependent polynomial over the unit hashes, then mixed.
  let acc = 0x27d4eb2d ^ k;
  for (let j = 0; j < k; j++) acc = (Math.imul(acc, 0x01000193) ^ h[from + j]) >>> 0;
  return mix32(acc);
}
