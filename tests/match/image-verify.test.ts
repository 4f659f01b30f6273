import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  decodeImage,
  FIRST_WINDOW_QUERY,
  Integral,
  ORIGINAL_REGIONS,
  originalHashes,
  QUERY_REGIONS,
  queryHashes,
  thumbnail,
} from '../../src/fingerprint/index.ts';
import { CANDIDATE_OPTIONS, confirmCandidates, ImageIndex } from '../../src/match/index.ts';
import { confirmed, MAX_TONE_SHIFT, MIN_CORRELATION, verifyCandidate } from '../../src/match/image-verify.ts';
import { scene } from '../support/scene.ts';

const grey = async (jpeg: Buffer) => new Integral(await decodeImage(jpeg));
const WHOLE = QUERY_REGIONS[0];
/** The 70% windows' offsets are 0.3 · i / 7 (an 8×8 grid): the window at (2, 2) of it. */
const STEP = 0.3 / 7;
const WINDOW_70 = ORIGINAL_REGIONS.findIndex((r) => !r.strips && r.w === 0.7 && Math.abs(r.x - 2 * STEP) < 1e-9 && Math.abs(r.y - 2 * STEP) < 1e-9);

describe('image thumbnails', () => {
  it('are 32×32 cells of mean grey over the whole image', () => {
    const width = 320;
    const height = 160;
    const data = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = x < width / 2 ? 10 : y < height / 4 ? 200 : 100;
    const t = thumbnail({ width, height, data });
    expect(t.length).toBe(1024);
    expect(t[0]).toBe(10);
    expect(t[15]).toBe(10);
    expect(t[16]).toBe(200);
    expect(t[7 * 32 + 31]).toBe(200);
    expect(t[8 * 32 + 16]).toBe(100);
    expect(t[31 * 32 + 31]).toBe(100);
  });
});

