/**
 * The image index: the publisher's photos by perceptual hash, for finding the originals a
 * suspect image may copy. Each photo keeps several 64-bit hashes (the whole image and
 * overlapping regions, see fingerprint/image-hash.ts); a lookup takes a suspect's query hashes
 * and returns the photos holding a hash within `maxDistance` bits of one of them.
 *
 * Near-neighbour search by band tables with multi-probe (multi-index hashing): each hash is cut
 * into three bands of 21, 21 and 22 bits; two hashes within distance d agree within ⌊d/3⌋ bits on
 * at least one band (pigeonhole), so probing every band value within `probeRadius` bits of the
 * query's band finds every hash within 3 × probeRadius + 2 bits (8 with the default radius 2;
 * hashes up to `maxDistance` beyond that are found when a band happens to be close enough). Long
 * bands keep the buckets small (a million photos of 107 hashes put ~51 hashes in a bucket), and
 * each bucket entry carries 32 other bits of its hash and, above the hash's number, as many of its
 * remaining bits as fit, so most entries are turned down without touching the hash itself. The tables of the hashes added since the last sealing are linked
 * lists, sealed into the flat tables when they hold as many hashes as they do. Photos are added and removed
 * one at a time; the whole index saves to bytes and loads back (image-index-format.ts).
 */
import { REGION_MAX_DISTANCE, type Hash64 } from '../fingerprint/index.ts';
import { encodeImageIndex, decodeImageIndex } from './image-index-format.ts';
import { BAND_BUCKETS, BAND_OFFSET, BAND_WIDTH, bandOf, BANDS, bandValue, MASKS, otherBits, popcount32, REST_WIDTH, restBits } from './image-bands.ts';

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
  /** Bits of difference probed per band (default 2; 0, 1 or 2). */
  probeRadius?: number;
  /**
   * Per region number, the largest distance reported for a match on that region (never beyond
   * maxDistance; regions past the list's end use maxDistance). Default: REGION_MAX_DISTANCE of
   * fingerprint/image-hash.ts, the regions `originalHashes` gives.
   */
  regionMaxDistance?: readonly number[];
}

export interface LookupOptions {
  /** Largest distance reported (at most the index's maxDistance, its default). */
  within?: number;
  /** Hashes reported per image, the nearest of distinct regions (default 1). */
  hitsPerImage?: number;
}

interface Hit {
  distance: number;
  k: number;
  query: number;
}

/** Hit (d, qi, k) comes before h: nearer, then the earlier query hash, then the earlier hash. */
function before(d: number, qi: number, k: number, h: Hit): boolean {
  return d < h.distance || (d === h.distance && (qi < h.query || (qi === h.query && k < h.k)));
}

/** The fewest unsealed hashes that trigger a sealing (then as many as are sealed). */
const TAIL_MIN = 1 << 16;
const ALIVE = 1;

/** Scratch for a lookup's probed band values (synchronous, one lookup at a time). */
const PROBES = new Uint32Array(256);
/** Scratch for the probed buckets' entry ranges (as PROBES). */
const STARTS = new Uint32Array(256);
const ENDS = new Uint32Array(256);
/** Probed buckets whose entries are brought into the cache together before they are scanned. */
const CHUNK = 32;
/** Where the loads made only to bring entries into the cache go, so that they are not dropped as unused. */
let sink = 0;

export class ImageIndex {
  readonly maxDistance: number;
  readonly probeRadius: number;
  readonly regionMaxDistance: readonly number[];
  private ids: string[] = [];
  private byId = new Map<string, number>();
  /** Per image: alive or removed, and its first hash's number (its hashes are consecutive). */
  private state = new Uint8Array(1024);
  private first = new Uint32Array(1024);
  /** Per hash: its bits and its image's number. */
  private hi = new Uint32Array(4096);
  private lo = new Uint32Array(4096);
  private owner = new Uint32Array(4096);
  private hashCount = 0;
  private live = 0;
  /** Hashes of removed images are still held (compact() drops them). */
  private stale = false;
  /**
   * The band tables of the first `sealed` hashes, as one CSR array: the entries of bucket c (a
   * band and its value) are entries[2·bandStart[c] .. 2·bandStart[c + 1]), each a hash's number
   * (its low `kBits` bits) with, above it, the top bits of the hash's `restBits` for the band as
   * many as fit (all 10–11 up to 2 M hashes, 5 at a million images of 107), and the 32 bits of it
   * that `otherBits` gives for the band.
   */
  private kBits = 31;
  private bandStart = new Uint32Array(BAND_BUCKETS + 1);
  private entries = new Uint32Array(0);
  private sealed = 0;
  /** The unsealed hashes' tables: entry 3·(k − sealed) + band, linked per bucket (−1 ends). */
  private tailHead = new Int32Array(BAND_BUCKETS).fill(-1);
  private tailNext = new Int32Array(BANDS * 1024);

