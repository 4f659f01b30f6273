/**
 * One-off: draws the fixture web's photo (tests/support/web/photos/): a synthetic scene of our
 * own (a refinery at dusk: sky gradient, sun, hills, towers, tanks, pipes, drawn from a seeded
 * generator with sharp, no outside image), and the repost a copying site serves: cropped, resized,
 * watermarked and recompressed. Run with `node --import tsx scripts/make-fixture-photos.ts`; the
 * outputs are committed, so tests never draw them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { rng } from '../bench/matching/rng.ts';

const OUT = join(import.meta.dirname, '..', 'tests', 'support', 'web', 'photos');
const W = 960;
const H = 640;

function scene(): string {
  const r = rng(17);
  const parts: string[] = [];
  parts.push(`<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
    <stop offset="0" stop-color="#1d2b64"/><stop offset="0.55" stop-color="#f8a65b"/><stop offset="1" stop-color="#fbe3a1"/></linearGradient>
    <radialGradient id="sun"><stop offset="0" stop-color="#fff6d5"/><stop offset="1" stop-color="#ffb347" stop-opacity="0"/></radialGradient></defs>`);
  parts.push(`<rect width="${W}" height="${H}" fill="url(#sky)"/>`);
  parts.push(`<circle cx="700" cy="300" r="150" fill="url(#sun)"/><circle cx="700" cy="300" r="48" fill="#fff1c1"/>`);
  // Hills, far then near.
  parts.push(`<path d="M0 420 Q 160 340 320 400 T 640 380 T 960 390 V 640 H 0 Z" fill="#6b4f5c"/>`);
  parts.push(`<path d="M0 480 Q 200 430 420 470 T 960 450 V 640 H 0 Z" fill="#3b2f3f"/>`);
  // Towers and chimneys of the refinery.
  for (let i = 0; i < 14; i++) {
    const x = 40 + i * 64 + r() * 30;
    const h = 80 + r() * 220;
    const w = 14 + r() * 26;
    parts.push(`<rect x="${x.toFixed(1)}" y="${(470 - h).toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="#231a26"/>`);
    if (r() < 0.5) parts.push(`<rect x="${(x - 4).toFixed(1)}" y="${(470 - h + 20).toFixed(1)}" width="${(w + 8).toFixed(1)}" height="6" fill="#c94f3d"/>`);
    if (r() < 0.4) {
      for (let k = 0; k < 5; k++)
        parts.push(
          `<circle cx="${(x + w / 2 + k * 14).toFixed(1)}" cy="${(470 - h - 20 - k * 22).toFixed(1)}" r="${(12 + k * 6).toFixed(1)}" fill="#e9e4ea" fill-opacity="${(0.55 - k * 0.09).toFixed(2)}"/>`,
        );
    }
  }
  // Tanks in front.
  for (let i = 0; i < 6; i++) {
    const cx = 90 + i * 150 + r() * 40;
    parts.push(
      `<ellipse cx="${cx.toFixed(1)}" cy="540" rx="62" ry="20" fill="#d9d4cf"/><rect x="${(cx - 62).toFixed(1)}" y="540" width="124" height="70" fill="#bdb6b0"/>`,
    );
    parts.push(`<rect x="${(cx - 62).toFixed(1)}" y="570" width="124" height="6" fill="#8f3a2e"/>`);
  }
  // Pipes.
  for (let i = 0; i < 4; i++) parts.push(`<rect x="0" y="${612 + i * 7}" width="${W}" height="3" fill="#5d5560"/>`);
  // Lights.
  for (let i = 0; i < 60; i++) parts.push(`<circle cx="${(r() * W).toFixed(1)}" cy="${(330 + r() * 150).toFixed(1)}" r="2.2" fill="#ffe08a"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${parts.join('')}</svg>`;
}

const WATERMARK = (w: number, h: number) =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
  <text x="${w - 16}" y="${h - 18}" font-family="DejaVu Sans, sans-serif" font-size="${Math.round(h / 16)}" fill="#ffffff" fill-opacity="0.7" text-anchor="end">© tuku-share.test</text></svg>`);

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const original = await sharp(Buffer.from(scene())).jpeg({ quality: 85, mozjpeg: true }).toBuffer();
  writeFileSync(join(OUT, 'refinery-dusk.jpg'), original);
  // The repost: 12% cut from the left and 8% from the top, 88% × 88% kept, resized to 640 px wide, a corner watermark, JPEG q70.
  const left = Math.round(W * 0.12);
  const top = Math.round(H * 0.08);
  const cw = Math.round(W * 0.88);
  const ch = Math.round(H * 0.88);
  const cropped = await sharp(original).extract({ left, top, width: cw, height: ch }).resize({ width: 640 }).toBuffer({ resolveWithObject: true });
  const repost = await sharp(cropped.data)
    .composite([{ input: WATERMARK(cropped.info.width, cropped.info.height) }])
    .jpeg({ quality: 70 })
    .toBuffer();
  writeFileSync(join(OUT, 'refinery-dusk-repost.jpg'), repost);
  // A site logo (template: on every page of the copying site) and a tracking pixel.
  const logo = await sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="180" height="72"><rect width="180" height="72" fill="#0b5"/><circle cx="36" cy="36" r="22" fill="#fff"/><rect x="70" y="22" width="96" height="28" fill="#fff"/></svg>`,
    ),
  )
    .png()
    .toBuffer();
  writeFileSync(join(OUT, 'logo.png'), logo);
  console.log(`original ${original.length} bytes, repost ${repost.length} bytes, logo ${logo.length} bytes`);
}

await main();
