/**
 * The image index: the publisher's photos by perceptual hash, for finding the originals a
 * suspect image may copy. Each photo keeps several 64-bit hashes (the whole image and
 * overlapping regions, see fingerprint/image-hash.ts); a lookup takes a suspect's query hashes
 * and returns the photos holding a hash within `maxDistance` bits of one of them.
 *
 * Near-neighbour search by band tables, as the simhash index does, with multi-probe: each hash
 * is cut into four 16-bit bands; two hashes within distance d agree within ⌊d/4⌋ bits on at least
 * one band (pigeonhole), so probing every band value within `probeRadius` bits of the query's
 * band finds every hash within 4 × probeRadius + 3 bits (7 with the default radius 1; hashes up
 * to `maxDistance` beyond that are found when a band happens to be close enough). Photos are added
 * and removed one at a time; the whole index saves to bytes and loads back.
 */
import type { Hash64 } from '../fingerprint/index.ts';

export interface ImageEntry {
  /** The store's id of the image. */
  id: string;
  /** Its region hashes; the position of a hash in the list is its region number. */
  hashes: Hash64[];
}

export interface ImageCandidate {
  id: string;
  /** The smallest distance between one of the query hashes and one of the photo's hashes. */
  distance: number;
  /** Which of the photo's regions matched (0 is the whole image). */
  region: number;
  /** Which of the query hashes matched. */
  query: number;
}

export interface ImageIndexOptions {
  /** Largest Hamming distance reported (default 10). */
  maxDistance?: number;
  /** Bits of difference probed per 16-bit band (default 1; 0, 1 or 2). */
  probeRadius?: number;
}

const MAGIC = Buffer.from('CWI1');
const BUCKETS = 4 << 16;
/** Hashes added since the last sealing that a lookup compares one by one. */
const TAIL = 1 << 16;
const ALIVE = 1;

