import { describe, expect, it } from 'vitest';
import { fingerprintText, GUARANTEE, hamming, simhashFromHex, simhashToHex, winnow, windowFor, shingles, analyze, MIN_W } from '../../src/fingerprint/index.ts';
import { ARTICLES } from '../support/web/articles.ts';

const article = ARTICLES[0].paragraphs.join('\n');
const other = ARTICLES[1].paragraphs.join('\n');

/** Deterministic pseudo-random CJK text (so shared runs are unlikely by chance). */
function randomCjk(n: number, seed: number): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += String.fromCharCode(0x4e00 + (x % 8000));
  }
  return out;
}

describe('simhash', () => {
  it('is equal for equal texts and a few bits apart after a small edit', () => {
    const a = fingerprintText(article).simhash;
    expect(hamming(a, fingerprintText(article).simhash)).toBe(0);
    const edited = article.replace('清晨七点', '早上七点钟');
    expect(hamming(a, fingerprintText(edited).simhash)).toBeLessThanOrEqual(3);
  });

  it('is far apart for different articles', () => {
    expect(hamming(fingerprintText(article).simhash, fingerprintText(other).simhash)).toBeGreaterThan(16);
  });

  it('round-trips through its hex form', () => {
    const s = fingerprintText(article).simhash;
    expect(simhashFromHex(simhashToHex(s))).toEqual(s);
    expect(() => simhashFromHex('xyz')).toThrow(/not a 64-bit simhash/);
  });

  it('gives texts shorter than one shingle a fingerprint, and empty texts none', () => {
    expect(fingerprintText('油价').winnowed.hashes.length).toBe(1);
    expect(fingerprintText('').winnowed.hashes.length).toBe(0);
    expect(fingerprintText('').simhash).toEqual({ hi: 0, lo: 0 });
  });
});

describe('winnowing', () => {
  it(`finds every shared run of t = ${GUARANTEE.t} units between otherwise unrelated texts`, () => {
    for (let seed = 1; seed <= 40; seed++) {
      const shared = randomCjk(GUARANTEE.t, seed * 7919);
      const a = randomCjk(400, seed) + shared + randomCjk(300, seed + 1000);
      const b = randomCjk(250, seed + 2000) + shared + randomCjk(500, seed + 3000);
      const fa = new Set(fingerprintText(a).winnowed.hashes);
      const fb = fingerprintText(b).winnowed.hashes;
      expect(fb.some((h) => fa.has(h))).toBe(true);
    }
  });

  it(`shares nothing for runs shorter than k = ${GUARANTEE.k} units`, () => {
    for (let seed = 1; seed <= 40; seed++) {
      const shared = randomCjk(GUARANTEE.k - 1, seed * 31);
      const a = fingerprintText(randomCjk(300, seed) + shared + randomCjk(300, seed + 99));
      const b = fingerprintText(randomCjk(300, seed + 555) + shared + randomCjk(300, seed + 777));
      const sa = new Set(a.shingles);
      expect(Array.from(b.shingles).some((h) => sa.has(h))).toBe(false);
    }
  });

  it('finds any shared fifth of a short original (21 units at least) looked up with windows of 16', () => {
    // A short story keeps denser fingerprints: a copy of a fifth of it always shares one with the
    // suspect's lookup (windows of 16), whatever text surrounds the copy.
    for (const units of [60, 110, 180, 260, 340]) {
      for (let seed = 1; seed <= 30; seed++) {
        const original = randomCjk(units, seed * 101 + units);
        const run = Math.max(MIN_W + 5, Math.ceil(units / 5));
        const from = (seed * 37) % (units - run + 1);
        const suspect = randomCjk(200, seed + 5000) + original.slice(from, from + run) + randomCjk(150, seed + 6000);
        const held = new Set(fingerprintText(original).winnowed.hashes);
        const looked = winnow(fingerprintText(suspect).shingles, 16).hashes;
        expect(
          looked.some((h) => held.has(h)),
          `${units} units, run of ${run} from ${from}`,
        ).toBe(true);
      }
    }
  });

  it('winnows long texts with W and short ones with narrower windows, never under MIN_W', () => {
    expect(windowFor(10_000)).toBe(GUARANTEE.w);
    expect(windowFor(340)).toBe(GUARANTEE.w);
    expect(windowFor(195)).toBe(35);
    expect(windowFor(100)).toBe(MIN_W);
    expect(windowFor(3)).toBe(MIN_W);
    // A 3,000-unit article keeps the density of W.
    const long = fingerprintText(randomCjk(3000, 7));
    expect(long.winnowed.hashes.length).toBeLessThan((2.5 * long.shingles.length) / (GUARANTEE.w + 1));
  });

  it('selects about 2/(w+1) of the shingles, each with its position', () => {
    const text = randomCjk(20_000, 42);
    const sh = shingles(analyze(text).hashes);
    const w = winnow(sh);
    const density = w.hashes.length / sh.length;
    expect(density).toBeGreaterThan(1.5 / (GUARANTEE.w + 1));
    expect(density).toBeLessThan(2.5 / (GUARANTEE.w + 1));
    for (let i = 0; i < w.hashes.length; i++) expect(sh[w.positions[i]]).toBe(w.hashes[i]);
  });
});
