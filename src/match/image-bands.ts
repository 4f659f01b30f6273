/**
 * The image index's bands (image-index.ts): a 64-bit hash cut into three bands of 21, 21 and 22
 * bits, the bucket of each band value in one table of 8 M buckets, the 32 bits outside a band kept
 * beside its entries, and the masks a lookup probes.
 */
/** The bands, from the top of hi to the bottom of lo: hi's top 21 bits; hi's low 11 and lo's top 10; lo's low 22. */
export const BAND_WIDTH = [21, 21, 22];
export const BANDS = 3;
export const BAND_OFFSET = [0, 1 << 21, 1 << 22];
export const BAND_BUCKETS = 1 << 23;

export function bandValue(hi: number, lo: number, b: number): number {
  if (b === 0) return hi >>> 11;
  if (b === 1) return ((hi & 0x7ff) << 10) | (lo >>> 22);
  return lo & 0x3fffff;
}

/** The bucket (band and value) of a hash in band b. */
export function bandOf(hi: number, lo: number, b: number): number {
  if (b === 0) return hi >>> 11;
  if (b === 1) return 0x200000 + (((hi & 0x7ff) << 10) | (lo >>> 22));
  return 0x400000 + (lo & 0x3fffff);
}

/** 32 bits of a hash outside band b, kept beside its bucket entry to turn most entries down at once. */
export function otherBits(hi: number, lo: number, b: number): number {
  if (b === 0) return lo;
  if (b === 1) return ((hi & 0xfffff800) | (lo & 0x7ff)) >>> 0;
  return hi;
}

/** The widths of the bits of a hash outside band b and outside its 32 other bits (64 − 21 − 32, 64 − 21 − 32, 64 − 22 − 32). */
export const REST_WIDTH = [11, 11, 10];

/** The bits of a hash in neither band b nor its other bits (REST_WIDTH[b] of them). */
export function restBits(hi: number, lo: number, b: number): number {
  if (b === 0) return hi & 0x7ff;
  if (b === 1) return (lo >>> 11) & 0x7ff;
  return lo >>> 22;
}

/** Per band and radius: the masks of every value within `radius` bits (0 first). */
export const MASKS = BAND_WIDTH.map((width) => {
  const byRadius: number[][] = [[0]];
  const one = Array.from({ length: width }, (_, i) => 1 << i);
  byRadius.push([0, ...one]);
  const two: number[] = [];
  for (let i = 0; i < width; i++) for (let j = i + 1; j < width; j++) two.push((1 << i) | (1 << j));
  byRadius.push([0, ...one, ...two]);
  return byRadius;
});

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
