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
  private readonly sums: Float64Array;

  constructor(img: GreyImage) {
    if (img.data.length !== img.width * img.height) throw new Error(`grey image of ${img.width}×${img.height} has ${img.data.length} bytes`);
    this.width = img.width;
    this.height = img.height;
    const w1 = img.width + 1;
    const s = new Float64Array(w1 * (img.height + 1));
    for (let y = 0; y < img.height; y++) {
      let row = 0;
      for (let x = 0; x < img.width; x++) {
        row += img.data[y * img.width + x];
        s[(y + 1) * w1 + x + 1] = s[y * w1 + x + 1] + row;
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

/** The region box-sampled to 32×32 (mirrored left to right when asked). */
function sample(integral: Integral, r: Region, mirror: boolean): Float64Array {
  const out = new Float64Array(N * N);
  const { width, height } = integral;
  const edges = (start: number, size: number, total: number) => {
    const e = new Int32Array(N + 1);
    for (let i = 0; i <= N; i++) e[i] = Math.min(total, Math.max(0, Math.round((start + (size * i) / N) * total)));
    for (let i = 1; i <= N; i++) if (e[i] <= e[i - 1]) e[i] = Math.min(total, e[i - 1] + 1);
    for (let i = N - 1; i >= 0; i--) if (e[i] >= e[i + 1]) e[i] = e[i + 1] - 1;
    return e;
  };
  const xs = edges(r.x, r.w, width);
  const ys = edges(r.y, r.h, height);
  for (let j = 0; j < N; j++) {
    for (let i = 0; i < N; i++) {
      const v = integral.mean(xs[i], ys[j], xs[i + 1], ys[j + 1]);
      out[j * N + (mirror ? N - 1 - i : i)] = v;
    }
  }
  return out;
}

/** The pHash of 32×32 samples: DCT coefficients (1..8)×(1..8) against their median. */
function phashOf(samples: Float64Array): Hash64 {
  // Rows first: for each row y, the coefficients u = 1..8.
  const rows = new Float64Array(N * 8);
  for (let y = 0; y < N; y++) {
    for (let u = 1; u <= 8; u++) {
      let acc = 0;
      const cu = u * N;
      for (let x = 0; x < N; x++) acc += samples[y * N + x] * COS[cu + x];
      rows[y * 8 + u - 1] = acc;
    }
  }
  const coeffs = new Float64Array(64);
  for (let v = 1; v <= 8; v++) {
    const cv = v * N;
    for (let u = 0; u < 8; u++) {
      let acc = 0;
      for (let y = 0; y < N; y++) acc += rows[y * 8 + u] * COS[cv + y];
      coeffs[(v - 1) * 8 + u] = acc;
    }
  }
  const sorted = Float64Array.from(coeffs).sort();
  const median = (sorted[31] + sorted[32]) / 2;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 32; i++) if (coeffs[i] > median) hi |= 1 << (31 - i);
  for (let i = 0; i < 32; i++) if (coeffs[32 + i] > median) lo |= 1 << (31 - i);
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

/** The pHash of a region of the image (the whole image by default). */
export function phash(image: GreyImage | Integral, region: Region = WHOLE, mirror = false): Hash64 {
  const integral = image instanceof Integral ? image : new Integral(image);
  return phashOf(sample(integral, region, mirror));
}

const WHOLE: Region = { x: 0, y: 0, w: 1, h: 1 };

/**
 * The regions hashed for a protected (original) image (51): the whole image, and windows of 90%,
 * 80% and 70% of each side on grids of 3×3, 4×4 and 5×5 offsets, so that a crop keeping 70–90% of
 * each side (at any position) overlaps one window closely enough for a near hash.
 */
export const ORIGINAL_REGIONS: readonly Region[] = (() => {
  const out: Region[] = [WHOLE];
  for (const [size, steps] of [
    [0.9, 3],
    [0.8, 4],
    [0.7, 5],
  ] as const) {
    for (let j = 0; j < steps; j++) {
      for (let i = 0; i < steps; i++) {
        out.push({ x: ((1 - size) * i) / (steps - 1), y: ((1 - size) * j) / (steps - 1), w: size, h: size });
      }
    }
  }
  return out;
})();

/**
 * The regions hashed for a suspect image, each also mirrored: the whole image, and the image
 * without a strip of 12% or 20% at the top or the bottom (a caption or a banner added to a copy).
 */
const QUERY_REGIONS: readonly Region[] = [
  WHOLE,
  { x: 0, y: 0, w: 1, h: 0.88 },
  { x: 0, y: 0.12, w: 1, h: 0.88 },
  { x: 0, y: 0, w: 1, h: 0.8 },
  { x: 0, y: 0.2, w: 1, h: 0.8 },
];

/** Hashes of the given regions of the image, in their order. */
function regionHashes(image: GreyImage, regions: readonly Region[], mirror = false): Hash64[] {
  const integral = new Integral(image);
  return regions.map((r) => phash(integral, r, mirror));
}

/** What is kept of a protected image: the hash of each of ORIGINAL_REGIONS. */
export function originalHashes(image: GreyImage): Hash64[] {
  return regionHashes(image, ORIGINAL_REGIONS);
}

/** What a suspect image is looked up by: each of QUERY_REGIONS, as it is and mirrored. */
export function queryHashes(image: GreyImage): { hash: Hash64; region: number; mirrored: boolean }[] {
  const integral = new Integral(image);
  const out: { hash: Hash64; region: number; mirrored: boolean }[] = [];
  for (const mirrored of [false, true]) {
    QUERY_REGIONS.forEach((r, region) => out.push({ hash: phash(integral, r, mirrored), region, mirrored }));
  }
  return out;
}
