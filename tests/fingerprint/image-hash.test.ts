import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, hamming, ImageRejected, ORIGINAL_REGIONS, originalHashes, phash, queryHashes } from '../../src/fingerprint/index.ts';
import { ImageIndex } from '../../src/match/index.ts';
import { scene } from '../support/scene.ts';

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

  it('find a copy watermarked across the middle by its top and bottom strips, and a copy cropped by 30% of each side near one of the 70% windows’ offsets', async () => {
    const index = new ImageIndex();
    const originals = await Promise.all([1, 2, 3, 4].map(scene));
    for (const [i, jpeg] of originals.entries()) index.add({ id: `p${i}`, hashes: originalHashes(await decodeImage(jpeg)) });
    const a = originals[1];
    // A banner of black and white blocks across the middle, clear of the top and bottom 40%.
    const blocks = Array.from({ length: 3 }, (_, i) => `<rect x="${i * 400}" y="330" width="400" height="140" fill="${i % 2 ? 'white' : 'black'}"/>`).join('');
    const box = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">${blocks}</svg>`;
    const watermarked = await sharp(a)
      .composite([{ input: Buffer.from(box), left: 0, top: 0 }])
      .jpeg({ quality: 70 })
      .toBuffer();
    const strips = ORIGINAL_REGIONS.findIndex((r) => r.strips);
    // The box changes the whole image's hash beyond the distance; the strips hash is untouched.
    expect(hamming(phash(await decodeImage(a)), phash(await decodeImage(watermarked)))).toBeGreaterThan(near);
    expect(index.lookup(queryHashes(await decodeImage(watermarked)).map((q) => q.hash))[0]).toMatchObject({ id: 'p1', region: strips });
    const cropped = await sharp(a).extract({ left: 105, top: 204, width: 840, height: 560 }).jpeg({ quality: 80 }).toBuffer();
    const hit = index.lookup(queryHashes(await decodeImage(cropped)).map((q) => q.hash))[0];
    expect(hit?.id).toBe('p1');
    expect(ORIGINAL_REGIONS[hit.region].w).toBeLessThan(0.75);
  });

  it('are the same for a photo stored turned with an EXIF orientation as for the upright photo', async () => {
    const a = await scene(6);
    // Stored turned a quarter clockwise, with orientation 8 telling viewers to turn it back.
    const turned = await sharp(await sharp(a).rotate(90).toBuffer())
      .withMetadata({ orientation: 8 })
      .jpeg({ quality: 90 })
      .toBuffer();
    const d = await decodeImage(turned);
    expect([d.sourceWidth, d.sourceHeight, d.width, d.height]).toEqual([1200, 800, 256, 171]);
    expect(hamming(phash(await decodeImage(a)), phash(d))).toBeLessThanOrEqual(4);
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
