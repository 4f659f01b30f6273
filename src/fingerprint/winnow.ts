/**
 * Winnowing (Schleimer, Wilkerson, Aiken 2003): from every window of W consecutive shingle
 * hashes keep the minimum (the rightmost one on ties), each selected position once. Any two
 * texts that share a run of at least W + K - 1 units share at least one selected fingerprint;
 * runs shorter than K units share none.
 */

/** Shingles per window. With K = 6, every shared run of 6 + 64 - 1 = 69 units is guaranteed a fingerprint. */
export const W = 64;

/** The narrowest window an original is winnowed with: a suspect is looked up with windows of 16. */
export const MIN_W = 16;

/**
 * The window an original of `shingleCount` shingles is winnowed with: W for long texts, narrower
 * for short ones, so that a shared run of a fifth of the text (t = w + K - 1 units, and never
 * under MIN_W + K - 1 = 21) is sure to share a fingerprint. A 100-word story winnowed with W
 * keeps two or three fingerprints, and a copy of half of it could hold none; with this window it
 * keeps about ten. Any text's fingerprints for a window w are a superset of those for any wider
 * window, so an index built with W stays valid: it only finds fewer short copies.
 */
export function windowFor(shingleCount: number): number {
  return Math.max(MIN_W, Math.min(W, Math.floor((shingleCount + 5) / 5) - 5));
}

export interface Winnowed {
  hashes: Uint32Array;
  /** Shingle index of each selected fingerprint. */
  positions: Int32Array;
}

export function winnow(shingleHashes: Uint32Array, w = W): Winnowed {
  const n = shingleHashes.length;
  if (n === 0) return { hashes: new Uint32Array(0), positions: new Int32Array(0) };
  if (n <= w) {
    // One window: its minimum.
    let best = 0;
    for (let i = 1; i < n; i++) if (shingleHashes[i] <= shingleHashes[best]) best = i;
    return { hashes: Uint32Array.of(shingleHashes[best]), positions: Int32Array.of(best) };
  }
  const hashes: number[] = [];
  const positions: number[] = [];
  // Monotone deque of candidate minima (indexes), front = minimum of the current window.
  const deque = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const h = shingleHashes[i];
    while (tail > head && shingleHashes[deque[tail - 1]] >= h) tail--; // rightmost minimum wins
    deque[tail++] = i;
    if (deque[head] <= i - w) head++;
    if (i >= w - 1) {
      const m = deque[head];
      if (m !== last) {
        hashes.push(shingleHashes[m]);
        positions.push(m);
        last = m;
      }
    }
  }
  return { hashes: Uint32Array.from(hashes), positions: Int32Array.from(positions) };
}
