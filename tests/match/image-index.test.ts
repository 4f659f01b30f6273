import { describe, expect, it } from 'vitest';
import type { Hash64 } from '../../src/fingerprint/index.ts';
import { ImageIndex } from '../../src/match/index.ts';

function hashes(seed: number, n: number): Hash64[] {
  let s = seed >>> 0;
  const word = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s ^ (s >>> 13) ^ Math.imul(s, 2654435761)) >>> 0;
  };
  return Array.from({ length: n }, () => ({ hi: word(), lo: word() }));
}

/** The hash with the given bits (0..63) flipped. */
function flip(h: Hash64, bits: number[]): Hash64 {
  let { hi, lo } = h;
  for (const b of bits) {
    if (b < 32) hi ^= 1 << b;
    else lo ^= 1 << (b - 32);
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

function popcount(a: Hash64, b: Hash64): number {
  let n = 0;
  for (let x = (a.hi ^ b.hi) >>> 0, y = (a.lo ^ b.lo) >>> 0, i = 0; i < 32; i++) n += ((x >>> i) & 1) + ((y >>> i) & 1);
  return n;
}

describe('ImageIndex', () => {
  it('finds the image holding a region hash within the distance, with the region and the distance, and not beyond it', () => {
    const index = new ImageIndex({ maxDistance: 10 });
    for (let i = 0; i < 200; i++) index.add({ id: `img${i}`, hashes: hashes(i + 1, 20) });
    const target = hashes(43, 20)[7];
    const hits = index.lookup([hashes(999, 1)[0], flip(target, [1, 9, 17, 33, 41, 50])]);
    expect(hits[0]).toEqual({ id: 'img42', distance: 6, region: 7, query: 1 });
    expect(index.lookup([flip(target, [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20])]).map((h) => h.id)).not.toContain('img42');
  });

  it('finds every hash within 8 bits with the default probe radius 2 and within 5 with radius 1, wherever the bits fall', () => {
    // The bands: bits 11..31 of hi (flip 11..31); hi 0..10 and lo 22..31 (flip 0..10, 54..63); lo 0..21 (flip 32..53).
    for (const sealed of [false, true]) {
      const wide = new ImageIndex();
      const narrow = new ImageIndex({ probeRadius: 1 });
      for (let i = 0; i < 50; i++) {
        wide.add({ id: `img${i}`, hashes: hashes(i + 1, 5) });
        narrow.add({ id: `img${i}`, hashes: hashes(i + 1, 5) });
      }
      if (sealed) {
        wide.compact();
        narrow.compact();
      }
      const target = hashes(11, 5)[2];
      // Three bits in two bands and two in the third: no band within 1 bit.
      expect(wide.lookup([flip(target, [11, 20, 31, 0, 5, 60, 32, 53])])[0]).toMatchObject({ id: 'img10', distance: 8, region: 2 });
      expect(narrow.lookup([flip(target, [11, 20, 31, 0, 5, 60, 32, 53])])).toEqual([]);
      expect(narrow.lookup([flip(target, [11, 20, 0, 60, 40])])[0]).toMatchObject({ id: 'img10', distance: 5, region: 2 });
    }
  });

  it('answers as a comparison with every stored hash does, for every hash within the guaranteed 8 bits, sealed or not', () => {
    const index = new ImageIndex({ maxDistance: 8 });
    const all = Array.from({ length: 300 }, (_, i) => hashes(1000 + i, 12));
    all.forEach((h, i) => index.add({ id: `img${i}`, hashes: h }));
    const queries = Array.from({ length: 60 }, (_, q) => {
      const target = all[(q * 37) % 300][q % 12];
      const bits = hashes(5000 + q, 8).map((h) => h.hi % 64);
      return [flip(target, bits.slice(0, q % 9)), hashes(9000 + q, 1)[0]];
    });
    const brute = (q: Hash64[]) =>
      all
        .map((h, i) => ({ id: `img${i}`, d: Math.min(...q.flatMap((x) => h.map((y) => popcount(x, y)))) }))
        .filter((c) => c.d <= 8)
        .map((c) => c.id)
        .sort();
    for (const pass of ['unsealed', 'sealed']) {
      if (pass === 'sealed') index.compact();
      for (const q of queries)
        expect(
          index
            .lookup(q, 300)
            .map((c) => c.id)
            .sort(),
          pass,
        ).toEqual(brute(q));
    }
  });

  it('forgets a removed image, replaces an image added again, and saves and loads to the same answers', () => {
    const index = new ImageIndex();
    for (let i = 0; i < 30; i++) index.add({ id: `img${i}`, hashes: hashes(i + 1, 10) });
    const q = [flip(hashes(6, 10)[3], [5, 40])];
    expect(index.lookup(q)[0].id).toBe('img5');
    index.remove('img5');
    expect(index.lookup(q)).toEqual([]);
    index.add({ id: 'img5', hashes: hashes(6, 10) });
    index.add({ id: 'img7', hashes: hashes(500, 10) });
    expect(index.size).toBe(30);
    const loaded = ImageIndex.fromBytes(index.toBytes());
    expect(loaded.size).toBe(30);
    expect(loaded.lookup(q)).toEqual(index.lookup(q));
    expect(loaded.lookup([hashes(8, 10)[0]])).toEqual([]);
    expect(loaded.lookup([hashes(500, 10)[9]])[0]).toMatchObject({ id: 'img7', distance: 0, region: 9 });
  });

  it('refuses bytes that are not an image index, and truncated ones, with a one-line error', () => {
    const index = new ImageIndex();
    index.add({ id: 'a', hashes: hashes(1, 3) });
    const bytes = index.toBytes();
    expect(() => ImageIndex.fromBytes(Buffer.from('CWX1 whatever'))).toThrow('not a copywatch image index');
    expect(() => ImageIndex.fromBytes(bytes.subarray(0, bytes.length - 3))).toThrow(/truncated/);
    // The earlier formats (CWI1, four 16-bit bands; CWI2, the 92-region list) are refused by name: they have to be rebuilt.
    expect(() => ImageIndex.fromBytes(Buffer.concat([Buffer.from('CWI1'), bytes.subarray(4)]))).toThrow(/old format CWI1.*rebuild/);
    expect(() => ImageIndex.fromBytes(Buffer.concat([Buffer.from('CWI2'), bytes.subarray(4)]))).toThrow(/old format CWI2.*92-region.*rebuild/);
  });

  it('gives several hits of an image when asked, nearest first and of distinct regions, and one by default', () => {
    const index = new ImageIndex({ maxDistance: 12, regionMaxDistance: [] });
    const own = hashes(7, 6);
    // Region 4 is region 1 with 3 bits flipped: a query near region 1 is near both.
    own[4] = flip(own[1], [3, 40, 61]);
    index.add({ id: 'a', hashes: own });
    index.add({ id: 'b', hashes: hashes(8, 6) });
    index.compact();
    const query = [flip(own[1], [5, 33])];
    expect(index.lookup(query)).toEqual([{ id: 'a', distance: 2, region: 1, query: 0 }]);
    expect(index.lookup(query, 10, { hitsPerImage: 3 })).toEqual([
      { id: 'a', distance: 2, region: 1, query: 0 },
      { id: 'a', distance: 5, region: 4, query: 0 },
    ]);
    // A smaller distance for one lookup than the index's.
    expect(index.lookup(query, 10, { within: 4, hitsPerImage: 3 })).toEqual([{ id: 'a', distance: 2, region: 1, query: 0 }]);
  });
});
