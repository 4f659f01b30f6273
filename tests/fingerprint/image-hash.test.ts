import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, hamming, ImageRejected, originalHashes, phash, queryHashes } from '../../src/fingerprint/index.ts';
import { ImageIndex } from '../../src/match/index.ts';

/** A made-up "photo": shapes and a gradient at 1200×800, as JPEG. */
function scene(seed: number): Promise<Buffer> {
  const r = (k: number) => {
    const x = Math.sin(seed * 12.9898 + k * 78.233) * 43758.5453;
    return x - Math.floor(x);
  };
  const colour = (k: number) => `rgb(${Math.floor(r(k) * 255)},${Math.floor(r(k + 1) * 255)},${Math.floor(r(k + 2) * 255)})`;
  const shapes = Array.from(
    { length: 14 },
    (_, i) =>
      `<ellipse cx="${r(10 * i) * 1200}" cy="${r(10 * i + 1) * 800}" rx="${40 + r(10 * i + 2) * 220}" ry="${40 + r(10 * i + 3) * 160}" fill="${colour(10 * i + 4)}"/>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
    <defs><linearGradient id="g" x1="0" y1="0" x2="${r(500).toFixed(2)}" y2="${r(501).toFixed(2)}"><stop offset="0" stop-color="${colour(502)}"/><stop offset="1" stop-color="${colour(505)}"/></linearGradient></defs>
    <rect width="1200" height="800" fill="url(#g)"/>${shapes}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

const near = 10;

async function reject(bytes: Buffer, limits = {}): Promise<ImageRejected> {
  try {
    await decodeImage(bytes, limits);
  } catch (e) {
    if (e instanceof ImageRejected) return e;
    throw e;
  }
  throw new Error('decoded');
}

describe('image hashes', () => {
  it('keep a resized and recompressed copy near and another image far', async () => {
    const a = await scene(1);
    const copy = await sharp(a).resize(500).jpeg({ quality: 30 }).toBuffer();
    const other = await scene(2);
    const ha = phash(await decodeImage(a));
    expect(hamming(ha, phash(await decodeImage(copy)))).toBeLessThanOrEqual(4);
    expect(hamming(ha, phash(await decodeImage(other)))).toBeGreaterThan(near);
  });

  it('find a mirrored copy, a 20% crop and a copy with a caption strip through the index, and not another image', async () => {
    const index = new ImageIndex();
    const originals = await Promise.all([1, 2, 3, 4].map(scene));
    for (const [i, jpeg] of originals.entries()) index.add({ id: `p${i}`, hashes: originalHashes(await decodeImage(jpeg)) });
    const a = originals[0];
    const mirrored = await sharp(a).flop().jpeg().toBuffer();
    const cropped = await sharp(a).extract({ left: 170, top: 40, width: 960, height: 640 }).jpeg().toBuffer();
    const captioned = await sharp(a).extend({ bottom: 120, background: '#ffffff' }).jpeg().toBuffer();
    for (const copy of [mirrored, cropped, captioned]) {
      const hits = index.lookup(queryHashes(await decodeImage(copy)).map((q) => q.hash));
      expect(hits[0]?.id).toBe('p0');
    }
    const stranger = await scene(9);
    expect(index.lookup(queryHashes(await decodeImage(stranger)).map((q) => q.hash))).toEqual([]);
  });

  it('are the same after a brightness and contrast shift', async () => {
    const a = await scene(3);
    const shifted = await sharp(a).linear(0.8, 20).jpeg({ quality: 85 }).toBuffer();
    expect(hamming(phash(await decodeImage(a)), phash(await decodeImage(shifted)))).toBeLessThanOrEqual(4);
  });
});

describe('decodeImage refuses hostile or useless input with a reason', () => {
  it('refuses SVG as vector, bytes that are no image, and a truncated JPEG', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="500" height="500"><rect width="500" height="500"/></svg>');
    expect((await reject(svg)).reason).toBe('vector');
    expect((await reject(Buffer.from('not an image at all'))).reason).toBe('undecodable');
    const jpeg = await scene(4);
    expect((await reject(jpeg.subarray(0, 2000))).reason).toBe('undecodable');
  });

  it('refuses an animated GIF', async () => {
    const frame = (c: string) =>
      sharp({ create: { width: 100, height: 100, channels: 3, background: c } })
        .png()
        .toBuffer();
    const gif = await sharp([await frame('#f00'), await frame('#00f')], { join: { animated: true } })
      .gif()
      .toBuffer();
    const e = await reject(gif);
    expect(e.reason).toBe('animated');
    expect(e.message).toContain('2 frames');
  });

  it('refuses more pixels than the limit (a decompression bomb) before decoding, and sides out of range', async () => {
    const big = await sharp({ create: { width: 3000, height: 3000, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    expect(big.length).toBeLessThan(200_000);
    expect((await reject(big, { maxPixels: 4_000_000 })).reason).toBe('too-many-pixels');
    expect((await reject(big, { maxSide: 2000 })).reason).toBe('too-large');
    const icon = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    expect((await reject(icon)).reason).toBe('too-small');
  });

  it('decodes a photo to a grey image of at most 256 px a side, keeping the source size', async () => {
    const d = await decodeImage(await scene(5));
    expect([d.width, d.height, d.sourceWidth, d.sourceHeight, d.format]).toEqual([256, 171, 1200, 800, 'jpeg']);
    expect(d.data.length).toBe(256 * 171);
  });
});