describe('image match verification', () => {
  it("correlates a 30% crop that falls between the 70% windows' offsets with its original's thumbnail, and not with another image's", async () => {
    expect(WINDOW_70).toBeGreaterThan(0);
    const original = await scene(1);
    const other = await scene(2);
    // Kept: 70% of each side from 2.5 steps of the grid, halfway between two windows' offsets.
    const crop = await sharp(original)
      .extract({ left: Math.round(2.5 * STEP * 1200), top: Math.round(2.5 * STEP * 800), width: 840, height: 560 })
      .jpeg({ quality: 80 })
      .toBuffer();
    const suspect = await grey(crop);
    const own = verifyCandidate(suspect, thumbnail(await grey(original)), ORIGINAL_REGIONS[WINDOW_70], WHOLE, false);
    const stranger = verifyCandidate(suspect, thumbnail(await grey(other)), ORIGINAL_REGIONS[WINDOW_70], WHOLE, false);
    expect(own.correlation).toBeGreaterThanOrEqual(MIN_CORRELATION);
    expect(Math.abs(own.toneShift)).toBeLessThan(10);
    expect(stranger.correlation).toBeLessThan(MIN_CORRELATION);
    // At 11 bits, beyond the 70% windows' usual 8, the crop counts because it correlates; the stranger does not.
    expect(confirmed({ distance: 11, region: WINDOW_70 }, own)).toBe(true);
    expect(confirmed({ distance: 11, region: WINDOW_70 }, stranger)).toBe(false);
    expect(confirmed({ distance: 13, region: WINDOW_70 }, own)).toBe(false);
    // Without a thumbnail (an image hashed before they were kept): the usual distance only.
    expect(confirmed({ distance: 11, region: WINDOW_70 }, null)).toBe(false);
    expect(confirmed({ distance: 8, region: WINDOW_70 }, null)).toBe(true);
  });

  it('finds a mirrored copy, a 30% crop and a captioned copy through a verified lookup, and neither another image nor a dark rendering of the original', async () => {
    const originals = await Promise.all([1, 2, 3, 4].map(scene));
    const index = new ImageIndex(CANDIDATE_OPTIONS);
    const thumbs = new Map<string, Uint8Array>();
    for (const [i, jpeg] of originals.entries()) {
      const g = await grey(jpeg);
      index.add({ id: `p${i}`, hashes: originalHashes(g) });
      thumbs.set(`p${i}`, thumbnail(g));
    }
    const find = async (jpeg: Buffer, thumbOf = (id: string) => thumbs.get(id)) => {
      const g = await grey(jpeg);
      const queries = queryHashes(g);
      return confirmCandidates(g, queries, index.lookup(queries.map((q) => q.hash)), thumbOf).map((c) => c.id);
    };
    const a = originals[0];
    const mirrored = await sharp(a).flop().jpeg().toBuffer();
    const cropped = await sharp(a).extract({ left: 150, top: 100, width: 840, height: 560 }).jpeg().toBuffer();
    const captioned = await sharp(a).extend({ bottom: 120, background: '#ffffff' }).jpeg().toBuffer();
    const brighter = await sharp(a).modulate({ brightness: 1.25 }).jpeg().toBuffer();
    for (const copy of [mirrored, cropped, captioned, brighter]) expect(await find(copy)).toContain('p0');
    expect(await find(await scene(9))).toEqual([]);
    // The same picture rendered dark (grey levels scaled to 35%): the pHash cannot tell (it is blind
    // to an affine change of grey), the thumbnail's mean grey can.
    const dark = await sharp(a).linear(0.35, 0).jpeg().toBuffer();
    const darkGrey = await grey(dark);
    const hashOnly = index.lookup(queryHashes(darkGrey).map((q) => q.hash));
    expect(hashOnly.map((c) => c.id)).toContain('p0');
    const v = verifyCandidate(darkGrey, thumbs.get('p0')!, ORIGINAL_REGIONS[0], WHOLE, false);
    expect(v.toneShift).toBeLessThan(-MAX_TONE_SHIFT);
    expect(await find(dark)).not.toContain('p0');
    // With no thumbnails, the dark rendering is found as before (the hashes alone).
    expect(await find(dark, () => undefined)).toContain('p0');
  });

  it("finds a 20% crop between the 80% windows' offsets through the suspect's windows, each of which must correlate", async () => {
    const originals = await Promise.all([1, 2, 3, 4].map(scene));
    const index = new ImageIndex(CANDIDATE_OPTIONS);
    const thumbs = new Map<string, Uint8Array>();
    for (const [i, jpeg] of originals.entries()) {
      const g = await grey(jpeg);
      index.add({ id: `p${i}`, hashes: originalHashes(g) });
      thumbs.set(`p${i}`, thumbnail(g));
    }
    // 80% of each side kept from 0.125 of the original's sides: halfway between the 80% windows'
    // offsets (0.2 · i / 4) on both axes.
    const crop = await sharp(originals[2]).extract({ left: 150, top: 100, width: 960, height: 640 }).jpeg({ quality: 80 }).toBuffer();
    const g = await grey(crop);
    const windows = queryHashes(g, { windows: true });
    expect(windows.length).toBe(2 * (QUERY_REGIONS.length - FIRST_WINDOW_QUERY));
    expect(windows.every((q) => q.region >= FIRST_WINDOW_QUERY && QUERY_REGIONS[q.region].w < 1)).toBe(true);
    const found = confirmCandidates(g, windows, index.lookup(windows.map((q) => q.hash)), (id) => thumbs.get(id));
    expect(found.map((c) => c.id)).toEqual(['p2']);
    // Through a window, the usual distance is not enough: the correlation is needed.
    const hit = found[0];
    const q = windows[hit.query];
    const v = verifyCandidate(g, thumbs.get('p2')!, ORIGINAL_REGIONS[hit.region], QUERY_REGIONS[q.region], q.mirrored);
    expect(v.correlation).toBeGreaterThanOrEqual(MIN_CORRELATION);
    const weak = { ...v, correlation: MIN_CORRELATION - 0.01 };
    expect(confirmed({ distance: 4, region: hit.region }, weak)).toBe(true);
    expect(confirmed({ distance: 4, region: hit.region }, weak, true)).toBe(false);
    expect(confirmed({ distance: 4, region: hit.region }, null, true)).toBe(false);
    // Another image's windows confirm nothing.
    const stranger = await grey(await scene(9));
    const strangerWindows = queryHashes(stranger, { windows: true });
    expect(confirmCandidates(stranger, strangerWindows, index.lookup(strangerWindows.map((w) => w.hash)), (id) => thumbs.get(id))).toEqual([]);
  });

  it('refuses a thumbnail of the wrong size with a one-line error', async () => {
    const g = await grey(await scene(1));
    expect(() => verifyCandidate(g, new Uint8Array(10), ORIGINAL_REGIONS[0], WHOLE, false)).toThrow('thumbnail of 10 bytes (expected 1024)');
  });
});
