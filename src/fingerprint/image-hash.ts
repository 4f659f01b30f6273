/**
 * Perceptual hashes of a photograph, pure functions over decoded grey pixels (image-decode.ts
 * makes them from bytes). A 64-bit DCT pHash (phash.org's: the image box-sampled to 32×32, its
 * 2-D DCT, the 8×8 coefficients of frequencies 1..8 in each direction, each bit set when its
 * coefficient is above their median), of the whole image, of its mirror image, and of
 * overlapping regions, so that a copy cropped by 10–30% still lands near one of the original's
 * region hashes. The median threshold makes the hash indifferent to brightness and contrast
 * shifts (an affine change of the grey levels) until pixels clip.
 */
import type { Simhash as Hash64 } from './simhash.ts';

export type { Hash64 };

/** Grey pixels, one byte each, row by row. */
export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A region as fractions of the image: left, top, width, height, each in [0, 1]. */
export interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
  /**
   * Set on the strips hash: 32 bits of the top 40% of the box and 32 of its bottom 40%, so that a
   * watermark or a banner across the middle of a copy leaves the hash near the original's.
   */
  strips?: true;
}

const N = 32;

/** Cosines of the DCT-II for frequencies 0..8 over 32 samples. */
const COS = (() => {
  const c = new Float64Array(9 * N);
  for (let u = 0; u < 9; u++) for (let x = 0; x < N; x++) c[u * N + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * N));
  return c;
})();

/** A summed-area table of the image, for box sampling any region in constant time per cell. */
export class Integral {
  readonly width: number;
  readonly height: number;
  /**
   * (width + 1) × (height + 1) sums, integers: 32-bit ones while the whole image's sum fits (half
   * the memory to write and read), doubles (exact below 2^53) beyond.
   */
  readonly sums: Int32Array | Float64Array;

  constructor(img: GreyImage) {
    if (img.data.length !== img.width * img.height) throw new Error(`grey image of ${img.width}×${img.height} has ${img.data.length} bytes`);
    this.width = img.width;
    this.height = img.height;
    const w1 = img.width + 1;
    const size = w1 * (img.height + 1);
    const s = img.width * img.height * 255 < 2 ** 31 ? new Int32Array(size) : new Float64Array(size);
    const data = img.data;
    for (let y = 0; y < img.height; y++) {
      let row = 0;
      const from = y * img.width;
      const above = y * w1 + 1;
      const here = (y + 1) * w1 + 1;
      for (let x = 0; x < img.width; x++) {
        row += data[from + x];
        s[here + x] = s[above + x] + row;
      }
    }
    this.sums = s;
  }

  /** Mean grey of the pixel box [x0, x1) × [y0, y1) (integers, non-empty). */
  mean(x0: number, y0: number, x1: number, y1: number): number {
    const w1 = this.width + 1;
    const s = this.sums;
    return (s[y1 * w1 + x1] - s[y0 * w1 + x1] - s[y1 * w1 + x0] + s[y0 * w1 + x0]) / ((x1 - x0) * (y1 - y0));
  }
}

/** The N + 1 pixel edges of N cells over [start, start + size) of a side of `total` pixels, each cell at least a pixel. */
function edgesInto(e: Int32Array, start: number, size: number, total: number): void {
  for (let i = 0; i <= N; i++) e[i] = Math.min(total, Math.max(0, Math.round((start + (size * i) / N) * total)));
  for (let i = 1; i <= N; i++) if (e[i] <= e[i - 1]) e[i] = Math.min(total, e[i - 1] + 1);
  for (let i = N - 1; i >= 0; i--) if (e[i] >= e[i + 1]) e[i] = e[i + 1] - 1;
}

// Scratch buffers: the hashes are computed one at a time, synchronously.
const XS = new Int32Array(N + 1);
const YS = new Int32Array(N + 1);
const ROW = new Float64Array(N);
const ROWS = new Float64Array(N * 8);
const H = N / 2;
const COEFFS = new Float64Array(64);
const SORTED = new Float64Array(64);

/**
 * The pHash of a region: box-sampled to 32×32 (mirrored left to right when asked), each sample
 * row turned into its DCT coefficients u = 1..8 as soon as it is sampled, then the columns into
 * v = 1..8; the 64 coefficients against their median.
 *
 * cos((2(N−1−x)+1)uπ/2N) = (−1)^u cos((2x+1)uπ/2N): a row is folded in half, sums for even u,
 * differences for odd u, and each coefficient takes 16 products instead of 32. The eight
 * coefficients are summed side by side in one pass over the folded row, each still in the order
 * x = 0..15, so every sum is rounded as it was one coefficient at a time (the hashes are
 * bit-identical: tests/image-hash-speed.test.ts).
 */
