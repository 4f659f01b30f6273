/**
 * The cheap first look at a candidate that shares one fingerprint (seed.ts): it must let through
 * a copy whose runs are cut short by lines a reposter put between them, and still turn down a
 * phrase shared by chance.
 */
import { describe, expect, it } from 'vitest';
import { fingerprintText, type TextFingerprint } from '../../src/fingerprint/index.ts';
import { seedReaches, worthAligning } from '../../src/match/seed.ts';

// 240 distinct words: every unit of the original is its own, so a run is exactly what is copied.
const words = Array.from({ length: 240 }, (_, i) => `w${(i * 7919) % 100_003}x`);
const original = fingerprintText(words.join(' '));
// A winnowed fingerprint of the original, well inside it: the shared one the seed starts from.
const at = original.winnowed.positions.find((p) => p > 40 && p < 180)!;
const slice = (from: number, to: number) => words.slice(from, to).join(' ');
const foreign = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}q`).join(' ');

const look = (text: string): boolean => worthAligning(original, [fingerprintText(text)]);
const lookRough = (text: string, units: number): boolean => {
  const s: TextFingerprint = fingerprintText(text);
  return seedReaches(original, { unitHashes: s.units.hashes, shingles: s.shingles }, units);
};

describe('the seed look', () => {
  it('a run of 24 units around the shared fingerprint is worth aligning; a six-word phrase is not', () => {
    expect(look(`${foreign(30, 'a')} ${slice(at - 8, at + 16)} ${foreign(30, 'b')}`)).toBe(true);
    expect(look(`${foreign(30, 'a')} ${slice(at, at + 6)} ${foreign(30, 'b')}`)).toBe(false);
  });

  it('goes on across a headline put between two copied sentences (14 + 14 units, a 9-word line between)', () => {
    const copy = `${foreign(20, 'a')} ${slice(at - 6, at + 8)} ${foreign(9, 'headline')} ${slice(at + 8, at + 22)} ${foreign(20, 'b')}`;
    expect(look(copy)).toBe(true);
    // The pre-filter's look on a page's rough text, with its seed of 16 units, the same.
    expect(lookRough(copy, 16)).toBe(true);
    // Either half alone is too short.
    expect(look(`${foreign(20, 'a')} ${slice(at - 6, at + 8)} ${foreign(29, 'b')}`)).toBe(false);
  });

  it('goes on across a sentence the reposter dropped, but not across a long foreign passage', () => {
    // The original's units at + 8 .. at + 20 left out of the copy: the gap is on the original's side.
    expect(look(`${foreign(20, 'a')} ${slice(at - 6, at + 8)} ${slice(at + 20, at + 34)} ${foreign(20, 'b')}`)).toBe(true);
    // 30 foreign units between the two halves is not a gap the look bridges.
    expect(look(`${foreign(20, 'a')} ${slice(at - 6, at + 8)} ${foreign(30, 'ad')} ${slice(at + 8, at + 22)} ${foreign(20, 'b')}`)).toBe(false);
    // Nor a resumption shorter than the alignment's shortest run (8 units).
    expect(look(`${foreign(20, 'a')} ${slice(at - 6, at + 8)} ${foreign(5, 'h')} ${slice(at + 8, at + 14)} ${foreign(20, 'b')}`)).toBe(false);
  });
});
