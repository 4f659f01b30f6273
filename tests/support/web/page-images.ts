/**
 * The fixture e-paper's page pictures (版面图, `/images/YYYY-MM/DD/NN/page_b.jpg`): a scanned page
 * drawn here, no outside image: masthead, headline bars, columns of text lines and a photo block
 * whose place, size and shading follow the date and page, so that each page's picture is its own.
 * PNG bytes (the crawler and the decoder go by the bytes, not by the name), made once per page.
 */
import { crc32, deflateSync } from 'node:zlib';

const WIDTH = 500;
const cache = new Map<string, Buffer>();
const HEIGHT = 760;

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function png(gray: Uint8Array, width: number, height: number): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(gray.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function draw(date: string, page: number): Buffer {
  const rnd = random(Number(date.replaceAll('-', '')) * 10 + page);
  const px = new Uint8Array(WIDTH * HEIGHT).fill(236);
  const rect = (x0: number, y0: number, w: number, h: number, shade: (x: number, y: number) => number) => {
    for (let y = Math.max(0, y0); y < Math.min(HEIGHT, y0 + h); y++)
      for (let x = Math.max(0, x0); x < Math.min(WIDTH, x0 + w); x++) px[y * WIDTH + x] = shade(x - x0, y - y0);
  };
  // Masthead (page 1) or page header, then columns of text lines.
  rect(20, 16, 460, page === 1 ? 70 : 24, () => 40);
  const top = page === 1 ? 100 : 52;
  for (let col = 0; col < 4; col++) for (let y = top; y < 740; y += 9) rect(24 + col * 115, y, 100 - Math.floor(rnd() * 20), 3, () => 120);
  // Headline bars and the photo: where and how large follow the page; shaded by a gradient in a direction of its own.
  for (let k = 0; k < 3; k++) rect(24 + Math.floor(rnd() * 200), top + Math.floor(rnd() * 560), 140 + Math.floor(rnd() * 120), 16, () => 25);
  const w = 180 + Math.floor(rnd() * 200);
  const h = 140 + Math.floor(rnd() * 220);
  const x0 = 20 + Math.floor(rnd() * (460 - w));
  const y0 = top + Math.floor(rnd() * (720 - top - h));
  const angle = rnd() * Math.PI * 2;
  const [cx, cy] = [Math.cos(angle), Math.sin(angle)];
  const base = 60 + Math.floor(rnd() * 80);
  rect(x0, y0, w, h, (x, y) => Math.max(0, Math.min(255, base + Math.round(((x / w - 0.5) * cx + (y / h - 0.5) * cy) * 220))));
  // A dark disc in the photo (a face, a sun): at a place of its own.
  const [dx, dy, r] = [x0 + w * (0.2 + rnd() * 0.6), y0 + h * (0.2 + rnd() * 0.6), 20 + rnd() * 30];
  rect(Math.floor(dx - r), Math.floor(dy - r), Math.ceil(2 * r), Math.ceil(2 * r), (x, y) => {
    const [ax, ay] = [Math.floor(dx - r) + x, Math.floor(dy - r) + y];
    return (ax - dx) ** 2 + (ay - dy) ** 2 <= r * r ? 235 : px[ay * WIDTH + ax];
  });
  return png(px, WIDTH, HEIGHT);
}

/** The e-paper's banner, on every edition page (a template image: never kept as a photo). */
export const BANNER_PATH = '/images/epaper-banner.png';

export function bannerImage(): Buffer {
  let bytes = cache.get('banner');
  if (!bytes) {
    const [w, h] = [600, 90];
    const px = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px[y * w + x] = 30 + Math.round((x / w) * 150) + (y > 60 ? 60 : 0);
    cache.set('banner', (bytes = png(px, w, h)));
  }
  return bytes;
}

/** The page picture of an edition's page (PNG bytes). */
export function pageImage(date: string, page: number): Buffer {
  const key = `${date} ${page}`;
  let bytes = cache.get(key);
  if (!bytes) cache.set(key, (bytes = draw(date, page)));
  return bytes;
}

/** The path of an edition page's picture, as the edition page names it. */
export function pageImagePath(date: string, page: number): string {
  const [y, m, d] = date.split('-');
  return `/images/${y}-${m}/${d}/${String(page).padStart(2, '0')}/page_b.jpg`;
}
