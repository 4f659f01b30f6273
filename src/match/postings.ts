/**
 * A compact multimap from 32-bit keys to 32-bit article numbers, built for millions of entries:
 * sorted segments of (key, value) pairs in typed arrays (8 bytes an entry), a small unsorted
 * buffer for recent additions, and geometric merging of segments (as in an LSM tree), so adding
 * stays cheap and a lookup is a handful of binary searches. Removal is the caller's business
 * (it filters dead article numbers); `compact(isLive)` drops them for good.
 */

interface Segment {
  keys: Uint32Array;
  values: Uint32Array;
}

const BUFFER_LIMIT = 1 << 16;
/** Bits of Postings.mayHold's table (2 MB). */
const KEY_BITS = 1 << 24;

export class Postings {
  private segments: Segment[] = [];
  private bufKeys = new Uint32Array(BUFFER_LIMIT);
  private bufValues = new Uint32Array(BUFFER_LIMIT);
  private bufSize = 0;

  get size(): number {
    return this.segments.reduce((n, s) => n + s.keys.length, 0) + this.bufSize;
  }

  /** Bytes held by the typed arrays. */
  get bytes(): number {
    return this.segments.reduce((n, s) => n + s.keys.byteLength + s.values.byteLength, 0) + this.bufKeys.byteLength * 2;
  }

  /** A bit per key hash (the low 24 bits of the key), set for every key held: a lookup that misses most keys skips the binary searches. Built on first use, dropped on add. */
  private keyBits: Uint32Array | null = null;

  /** False when no value is under `key`; true when one may be (the caller looks it up). */
  mayHold(key: number): boolean {
    if (!this.keyBits) {
      const bits = new Uint32Array(KEY_BITS >>> 5);
      const set = (k: number) => (bits[(k & (KEY_BITS - 1)) >>> 5] |= 1 << (k & 31));
      for (const seg of this.segments) for (let i = 0; i < seg.keys.length; i++) set(seg.keys[i]);
      for (let i = 0; i < this.bufSize; i++) set(this.bufKeys[i]);
      this.keyBits = bits;
    }
    return (this.keyBits[(key & (KEY_BITS - 1)) >>> 5] & (1 << (key & 31))) !== 0;
  }

  add(key: number, value: number): void {
    this.keyBits = null;
    this.bufKeys[this.bufSize] = key;
    this.bufValues[this.bufSize] = value;
    if (++this.bufSize === BUFFER_LIMIT) this.flush();
  }

  /** Calls `visit(value)` for every value under `key`; stops early and returns false when `visit` returns false. */
  forEach(key: number, visit: (value: number) => boolean | void): boolean {
    for (const seg of this.segments) {
      for (let i = lowerBound(seg.keys, key); i < seg.keys.length && seg.keys[i] === key; i++) {
        if (visit(seg.values[i]) === false) return false;
      }
    }
    for (let i = 0; i < this.bufSize; i++) {
      if (this.bufKeys[i] === key && visit(this.bufValues[i]) === false) return false;
    }
    return true;
  }

  /** How many values are under `key` (counting dead ones), up to `cap`. */
  count(key: number, cap = Infinity): number {
    let n = 0;
    this.forEach(key, () => ++n < cap);
    return n;
  }

  /** Sorts the buffer into a segment and merges segments of similar size. */
  flush(): void {
    if (!this.bufSize) return;
    const seg = sortPairs(this.bufKeys.slice(0, this.bufSize), this.bufValues.slice(0, this.bufSize));
    this.bufSize = 0;
    this.segments.push(seg);
    while (this.segments.length > 1) {
      const a = this.segments[this.segments.length - 2];
      const b = this.segments[this.segments.length - 1];
      if (a.keys.length > b.keys.length * 2) break;
      this.segments.splice(-2, 2, merge(a, b));
    }
  }

  /**
   * Rewrites everything into one segment without the values `isLive` rejects: one k-way merge
   * into arrays allocated once at their final size (peak memory: the old segments plus the new).
   */
  compact(isLive: (value: number) => boolean): void {
    this.flush();
    const segs = this.segments;
    let n = 0;
    for (const seg of segs) for (let i = 0; i < seg.values.length; i++) if (isLive(seg.values[i])) n++;
    const keys = new Uint32Array(n);
    const values = new Uint32Array(n);
    const at = new Int32Array(segs.length);
    let o = 0;
    for (;;) {
      let best = -1;
      for (let s = 0; s < segs.length; s++) {
        if (at[s] >= segs[s].keys.length) continue;
        if (best < 0) {
          best = s;
          continue;
        }
        const k = segs[s].keys[at[s]];
        const bk = segs[best].keys[at[best]];
        if (k < bk || (k === bk && segs[s].values[at[s]] < segs[best].values[at[best]])) best = s;
      }
      if (best < 0) break;
      const v = segs[best].values[at[best]];
      if (isLive(v)) {
        keys[o] = segs[best].keys[at[best]];
        values[o++] = v;
      }
      at[best]++;
    }
    this.segments = n ? [{ keys, values }] : [];
  }

  toSegments(): Segment[] {
    this.flush();
    return this.segments;
  }

  static fromSegments(segments: Segment[]): Postings {
    const p = new Postings();
    p.segments = segments.filter((s) => s.keys.length);
    return p;
  }
}

function lowerBound(keys: Uint32Array, key: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sortPairs(keys: Uint32Array, values: Uint32Array): Segment {
  // Sort (key, value) pairs by packing them into doubles: key * 2^32 + value stays exact below 2^53
  // only for keys < 2^21, so sort an index permutation instead.
  const order = new Uint32Array(keys.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => keys[a] - keys[b] || values[a] - values[b]);
  const k = new Uint32Array(keys.length);
  const v = new Uint32Array(keys.length);
  for (let i = 0; i < order.length; i++) {
    k[i] = keys[order[i]];
    v[i] = values[order[i]];
  }
  return { keys: k, values: v };
}

function merge(a: Segment, b: Segment): Segment {
  const n = a.keys.length + b.keys.length;
  const keys = new Uint32Array(n);
  const values = new Uint32Array(n);
  let i = 0,
    j = 0,
    o = 0;
  while (i < a.keys.length && j < b.keys.length) {
    if (a.keys[i] < b.keys[j] || (a.keys[i] === b.keys[j] && a.values[i] <= b.values[j])) {
      keys[o] = a.keys[i];
      values[o++] = a.values[i++];
    } else {
      keys[o] = b.keys[j];
      values[o++] = b.values[j++];
    }
  }
  while (i < a.keys.length) {
    keys[o] = a.keys[i];
    values[o++] = a.values[i++];
  }
  while (j < b.keys.length) {
    keys[o] = b.keys[j];
    values[o++] = b.values[j++];
  }
  return { keys, values };
}
