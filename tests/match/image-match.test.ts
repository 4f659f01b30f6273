/**
 * The transformation labels of an image finding (src/match/image-match.ts), read from which of the
 * original's regions and which of the suspect's query hashes matched: what the takedown draft and
 * the rules' `image.transforms` say about the copy.
 */
import { describe, expect, it } from 'vitest';
import { FIRST_WINDOW_QUERY } from '../../src/fingerprint/index.ts';
import { transformsOf } from '../../src/match/index.ts';

const original = { width: 1000, height: 600, sha256: 'a'.repeat(64) };
const whole = { x: 0, y: 0, w: 1, h: 1 };

describe('the transformations an image match shows', () => {
  it('says nothing of the very same bytes, and "recompressed" of other bytes of the same size', () => {
    expect(transformsOf(original, original, whole, { region: 0, mirrored: false })).toEqual([]);
    expect(transformsOf(original, { ...original, sha256: 'b'.repeat(64) }, whole, { region: 0, mirrored: false })).toEqual(['recompressed']);
  });

  it('names a crop resized to another width, and a mirrored copy', () => {
    const copy = { width: 640, height: 480, sha256: 'c'.repeat(64) };
    expect(transformsOf(original, copy, { x: 0.1, y: 0, w: 0.8, h: 0.8 }, { region: 0, mirrored: true })).toEqual(['cropped', 'mirrored', 'resized']);
  });

  it('calls a match through the strips hash a mark across the middle, not a caption strip', () => {
    const copy = { ...original, sha256: 'd'.repeat(64) };
    expect(transformsOf(original, copy, whole, { region: 5, mirrored: false, strips: true })).toEqual(['watermarked']);
    expect(transformsOf(original, copy, whole, { region: 1, mirrored: false })).toEqual(['caption-strip']);
  });

  it("calls a match through a window of the copy a crop, of the copy's own scale when the window is the matched part's width", () => {
    // A 20% crop at full scale (800 px of the original's 1000): its 87.5% window is 70% of the original.
    const copy = { width: 800, height: 480, sha256: 'e'.repeat(64) };
    const window = { x: 0.15, y: 0.1, w: 0.7, h: 0.7 };
    expect(transformsOf(original, copy, window, { region: FIRST_WINDOW_QUERY + 4, mirrored: false })).toEqual(['cropped']);
    expect(transformsOf(original, { ...copy, width: 400 }, window, { region: FIRST_WINDOW_QUERY, mirrored: true })).toEqual(['cropped', 'mirrored', 'resized']);
  });
});