function coefficients(integral: Integral, r: Region, mirror: boolean): void {
  const s = integral.sums;
  const w1 = integral.width + 1;
  edgesInto(XS, r.x, r.w, integral.width);
  edgesInto(YS, r.y, r.h, integral.height);
  for (let j = 0; j < N; j++) {
    const top = YS[j] * w1;
    const bottom = YS[j + 1] * w1;
    const rowsHigh = YS[j + 1] - YS[j];
    let before = s[bottom + XS[0]] - s[top + XS[0]];
    for (let i = 0; i < N; i++) {
      const after = s[bottom + XS[i + 1]] - s[top + XS[i + 1]];
      ROW[mirror ? N - 1 - i : i] = (after - before) / ((XS[i + 1] - XS[i]) * rowsHigh);
      before = after;
    }
    foldedDct(ROW, 0, 1, ROWS, j * 8, 1);
  }
  // The columns: coefficient v of column u lands at COEFFS[(v − 1) × 8 + u].
  for (let u = 0; u < 8; u++) foldedDct(ROWS, u, 8, COEFFS, u, 8);
}

/**
 * DCT coefficients 1..8 of the N values at from, from + stride, …, written to out at at, at +
 * step, …, at + 7 × step.
 */
function foldedDct(values: Float64Array, from: number, stride: number, out: Float64Array, at: number, step: number): void {
  let c1 = 0,
    c2 = 0,
    c3 = 0,
    c4 = 0,
    c5 = 0,
    c6 = 0,
    c7 = 0,
    c8 = 0;
  for (let x = 0; x < H; x++) {
    const a = values[from + x * stride];
    const b = values[from + (N - 1 - x) * stride];
    const sum = a + b;
    const diff = a - b;
    c1 += diff * COS[N + x];
    c2 += sum * COS[2 * N + x];
    c3 += diff * COS[3 * N + x];
    c4 += sum * COS[4 * N + x];
    c5 += diff * COS[5 * N + x];
    c6 += sum * COS[6 * N + x];
    c7 += diff * COS[7 * N + x];
    c8 += sum * COS[8 * N + x];
  }
  out[at] = c1;
  out[at + step] = c2;
  out[at + 2 * step] = c3;
  out[at + 3 * step] = c4;
  out[at + 4 * step] = c5;
  out[at + 5 * step] = c6;
  out[at + 6 * step] = c7;
  out[at + 7 * step] = c8;
}

/** Bits of COEFFS[from .. from + count) above their median, the first the highest (count ≤ 32). */
function bitsAboveMedian(from: number, count: number): number {
  const values = SORTED.subarray(0, count);
  values.set(COEFFS.subarray(from, from + count));
  values.sort();
  const median = (values[count / 2 - 1] + values[count / 2]) / 2;
  let bits = 0;
  for (let i = 0; i < count; i++) if (COEFFS[from + i] > median) bits |= 1 << (count - 1 - i);
  return bits >>> 0;
}

function regionHash(integral: Integral, r: Region, mirror: boolean): Hash64 {
  if (r.strips) {
    // Frequencies v = 1..4 by u = 1..8 of each strip: a strip is short, its vertical detail little.
    coefficients(integral, { x: r.x, y: r.y, w: r.w, h: r.h * STRIP }, mirror);
    const hi = bitsAboveMedian(0, 32);
    coefficients(integral, { x: r.x, y: r.y + r.h * (1 - STRIP), w: r.w, h: r.h * STRIP }, mirror);
    return { hi, lo: bitsAboveMedian(0, 32) };
  }
  coefficients(integral, r, mirror);
  SORTED.set(COEFFS);
  SORTED.sort();
  const median = (SORTED[31] + SORTED[32]) / 2;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 32; i++) if (COEFFS[i] > median) hi |= 1 << (31 - i);
  for (let i = 0; i < 32; i++) if (COEFFS[32 + i] > median) lo |= 1 << (31 - i);
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

/** The pHash of a region of the image (the whole image by default). */
export function phash(image: GreyImage | Integral, region: Region = WHOLE, mirror = false): Hash64 {
  const integral = image instanceof Integral ? image : new Integral(image);
  return regionHash(integral, region, mirror);
}

const WHOLE: Region = { x: 0, y: 0, w: 1, h: 1 };
/** The share of the height each of the strips hash's two strips takes. */
const STRIP = 0.4;
const STRIPS: Region = { x: 0, y: 0, w: 1, h: 1, strips: true };

/** The window grids of an original: each window's share of each side, and the offsets a side. */
const GRIDS = [
  [0.9, 4],
  [0.8, 5],
  [0.7, 8],
] as const;

/**
 * The regions hashed for a protected (original) image (107): the whole image, windows of 90%, 80%
 * and 70% of each side on grids of 4×4, 5×5 and 8×8 offsets, so that a crop keeping 70–90% of each
 * side (at any position) overlaps one window closely enough for a near hash, and last the strips
 * hash (top and bottom 40%, see Region.strips).
 */
export const ORIGINAL_REGIONS: readonly Region[] = (() => {
  const out: Region[] = [WHOLE];
  for (const [size, steps] of GRIDS) {
    for (let j = 0; j < steps; j++) {
      for (let i = 0; i < steps; i++) {
        out.push({ x: ((1 - size) * i) / (steps - 1), y: ((1 - size) * j) / (steps - 1), w: size, h: size });
      }
    }
  }
  out.push(STRIPS);
  return out;
})();