/** All 16-bit values within `radius` bits of `value`, itself first. */
function neighbours(value: number, radius: number): number[] {
  const out = [value];
  if (radius >= 1) for (let i = 0; i < 16; i++) out.push(value ^ (1 << i));
  if (radius >= 2) for (let i = 0; i < 16; i++) for (let j = i + 1; j < 16; j++) out.push(value ^ (1 << i) ^ (1 << j));
  return out;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function bandsOf(h: Hash64): [number, number, number, number] {
  return [h.hi >>> 16, h.hi & 0xffff, h.lo >>> 16, h.lo & 0xffff];
}

export class ImageIndex {
  readonly maxDistance: number;
  readonly probeRadius: number;
  private ids: string[] = [];
  private byId = new Map<string, number>();
  private state = new Uint8Array(1024);
  /** Per hash: its bits, its image's number and its region number. */
  private hi = new Uint32Array(4096);
  private lo = new Uint32Array(4096);
  private owner = new Uint32Array(4096);
  private region = new Uint16Array(4096);
  private hashCount = 0;
  private live = 0;
  /** Hashes of removed images are still held (compact() drops them). */
  private stale = false;
  /**
   * The band tables of the first `sealed` hashes, as one CSR array: the hashes whose band b has
   * value v are bandHashes[bandStart[b·65536 + v] .. bandStart[b·65536 + v + 1]). Hashes added
   * since are scanned one by one until there are TAIL of them, then everything is sealed again.
   */
  private bandStart = new Uint32Array(BUCKETS + 1);
  private bandHashes = new Uint32Array(0);
  private sealed = 0;

  constructor(options: ImageIndexOptions = {}) {
    this.maxDistance = Math.max(0, Math.min(32, options.maxDistance ?? 10));
    this.probeRadius = Math.max(0, Math.min(2, options.probeRadius ?? 1));
  }

  /** Images currently indexed. */
  get size(): number {
    return this.live;
  }

  /** Hashes held (of live and removed images, until compact()). */
  get hashes(): number {
    return this.hashCount;
  }

  /** Bytes held by the typed arrays. */
  get bytes(): number {
    return (
      this.hi.byteLength * 2 + this.owner.byteLength + this.region.byteLength + this.state.byteLength + this.bandStart.byteLength + this.bandHashes.byteLength
    );
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Adds or replaces an image. */
  add(entry: ImageEntry): void {
    if (entry.hashes.length === 0) throw new Error(`image ${JSON.stringify(entry.id)} has no hashes`);
    if (entry.hashes.length > 0xffff) throw new Error(`image ${JSON.stringify(entry.id)} has ${entry.hashes.length} hashes (at most 65535)`);
    this.remove(entry.id);
    const n = this.ids.length;
    this.ids.push(entry.id);
    this.byId.set(entry.id, n);
    if (n >= this.state.length) this.state = grow(this.state, n + 1);
    this.state[n] = ALIVE;
    this.live++;
    const need = this.hashCount + entry.hashes.length;
    if (need > this.hi.length) {
      this.hi = grow(this.hi, need);
      this.lo = grow(this.lo, need);
      this.owner = grow(this.owner, need);
      this.region = grow(this.region, need);
    }
    entry.hashes.forEach((h, r) => {
      const k = this.hashCount++;
      this.hi[k] = h.hi >>> 0;
      this.lo[k] = h.lo >>> 0;
      this.owner[k] = n;
      this.region[k] = r;
    });
    if (this.hashCount - this.sealed >= TAIL) this.seal();
  }

  remove(id: string): boolean {
    const n = this.byId.get(id);
    if (n === undefined) return false;
    this.byId.delete(id);
    this.state[n] = 0;
    this.live--;
    this.stale = true;
    return true;
  }

  /** The photos near the query hashes, nearest first (at most `limit`). */
  lookup(query: readonly Hash64[], limit = 10): ImageCandidate[] {
    const best = new Map<number, ImageCandidate>();
    const { hi, lo, owner, state, bandStart, bandHashes } = this;
    const consider = (k: number, qi: number, qhi: number, qlo: number) => {
      const n = owner[k];
      if (state[n] !== ALIVE) return;
      const d = popcount32((qhi ^ hi[k]) >>> 0) + popcount32((qlo ^ lo[k]) >>> 0);
      if (d > this.maxDistance) return;
      const had = best.get(n);
      if (!had || d < had.distance) best.set(n, { id: this.ids[n], distance: d, region: this.region[k], query: qi });
    };
    // A hash found through several bands is compared again: cheaper than remembering it.
    query.forEach((q, qi) => {
      const band = bandsOf(q);
      for (let b = 0; b < 4; b++) {
        for (const v of neighbours(band[b], this.probeRadius)) {
          const bucket = (b << 16) | v;
          for (let i = bandStart[bucket], end = bandStart[bucket + 1]; i < end; i++) {
            consider(bandHashes[i], qi, q.hi, q.lo);
          }
        }
      }
      for (let k = this.sealed; k < this.hashCount; k++) consider(k, qi, q.hi, q.lo);
    });
    return [...best.values()].sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1)).slice(0, limit);
  }

  /** Drops the hashes of removed images for good (renumbers nothing the caller sees). */
  compact(): void {
    if (!this.stale) {
      if (this.sealed < this.hashCount) this.seal();
      return;
    }
    this.stale = false;
    let o = 0;
    for (let k = 0; k < this.hashCount; k++) {
      if (this.state[this.owner[k]] !== ALIVE) continue;
      this.hi[o] = this.hi[k];
      this.lo[o] = this.lo[k];
      this.owner[o] = this.owner[k];
      this.region[o] = this.region[k];
      o++;
    }
    this.hashCount = o;
    this.seal();
  }

  /** Rebuilds the band tables over every hash (a counting sort: two passes, no comparisons). */
  private seal(): void {
    const n = this.hashCount;
    const start = new Uint32Array(BUCKETS + 1);
    for (let k = 0; k < n; k++) {
      const band = bandsOf({ hi: this.hi[k], lo: this.lo[k] });
      for (let b = 0; b < 4; b++) start[((b << 16) | band[b]) + 1]++;
    }
    for (let i = 0; i < BUCKETS; i++) start[i + 1] += start[i];
    const fill = start.slice(0, BUCKETS);
    const hashes = new Uint32Array(4 * n);
    for (let k = 0; k < n; k++) {
      const band = bandsOf({ hi: this.hi[k], lo: this.lo[k] });
      for (let b = 0; b < 4; b++) hashes[fill[(b << 16) | band[b]]++] = k;
    }
    this.bandStart = start;
    this.bandHashes = hashes;
    this.sealed = n;
  }

  /** The index as bytes (live images only): header, ids as JSON, then the typed arrays. */
  toBytes(): Buffer {
    this.compact();
    const ids: (string | null)[] = this.ids.map((id, n) => (this.state[n] === ALIVE ? id : null));
    const head = Buffer.from(JSON.stringify({ ids, maxDistance: this.maxDistance, probeRadius: this.probeRadius }), 'utf8');
    const size = Buffer.alloc(8);
    size.writeUInt32LE(head.length, 0);
    size.writeUInt32LE(this.hashCount, 4);
    const k = this.hashCount;
    const arrays = [this.hi.subarray(0, k), this.lo.subarray(0, k), this.owner.subarray(0, k), this.region.subarray(0, k)];
    return Buffer.concat([MAGIC, size, head, ...arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))]);
  }

  static fromBytes(bytes: Uint8Array): ImageIndex {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buf.length < 12 || !buf.subarray(0, 4).equals(MAGIC)) throw new Error('not a copywatch image index');
    const headLength = buf.readUInt32LE(4);
    const k = buf.readUInt32LE(8);
    if (buf.length !== 12 + headLength + k * 14)
      throw new Error(`image index of ${buf.length} bytes is truncated or padded (expected ${12 + headLength + k * 14})`);
    const head = JSON.parse(buf.subarray(12, 12 + headLength).toString('utf8')) as { ids: (string | null)[]; maxDistance: number; probeRadius: number };
    const index = new ImageIndex({ maxDistance: head.maxDistance, probeRadius: head.probeRadius });
    let at = 12 + headLength;
    const take = <T extends Uint32Array | Uint16Array>(make: (b: ArrayBuffer) => T, bytesEach: number): T => {
      const copy = new Uint8Array(k * bytesEach);
      copy.set(buf.subarray(at, at + k * bytesEach));
      at += k * bytesEach;
      return make(copy.buffer);
    };
    const hi = take((b) => new Uint32Array(b), 4);
    const lo = take((b) => new Uint32Array(b), 4);
    const owner = take((b) => new Uint32Array(b), 4);
    const region = take((b) => new Uint16Array(b), 2);
    const byImage = new Map<number, Hash64[]>();
    for (let i = 0; i < k; i++) {
      const list = byImage.get(owner[i]) ?? [];
      list[region[i]] = { hi: hi[i], lo: lo[i] };
      byImage.set(owner[i], list);
    }
    head.ids.forEach((id, n) => {
      const hashes = byImage.get(n);
      if (id !== null && hashes) index.add({ id, hashes });
    });
    index.seal();
    return index;
  }
}

function grow<T extends Uint8Array | Uint16Array | Uint32Array>(a: T, need: number): T {
  let size = a.length;
  while (size < need) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
