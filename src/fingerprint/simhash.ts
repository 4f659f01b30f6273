/**
 * A 64-bit simhash (Charikar) over shingle hashes. Each shingle contributes a 64-bit hash
 * (its 32-bit hash, and a second independent mix of it for the upper half); a bit of the
 * fingerprint is set when more shingles have it set than not. Near-duplicate texts get
 * fingerprints a few bits apart. Kept as a 16-digit hex string, e.g. `0f3a…`.
 */
import { mix32 } from './analyze.ts';

export interface Simhash {
  hi: number;
  lo: number;
}

/** Bit planes of the counters: enough for 2^32 shingles. */
const PLANES = 32;

/**
 * Counts, per bit position, how many shingles have the bit set, with bit-sliced counters: plane
 * k holds bit k of all 32 positions' counts, and adding one hash is a ripple-carry add of a
 * 32-bit word (about two steps on average), instead of 64 counter updates. A bit of the
 * fingerprint is set when more than half of the shingles have it (exactly Charikar's sign of the
 * sum of ±1 contributions).
 */
export function simhash(shingleHashes: Uint32Array): Simhash {
  const n = shingleHashes.length;
  const planesLo = new Int32Array(PLANES);
  const planesHi = new Int32Array(PLANES);
  for (let i = 0; i < n; i++) {
    const lo = shingleHashes[i];
    let carry = lo | 0;
    for (let k = 0; carry !== 0; k++) {
      const next = planesLo[k] & carry;
      planesLo[k] ^= carry;
      carry = next;
    }
    carry = mix32(lo ^ 0x5bd1e995) | 0;
    for (let k = 0; carry !== 0; k++) {
      const next = planesHi[k] & carry;
      planesHi[k] ^= carry;
      carry = next;
    }
  }
  return { hi: majority(planesHi, n), lo: majority(planesLo, n) };
}

/** The word whose bit j is set when position j's count (read off the planes) is above n / 2. */
function majority(planes: Int32Array, n: number): number {
  let out = 0;
  for (let j = 0; j < 32; j++) {
    let count = 0;
    for (let k = PLANES - 1; k >= 0; k--) count = count * 2 + ((planes[k] >>> j) & 1);
    if (2 * count > n) out |= 1 << j;
  }
  return out >>> 0;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function hamming(a: Simhash, b: Simhash): number {
  return popcount32((a.hi ^ b.hi) >>> 0) + popcount32((a.lo ^ b.lo) >>> 0);
}

export function simhashToHex(s: Simhash): string {
  return s.hi.toString(16).padStart(8, '0') + s.lo.toString(16).padStart(8, '0');
}

export function simhashFromHex(hex: string): Simhash {
  if (!/^[0-9a-f]{16}$/i.test(hex)) throw new Error(`not a 64-bit simhash: ${JSON.stringify(hex)}`);
  return { hi: parseInt(hex.slice(0, 8), 16) >>> 0, lo: parseInt(hex.slice(8), 16) >>> 0 };
}

/** The four 16-bit bands, for the band tables of the index. */
export function bands(s: Simhash): [number, number, number, number] {
  return [s.hi >>> 16, s.hi & 0xffff, s.lo >>> 16, s.lo & 0xffff];
}