/**
 * The largest distance at which a match on each of ORIGINAL_REGIONS counts (the image index's
 * default): 10 bits, but 8 for the 70% windows, whose 49 small regions otherwise match other
 * photos of similar texture too often (on the image suite: 30% crops found 0.75 → 0.61, false
 * matches 238 → 215 of 70,840 pairs).
 */
export const REGION_MAX_DISTANCE: readonly number[] = ORIGINAL_REGIONS.map((r) => (!r.strips && r.w < 0.75 ? 8 : 10));

/** The share of each side of the suspect its window queries keep. */
const WINDOW = 0.875;

/**
 * The regions hashed for a suspect image, each also mirrored: the whole image, the image without a
 * strip of 12% or 20% at the top or the bottom (a caption or a banner added to a copy), and the
 * strips hash (a watermark across the middle); then, from FIRST_WINDOW_QUERY on, windows of 87.5%
 * of each side of the suspect on a 3×3 grid of offsets (its corners, edge middles and centre),
 * looked up only when the others find nothing (queryHashes' `windows` pass). A copy cropped by 10–20%
 * falls between the offsets of the original's 90% and 80% windows at worst by half a step; a
 * window of the copy is a part of the original of another size and at another offset, and one of
 * the nine lands close to one of the original's windows.
 */
export const QUERY_REGIONS: readonly Region[] = [
  WHOLE,
  { x: 0, y: 0, w: 1, h: 0.88 },
  { x: 0, y: 0.12, w: 1, h: 0.88 },
  { x: 0, y: 0, w: 1, h: 0.8 },
  { x: 0, y: 0.2, w: 1, h: 0.8 },
  STRIPS,
  ...[0, 0.5, 1].flatMap((j) => [0, 0.5, 1].map((i) => ({ x: i * (1 - WINDOW), y: j * (1 - WINDOW), w: WINDOW, h: WINDOW }))),
];

/** The first of QUERY_REGIONS' window queries (a part of the suspect on both sides). */
export const FIRST_WINDOW_QUERY = 6;

/** Hashes of the given regions of the image, in their order. */
function regionHashes(image: GreyImage | Integral, regions: readonly Region[], mirror = false): Hash64[] {
  const integral = image instanceof Integral ? image : new Integral(image);
  return regions.map((r) => phash(integral, r, mirror));
}

/** What is kept of a protected image: the hash of each of ORIGINAL_REGIONS. */
export function originalHashes(image: GreyImage | Integral): Hash64[] {
  return regionHashes(image, ORIGINAL_REGIONS);
}

/**
 * What a suspect image is looked up by: each of QUERY_REGIONS before FIRST_WINDOW_QUERY, as it is
 * and mirrored; with `windows`, each of the window queries instead (the second pass of a lookup,
 * when the first confirmed nothing).
 */
export function queryHashes(image: GreyImage | Integral, { windows = false } = {}): { hash: Hash64; region: number; mirrored: boolean; strips: boolean }[] {
  const integral = image instanceof Integral ? image : new Integral(image);
  const out: { hash: Hash64; region: number; mirrored: boolean; strips: boolean }[] = [];
  const from = windows ? FIRST_WINDOW_QUERY : 0;
  const to = windows ? QUERY_REGIONS.length : FIRST_WINDOW_QUERY;
  for (const mirrored of [false, true]) {
    for (let region = from; region < to; region++) {
      const r = QUERY_REGIONS[region];
      out.push({ hash: phash(integral, r, mirrored), region, mirrored, strips: r.strips === true });
    }
  }
  return out;
}

/** The side of an original's grey thumbnail (THUMB_SIDE × THUMB_SIDE cells over the whole image). */
export const THUMB_SIDE = 32;

/**
 * The grey thumbnail kept beside an original's hashes (1,024 bytes): the image box-sampled to
 * 32×32 cells, each the rounded mean grey of its part of the image, row by row. A candidate match
 * is verified against it (match/image-verify.ts): the hashes say where the copy may sit, the
 * thumbnail whether its pixels agree there, and whether its grey levels are those of the original.
 */
export function thumbnail(image: GreyImage | Integral): Uint8Array {
  const integral = image instanceof Integral ? image : new Integral(image);
  const out = new Uint8Array(THUMB_SIDE * THUMB_SIDE);
  edgesOf(XS, integral.width);
  edgesOf(YS, integral.height);
  for (let j = 0; j < THUMB_SIDE; j++) {
    for (let i = 0; i < THUMB_SIDE; i++) out[j * THUMB_SIDE + i] = Math.round(integral.mean(XS[i], YS[j], XS[i + 1], YS[j + 1]));
  }
  return out;
}

/** The THUMB_SIDE + 1 pixel edges of the thumbnail's cells over a side of `total` pixels (THUMB_SIDE is N). */
function edgesOf(e: Int32Array, total: number): void {
  edgesInto(e, 0, 1, total);
}
