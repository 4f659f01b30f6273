/**
 * The pHash as image-hash.ts computed it before its speed-up (commit e3bbf99): a summed-area table
 * of doubles, each row's DCT coefficients one at a time. Kept only as the reference the faster
 * implementation must equal bit for bit (image-hash-speed.test.ts); the regions come from
 * image-hash.ts, so a change of regions changes both alike.
 */
import type { GreyImage, Hash64, Region } from '../../../src/fingerprint/index.ts';

const N = 32;
const H = N / 2;
const STRIP = 0.4;
const COS = (() => {
  const c = new Float64Array(9 * N);
  for (let u = 0; u < 9; u++) for (let x = 0; x < N; x++) c[u * N + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * N));
  return c;
})();

export function referenceSums(img: GreyImage): Float64Array {
  const w1 = img.width + 1;
  const s = new Float64Array(w1 * (img.height + 1));
  for (let y = 0; y < img.height; y++) {
    let row = 0;
    for (let x = 0; x < img.width; x++) {
      row += img.data[y * img.width + x];
      s[(y + 1) * w1 + x + 1] = s[y * w1 + x + 1] + row;
    }
  }
  return s;
}

function edges(start: number, size: number, total: number): Int32Array {
  const e = new Int32Array(N + 1);
  for (let i = 0; i <= N; i++) e[i] = Math.min(total, Math.max(0, Math.round((start + (size * i) / N) * total)));
  for (let i = 1; i <= N; i++) if (e[i] <= e[i - 1]) e[i] = Math.min(total, e[i - 1] + 1);
  for (let i = N - 1; i >= 0; i--) if (e[i] >= e[i + 1]) e[i] = e[i + 1] - 1;
  return e;
}

function coefficients(img: GreyImage, s: Float64Array, r: Region, mirror: boolean): Float64Array {
  const w1 = img.width + 1;
  const xs = edges(r.x, r.w, img.width);
  const ys = edges(r.y, r.h, img.height);
  const column = new Float64Array(N + 1);
  const row = new Float64Array(N);
  const rows = new Float64Array(N * 8);
  const sum = new Float64Array(H);
  const diff = new Float64Array(H);
  const out = new Float64Array(64);
  for (let j = 0; j < N; j++) {
    const top = ys[j] * w1;
    const bottom = ys[j + 1] * w1;
    const rowsHigh = ys[j + 1] - ys[j];
    for (let i = 0; i <= N; i++) column[i] = s[bottom + xs[i]] - s[top + xs[i]];
    for (let i = 0; i < N; i++) row[mirror ? N - 1 - i : i] = (column[i + 1] - column[i]) / ((xs[i + 1] - xs[i]) * rowsHigh);
    for (let x = 0; x < H; x++) {
      sum[x] = row[x] + row[N - 1 - x];
      diff[x] = row[x] - row[N - 1 - x];
    }
    for (let u = 1; u <= 8; u++) {
      let acc = 0;
      for (let x = 0; x < H; x++) acc += (u & 1 ? diff : sum)[x] * COS[u * N + x];
      rows[j * 8 + u - 1] = acc;
    }
  }
  for (let u = 0; u < 8; u++) {
    for (let y = 0; y < H; y++) {
      sum[y] = rows[y * 8 + u] + rows[(N - 1 - y) * 8 + u];
      diff[y] = rows[y * 8 + u] - rows[(N - 1 - y) * 8 + u];
    }
    for (let v = 1; v <= 8; v++) {
      let acc = 0;
      for (let y = 0; y < H; y++) acc += (v & 1 ? diff : sum)[y] * COS[v * N + y];
      out[(v - 1) * 8 + u] = acc;
    }
  }
  return out;
}

function bits(c: Float64Array, from: number, count: number, median: number): number {
  let b = 0;
  for (let i = 0; i < count; i++) if (c[from + i] > median) b |= 1 << (count - 1 - i);
  return b >>> 0;
}

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
}

export function referencePhash(img: GreyImage, r: Region, mirror: boolean): Hash64 {
  const s = referenceSums(img);
  if (r.strips) {
    const top = coefficients(img, s, { x: r.x, y: r.y, w: r.w, h: r.h * STRIP }, mirror).subarray(0, 32);
    const bottom = coefficients(img, s, { x: r.x, y: r.y + r.h * (1 - STRIP), w: r.w, h: r.h * STRIP }, mirror).subarray(0, 32);
    return { hi: bits(top, 0, 32, median(top)), lo: bits(bottom, 0, 32, median(bottom)) };
  }
  const c = coefficients(img, s, r, mirror);
  const m = median(c);
  return { hi: bits(c, 0, 32, m), lo: bits(c, 32, 32, m) };
}
