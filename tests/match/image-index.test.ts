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

describe('ImageIndex', () => {
  it('finds the image holding a region hash within the distance, with the region and the distance, and not beyond it', () => {
    const index = new ImageIndex({ maxDistance: 10 });
    for (let i = 0; i < 200; i++) index.add({ id: `img${i}`, hashes: hashes(i + 1, 20) });
    const target = hashes(43, 20)[7];
    const hits = index.lookup([hashes(999, 1)[0], flip(target, [1, 9, 17, 33, 41, 50])]);
    expect(hits[0]).toEqual({ id: 'img42', distance: 6, region: 7, query: 1 });
    expect(index.lookup([flip(target, [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20])]).map((h) => h.id)).not.toContain('img42');
  });

  it('finds every hash within 7 bits with probe radius 1, wherever the bits fall', () => {
    const index = new ImageIndex({ maxDistance: 7, probeRadius: 1 });
    for (let i = 0; i < 50; i++) index.add({ id: `img${i}`, hashes: hashes(i + 1, 5) });
    const target = hashes(11, 5)[2];
    // Two bits in each of three bands and one in the fourth: no band is exact.
    const q = flip(target, [0, 1, 16, 17, 32, 33, 48]);
    expect(index.lookup([q])[0]).toMatchObject({ id: 'img10', distance: 7 });
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
  });
});
