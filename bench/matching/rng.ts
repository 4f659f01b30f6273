/** A small seeded PRNG (mulberry32), so the pair suite is the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seed for one key (an original's id) under the suite's seed (FNV-1a): each original draws its
 * variants and hosts from a stream of its own, so a change in one original's extraction (more
 * paragraphs, more draws) does not re-draw every pair after it.
 */
export function seedFor(seed: number, key: string): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** Items ordered by a hash of their id under the seed: a stable draw, whatever else is in the list. */
export function byHash<T extends { id: string }>(items: T[], seed: number): T[] {
  return items
    .map((item) => ({ item, h: seedFor(seed, item.id) }))
    .sort((a, b) => a.h - b.h || (a.item.id < b.item.id ? -1 : 1))
    .map((x) => x.item);
}

export function pick<T>(items: T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * sfc32 seeded through splitmix32: a 128-bit state, so generators seeded with different numbers
 * do not walk the same cycle (mulberry32's single 2^32 cycle makes some pairs of seeds produce
 * shifted copies of one sequence, which at a million synthetic articles means accidental copies).
 */
export function rng128(seed: number): () => number {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(),
    b = split(),
    c = split(),
    d = split() ^ Math.floor(seed / 4294967296);
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}