  constructor(options: ImageIndexOptions = {}) {
    this.maxDistance = Math.max(0, Math.min(32, options.maxDistance ?? 10));
    this.probeRadius = Math.max(0, Math.min(2, options.probeRadius ?? 2));
    this.regionMaxDistance = [...(options.regionMaxDistance ?? REGION_MAX_DISTANCE)];
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
    return [this.state, this.first, this.hi, this.lo, this.owner, this.bandStart, this.entries, this.tailHead, this.tailNext].reduce(
      (n, a) => n + a.byteLength,
      0,
    );
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Adds or replaces an image. */
  add(entry: ImageEntry): void {
    this.append(entry, true);
    const tail = this.hashCount - this.sealed;
    if (tail >= TAIL_MIN && tail >= this.sealed) this.seal();
  }

  /**
   * An index of many images at once (a rebuild from the store): the hashes are appended without
   * the unsealed tables and sealed once at the end, several times faster than adding one by one.
   */
  static build(entries: Iterable<ImageEntry>, options: ImageIndexOptions = {}): ImageIndex {
    const index = new ImageIndex(options);
    for (const entry of entries) index.append(entry, false);
    index.compact();
    return index;
  }

  /** Appends an image's hashes, linked into the unsealed tables when `link` (else a sealing must follow). */
  private append(entry: ImageEntry, link: boolean): void {
    if (entry.hashes.length === 0) throw new Error(`image ${JSON.stringify(entry.id)} has no hashes`);
    if (entry.hashes.length > 0xffff) throw new Error(`image ${JSON.stringify(entry.id)} has ${entry.hashes.length} hashes (at most 65535)`);
    this.remove(entry.id);
    const n = this.ids.length;
    this.ids.push(entry.id);
    this.byId.set(entry.id, n);
    if (n >= this.state.length) {
      this.state = grow(this.state, n + 1);
      this.first = grow(this.first, n + 1);
    }
    this.state[n] = ALIVE;
    this.first[n] = this.hashCount;
    this.live++;
    const need = this.hashCount + entry.hashes.length;
    if (need > this.hi.length) {
      this.hi = grow(this.hi, need);
      this.lo = grow(this.lo, need);
      this.owner = grow(this.owner, need);
    }
    if (link && BANDS * (need - this.sealed) > this.tailNext.length) this.tailNext = grow(this.tailNext, BANDS * (need - this.sealed));
    for (const h of entry.hashes) {
      const k = this.hashCount++;
      const hi = h.hi >>> 0;
      const lo = h.lo >>> 0;
      this.hi[k] = hi;
      this.lo[k] = lo;
      this.owner[k] = n;
      if (!link) continue;
      for (let b = 0; b < BANDS; b++) {
        const e = BANDS * (k - this.sealed) + b;
        const bucket = bandOf(hi, lo, b);
        this.tailNext[e] = this.tailHead[bucket];
        this.tailHead[bucket] = e;
      }
    }
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

  /**
   * The photos near the query hashes, nearest first: at most `limit` photos, each within `within`
   * bits (at most the index's maxDistance), and per photo its `hitsPerImage` nearest hashes (of
   * distinct regions, each as a candidate of its own: a verification stage may confirm one that is
   * not the nearest).
   */
  lookup(query: readonly Hash64[], limit = 10, { within = this.maxDistance, hitsPerImage = 1 }: LookupOptions = {}): ImageCandidate[] {
    const { hi, lo, owner, state, first, bandStart, entries, tailHead, tailNext, sealed, regionMaxDistance } = this;
    const maxDistance = Math.max(0, Math.min(this.maxDistance, within));
    const keep = Math.max(1, hitsPerImage);
    /** Per image found: its nearest hits (distance, hash, query hash), nearest first, one per hash. */
    const best = new Map<number, Hit[]>();
    const consider = (k: number, qi: number, qhi: number, qlo: number) => {
      const n = owner[k];
      if (state[n] !== ALIVE) return;
      const d = popcount32((qhi ^ hi[k]) >>> 0) + popcount32((qlo ^ lo[k]) >>> 0);
      if (d > maxDistance) return;
      const region = k - first[n];
      if (region < regionMaxDistance.length && d > regionMaxDistance[region]) return;
      let hits = best.get(n);
      if (!hits) best.set(n, (hits = []));
      const same = hits.findIndex((h) => h.k === k);
      if (same >= 0) {
        if (!before(d, qi, k, hits[same])) return;
        hits.splice(same, 1);
      }
      let at = hits.length;
      while (at > 0 && before(d, qi, k, hits[at - 1])) at--;
      if (at >= keep) return;
      hits.splice(at, 0, { distance: d, k, query: qi });
      if (hits.length > keep) hits.pop();
    };
    const hasTail = sealed < this.hashCount;
    // The entries' hash numbers are their low kBits bits; above them, the top bits of the rest.
    const kBits = this.kBits;
    const kMask = (1 << kBits) - 1;
    const rest = [0, 0, 0];
    for (let qi = 0; qi < query.length; qi++) {
      const qhi = query[qi].hi >>> 0;
      const qlo = query[qi].lo >>> 0;
      for (let b = 0; b < BANDS; b++) rest[b] = restBits(qhi, qlo, b) >>> Math.max(0, REST_WIDTH[b] - (32 - kBits));
      for (let b = 0; b < BANDS; b++) {
        const other = otherBits(qhi, qlo, b);
        const value = bandValue(qhi, qlo, b);
        // The probed values (unsorted: sorted, neighbouring buckets shared memory pages, which
        // saved less than the sort cost once the bounds are read side by side, below).
        const masks = MASKS[b][this.probeRadius];
        const probes = PROBES.subarray(0, masks.length);
        for (let m = 0; m < masks.length; m++) probes[m] = value ^ masks[m];
        // First every probed bucket's bounds (loads that do not wait for one another: each a cache
        // miss, so the memory serves them side by side); then, CHUNK buckets at a time, every cache
        // line of their entries, and their scan from the cache. A bucket at a time, each scan
        // waiting on its own misses, took about twice as long at a million images; 16, 64 or all
        // of a band's buckets at a time, about the same as 32 (README: the lookup's memory round).
        for (let m = 0; m < probes.length; m++) {
          const bucket = BAND_OFFSET[b] + probes[m];
          STARTS[m] = 2 * bandStart[bucket];
          ENDS[m] = 2 * bandStart[bucket + 1];
        }
        for (let m0 = 0; m0 < probes.length; m0 += CHUNK) {
          const m1 = Math.min(probes.length, m0 + CHUNK);
          let touched = 0;
          for (let m = m0; m < m1; m++) for (let i = STARTS[m], end = ENDS[m]; i < end; i += 16) touched ^= entries[i];
          sink ^= touched;
          for (let m = m0; m < m1; m++) {
            // The bucket's hashes differ from the query by the flipped bits in the band, and by the
            // entry's 32 other bits outside it: both count towards the distance.
            const limit = maxDistance - popcount32(probes[m] ^ value);
            // A hash found through several bands is compared again: cheaper than remembering it.
            for (let i = STARTS[m], end = ENDS[m]; i < end; i += 2) {
              const near = popcount32((entries[i + 1] ^ other) >>> 0);
              if (near > limit) continue;
              const word = entries[i];
              if (near + popcount32(((word >>> kBits) ^ rest[b]) >>> 0) <= limit) consider(word & kMask, qi, qhi, qlo);
            }
            if (hasTail) for (let e = tailHead[BAND_OFFSET[b] + probes[m]]; e >= 0; e = tailNext[e]) consider(sealed + Math.floor(e / BANDS), qi, qhi, qlo);
          }
        }
      }
    }
    return [...best.entries()]
      .sort(([na, a], [nb, b]) => a[0].distance - b[0].distance || (this.ids[na] < this.ids[nb] ? -1 : 1))
      .slice(0, limit)
      .flatMap(([n, hits]) => hits.map((m) => ({ id: this.ids[n], distance: m.distance, region: m.k - first[n], query: m.query })));
  }

  /** Drops the hashes of removed images for good and seals every hash (renumbers nothing the caller sees). */
  compact(): void {
    if (this.stale) {
      this.stale = false;
      let o = 0;
      for (let k = 0; k < this.hashCount; k++) {
        const n = this.owner[k];
        if (this.state[n] !== ALIVE) continue;
        if (k === this.first[n]) this.first[n] = o;
        this.hi[o] = this.hi[k];
        this.lo[o] = this.lo[k];
        this.owner[o] = n;
        o++;
      }
      this.hashCount = o;
    }
    if (this.sealed < this.hashCount || this.entries.length !== 2 * BANDS * this.hashCount) this.seal();
  }

  /**
   * Rebuilds the flat band tables over every hash: per band, a counting sort by the value's top 8
   * bits into 256 runs (sequential writes), then a counting sort of each run by the remaining bits
   * (its counts and its part of the tables fit in cache). A single counting sort over the 8 M
   * buckets makes every write a cache miss: several times slower at a million images.
   */
  private seal(): void {
    const n = this.hashCount;
    const { hi, lo } = this;
    // The old tables go first: the new ones are built beside the hashes alone.
    this.entries = new Uint32Array(0);
    this.tailNext = new Int32Array(BANDS * 1024);
    const start = new Uint32Array(BAND_BUCKETS + 1);
    const entries = new Uint32Array(2 * BANDS * n);
    const runK = new Uint32Array(n);
    const runValue = new Uint32Array(n);
    const runOther = new Uint32Array(n);
    // Hash numbers take kBits bits; the entry's first word keeps the top bits of the rest above them.
    if (n > 2 ** 31) throw new Error(`image index of ${n} hashes: at most 2^31`);
    const kBits = n <= 1 ? 1 : 32 - Math.clz32(n - 1);
    this.kBits = kBits;
    for (let b = 0; b < BANDS; b++) {
      const keep = Math.min(REST_WIDTH[b], 32 - kBits);
      const shift = BAND_WIDTH[b] - 8;
      const lowMask = (1 << shift) - 1;
      const runStart = new Uint32Array(257);
      for (let k = 0; k < n; k++) runStart[(bandValue(hi[k], lo[k], b) >>> shift) + 1]++;
      for (let r = 0; r < 256; r++) runStart[r + 1] += runStart[r];
      const runFill = runStart.slice(0, 256);
      for (let k = 0; k < n; k++) {
        const value = bandValue(hi[k], lo[k], b);
        const at = runFill[value >>> shift]++;
        runK[at] = keep > 0 ? (k | ((restBits(hi[k], lo[k], b) >>> (REST_WIDTH[b] - keep)) << kBits)) >>> 0 : k;
        runValue[at] = value & lowMask;
        runOther[at] = otherBits(hi[k], lo[k], b);
      }
      const fill = new Uint32Array(lowMask + 1);
      for (let r = 0; r < 256; r++) {
        const from = runStart[r];
        const to = runStart[r + 1];
        fill.fill(0);
        for (let i = from; i < to; i++) fill[runValue[i]]++;
        // Entry positions count over all bands: band b's entries come after b·n of the others.
        let at = b * n + from;
        const bucket0 = BAND_OFFSET[b] + (r << shift);
        for (let v = 0; v <= lowMask; v++) {
          const count = fill[v];
          start[bucket0 + v] = at;
          fill[v] = at;
          at += count;
        }
        for (let i = from; i < to; i++) {
          const e = 2 * fill[runValue[i]]++;
          entries[e] = runK[i];
          entries[e + 1] = runOther[i];
        }
      }
    }
    start[BAND_BUCKETS] = BANDS * n;
    this.bandStart = start;
    this.entries = entries;
    this.sealed = n;
    this.tailHead.fill(-1);
  }

  /** The index as bytes (live images only; the format: image-index-format.ts). */
  toBytes(): Buffer {
    this.compact();
    const ids: string[] = [];
    const counts: number[] = [];
    for (let n = 0; n < this.ids.length; n++) {
      if (this.state[n] !== ALIVE) continue;
      ids.push(this.ids[n]);
      const end = n + 1 < this.ids.length ? this.nextFirst(n) : this.hashCount;
      counts.push(end - this.first[n]);
    }
    const options = { maxDistance: this.maxDistance, probeRadius: this.probeRadius, regionMaxDistance: [...this.regionMaxDistance] };
    return encodeImageIndex({ options, ids, counts, hi: this.hi.subarray(0, this.hashCount), lo: this.lo.subarray(0, this.hashCount) });
  }

  /** After compact(): where the hashes of the next live image after n start (or the end). */
  private nextFirst(n: number): number {
    for (let m = n + 1; m < this.ids.length; m++) if (this.state[m] === ALIVE) return this.first[m];
    return this.hashCount;
  }

  static fromBytes(bytes: Uint8Array): ImageIndex {
    const { options, ids, counts, hi, lo } = decodeImageIndex(bytes);
    const index = new ImageIndex(options);
    index.load(ids, counts, hi, lo);
    return index;
  }

  /** Bulk load into an empty index (fromBytes): the hashes as they are, sealed once. */
  private load(ids: string[], counts: Uint16Array, hi: Uint32Array<ArrayBuffer>, lo: Uint32Array<ArrayBuffer>): void {
    const n = ids.length;
    this.ids = ids;
    this.byId = new Map(ids.map((id, i) => [id, i]));
    this.state = new Uint8Array(Math.max(1, n)).fill(ALIVE);
    this.first = new Uint32Array(Math.max(1, n));
    this.owner = new Uint32Array(Math.max(1, hi.length));
    let k = 0;
    for (let i = 0; i < n; i++) {
      this.first[i] = k;
      this.owner.fill(i, k, k + counts[i]);
      k += counts[i];
    }
    this.hi = hi.length ? hi : new Uint32Array(1);
    this.lo = lo.length ? lo : new Uint32Array(1);
    this.hashCount = k;
    this.live = n;
    this.seal();
  }
}

/** A copy of the array with room for `need` items, grown by half (a million images' hashes are gigabytes: doubling would waste up to half). */
function grow<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(a: T, need: number): T {
  let size = Math.max(16, a.length);
  while (size < need) size = Math.ceil(size * 1.5);
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
