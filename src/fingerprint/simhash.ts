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

// Per byte value, which bits are set, as +1/-1 contributions: lets the inner loop add 8 counters
// per table lookup instead of testing 64 bits one by one.
const BYTE_SIGNS: Int8Array[] = Array.from({ length: 256 }, (_, b) => Int8Array.from({ length: 8 }, (_, i) => ((b >> i) & 1 ? 1 : -1)));

export function simhash(shingleHashes: Uint32Array): Simhash {
  const v = new Int32Array(64);
  for (let i = 0; i < shingleHashes.length; i++) {
    const lo = shingleHashes[i];
    const hi = mix32(lo ^ 0x5bd1e995);
    for (let byte = 0; byte < 4; byte++) {
      const sl = BYTE_SIGNS[(lo >>> (byte * 8)) & 0xff];
      const sh = BYTE_SIGNS[(hi >>> (byte * 8)) & 0xff];
      const ol = byte * 8;
      const oh = 32 + byte * 8;
      for (let j = 0; j < 8; j++) {
        v[ol + j] += sl[j];
        v[oh + j] += sh[j];
      }
    }
  }
  let lo = 0;
  let hi = 0;
  for (let j = 0; j < 32; j++) {
    if (v[j] > 0) lo |= 1 << j;
    if (v[32 + j] > 0) hi |= 1 << j;
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
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
