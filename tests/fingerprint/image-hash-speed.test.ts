import { describe, expect, it } from 'vitest';
import {
  FIRST_WINDOW_QUERY,
  Integral,
  ORIGINAL_REGIONS,
  originalHashes,
  phash,
  QUERY_REGIONS,
  queryHashes,
  thumbnail,
  type GreyImage,
} from '../../src/fingerprint/index.ts';
import { rng } from '../../bench/matching/rng.ts';
import { referencePhash, referenceSums } from './support/image-hash-reference.ts';

/** Grey noise over a gradient and a few flat blocks: every size of texture the hashes see. */
function image(width: number, height: number, seed: number): GreyImage {
  const random = rng(seed);
  const data = new Uint8Array(width * height);
  const blocks = Array.from({ length: 6 }, () => [random() * width, random() * height, random() * width * 0.4, random() * height * 0.4, random() * 255]);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = (x / width) * 120 + (y / height) * 80 + random() * 50;
      for (const [bx, by, bw, bh, g] of blocks) if (x >= bx && x < bx + bw && y >= by && y < by + bh) v = g;
      data[y * width + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return { width, height, data };
}

describe('image hashes: the faster implementation equals the one before it bit for bit', () => {
  // Working-image sizes as decodeImage gives them (256 on the long side), odd ones, and small ones
  // where region cells are a pixel wide.
  const sizes: [number, number][] = [
    [256, 192],
    [192, 256],
    [256, 171],
    [255, 255],
    [97, 64],
    [64, 64],
  ];
  for (const [w, h] of sizes) {
    it(`every original and query region, as is and mirrored, on ${w}×${h}`, () => {
      for (const seed of [1, 2]) {
        const img = image(w, h, seed * 1000 + w + h);
        const integral = new Integral(img);
        for (const region of [...ORIGINAL_REGIONS, ...QUERY_REGIONS]) {
          for (const mirror of [false, true]) expect(phash(integral, region, mirror)).toEqual(referencePhash(img, region, mirror));
        }
        expect(originalHashes(img)).toEqual(ORIGINAL_REGIONS.map((r) => referencePhash(img, r, false)));
        // The first pass's query hashes, then the window pass's (as is, then mirrored, each).
        const first = QUERY_REGIONS.slice(0, FIRST_WINDOW_QUERY);
        const windows = QUERY_REGIONS.slice(FIRST_WINDOW_QUERY);
        expect(queryHashes(img).map((q) => q.hash)).toEqual([false, true].flatMap((m) => first.map((r) => referencePhash(img, r, m))));
        expect(queryHashes(img, { windows: true }).map((q) => q.hash)).toEqual([false, true].flatMap((m) => windows.map((r) => referencePhash(img, r, m))));
      }
    });
  }

  it('the summed-area table holds the same sums, and the thumbnail the same cells', () => {
    const img = image(256, 192, 7);
    const sums = referenceSums(img);
    expect(Array.from(new Integral(img).sums)).toEqual(Array.from(sums));
    const cells = thumbnail(img);
    // Each cell is the rounded mean of its box, read from the reference table.
    const w1 = img.width + 1;
    const at = (x: number, y: number) => sums[y * w1 + x];
    const edge = (i: number, total: number) => Math.round((i / 32) * total);
    for (let j = 0; j < 32; j++) {
      for (let i = 0; i < 32; i++) {
        const [x0, x1, y0, y1] = [edge(i, 256), edge(i + 1, 256), edge(j, 192), edge(j + 1, 192)];
        const mean = (at(x1, y1) - at(x0, y1) - at(x1, y0) + at(x0, y0)) / ((x1 - x0) * (y1 - y0));
        expect(cells[j * 32 + i]).toBe(Math.round(mean));
      }
    }
  });

  it('an image whose pixel sum outgrows 32 bits is summed exactly in doubles, with the same hashes', () => {
    const img = { width: 3000, height: 3000, data: new Uint8Array(3000 * 3000).fill(255) };
    for (let i = 0; i < img.data.length; i += 7) img.data[i] = (i * 13) & 255;
    const integral = new Integral(img);
    expect(integral.sums).toBeInstanceOf(Float64Array);
    expect(integral.sums[integral.sums.length - 1]).toBe(img.data.reduce((a, b) => a + b, 0));
    for (const region of ORIGINAL_REGIONS.slice(0, 3)) expect(phash(integral, region)).toEqual(referencePhash(img, region, false));
  });
});
