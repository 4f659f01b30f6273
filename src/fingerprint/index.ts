/**
 * Fingerprints of a text: its units, overlapping shingles, a 64-bit simhash and winnowed
 * fingerprints with positions. Pure; no I/O.
 */
import { analyze, type Units } from './analyze.ts';
import { shingles, K } from './shingles.ts';
import { simhash, type Simhash } from './simhash.ts';
import { winnow, windowFor, W, type Winnowed } from './winnow.ts';

export { analyze, mix32, UnitHashStream, type Units } from './analyze.ts';
export { shingles, K } from './shingles.ts';
export { hamming, simhashToHex, simhashFromHex, bands, type Simhash } from './simhash.ts';
export { winnow, windowFor, MIN_W } from './winnow.ts';
export { warmHanFold } from './han-fold.ts';

/** What the engine knows of a text after fingerprinting it. */
export interface TextFingerprint {
  units: Units;
  shingles: Uint32Array;
  simhash: Simhash;
  winnowed: Winnowed;
}

export function fingerprintText(text: string): TextFingerprint {
  const units = analyze(text);
  const sh = shingles(units.hashes);
  return { units, shingles: sh, simhash: simhash(sh), winnowed: winnow(sh, windowFor(sh.length)) };
}

/** The guarantee of the parameters, in units (CJK characters or words). */
export const GUARANTEE = { k: K, w: W, t: K + W - 1 } as const;
export {
  phash,
  originalHashes,
  queryHashes,
  thumbnail,
  Integral,
  ORIGINAL_REGIONS,
  QUERY_REGIONS,
  FIRST_WINDOW_QUERY,
  REGION_MAX_DISTANCE,
  THUMB_SIDE,
  type GreyImage,
  type Hash64,
  type Region,
} from './image-hash.ts';
export { decodeImage, ImageRejected } from './image-decode.ts';
