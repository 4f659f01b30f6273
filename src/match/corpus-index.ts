/**
 * The corpus index: the publisher's articles, by simhash band and by winnowed fingerprint, for
 * finding the few originals a suspect text may copy. Articles are added and removed one at a
 * time; the whole index saves to bytes and loads back.
 *
 * - Near duplicates: the 64-bit simhash is cut into four 16-bit bands; two simhashes within
 *   Hamming distance 3 agree on at least one band (pigeonhole), so four exact lookups find them.
 * - Passages: each winnowed fingerprint of the suspect is looked up; a fingerprint held by more
 *   than `maxDf` different articles is boilerplate or a stock phrase and is not evidence.
 * - Syndicated copies: an article whose text is identical to one already indexed (same simhash,
 *   length and content hash) joins that article's group instead of adding its fingerprints
 *   again; a lookup reports the group's first article and how many share its text.
 */
import { bands, hamming, type Simhash } from '../fingerprint/index.ts';
import { Postings } from './postings.ts';

export interface IndexEntry {
  /** The store's id of the article. */
  id: string;
  simhash: Simhash;
  /** Winnowed fingerprints (duplicates allowed; they are counted once). */
  fingerprints: Uint32Array;
  /** Units in the article's text. */
  units: number;
  /** A hash of the whole text, to recognise identical copies. */
  contentHash: number;
}

export interface Candidate {
  id: string;
  /** Other article ids with the same text (syndicated copies), not counting `id`. */
  duplicates: string[];
  /** Distinct fingerprints shared with the query that count as evidence. */
  shared: number;
  simhashDistance: number;
}

export interface IndexOptions {
  /** A fingerprint in more distinct articles than this is ignored (default 50). */
  maxDf?: number;
  /** Simhash distance for near-duplicate lookup (default 3; at most 3 with four bands). */
  maxDistance?: number;
}

const ALIVE = 1;
/** Shingles from a boilerplate fingerprint within which a fingerprint of several articles is its edge (the widest winnowing window, W). */
const EDGE = 64;
const MAGIC = Buffer.from('CWX1');

export class CorpusIndex {
  private readonly maxDf: number;
  private readonly maxDistance: number;
  private ids: string[] = [];
  private byId = new Map<string, number>();
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  private units = new Uint32Array(1024);
  private content = new Uint32Array(1024);
  private state = new Uint8Array(1024);
  /** Internal number → the group leader's number (itself when it leads or stands alone). */
  private leader = new Uint32Array(1024);
  private members = new Map<number, number[]>();
  private live = 0;
  private fingerprints = new Postings();
  private bandTable = new Postings();

  constructor(options: IndexOptions = {}) {
    this.maxDf = options.maxDf ?? 50;
    this.maxDistance = Math.min(3, options.maxDistance ?? 3);
  }

  /** Articles currently indexed (syndicated copies included). */
  get size(): number {
    return this.live;
  }

  has(id: string): boolean {
    const n = this.byId.get(id);
    return n !== undefined && this.state[n] === ALIVE;
  }

  /** Adds or replaces an article. */
  add(entry: IndexEntry): void {
    if (this.byId.has(entry.id)) this.remove(entry.id);
    const n = this.ids.length;
    this.grow(n + 1);
    this.ids.push(entry.id);
    this.byId.set(entry.id, n);
    this.hi[n] = entry.simhash.hi;
    this.lo[n] = entry.simhash.lo;
    this.units[n] = entry.units;
    this.content[n] = entry.contentHash >>> 0;
    this.state[n] = ALIVE;
    this.live++;
    const twin = this.findTwin(n);
    if (twin !== -1) {
      this.leader[n] = twin;
      const list = this.members.get(twin) ?? [];
      list.push(n);
      this.members.set(twin, list);
      return;
    }
    this.leader[n] = n;
    const band = bands(entry.simhash);
    for (let b = 0; b < 4; b++) this.bandTable.add(((b << 16) | band[b]) >>> 0, n);
    const seen = new Set<number>();
    for (const fp of entry.fingerprints) {
      if (seen.has(fp)) continue;
      seen.add(fp);
      this.fingerprints.add(fp, n);
    }
  }

  /** Removes an article; a group of identical texts keeps its entries while any member remains. */
  remove(id: string): boolean {
    const n = this.byId.get(id);
    if (n === undefined || this.state[n] !== ALIVE) return false;
    this.state[n] = 0;
    this.byId.delete(id);
    this.live--;
    const slot = this.leader[n];
    if (slot !== n) {
      const list = (this.members.get(slot) ?? []).filter((m) => m !== n);
      if (list.length) this.members.set(slot, list);
      else this.members.delete(slot);
    }
    return true;
  }

  /**
   * The originals a query may copy: near-duplicates by simhash and passages by fingerprint.
   * `positions` (the fingerprints' shingle positions in the query, as winnow gives them) lets a
   * fingerprint at the edge of boilerplate be told apart: near the edge of a block many articles
   * repeat (a notice), each article's window also holds its own text, so which shingle of the block
   * it keeps varies from article to article, and the block's first or last shingles are held by
   * fewer than `maxDf` articles. A fingerprint held by two articles or more within EDGE shingles of
   * a boilerplate fingerprint of the query is counted as boilerplate too; one held by a single
   * article (the copied article's own text beside its notice) stays evidence.
   */
  candidates(query: { simhash: Simhash; fingerprints: Uint32Array; positions?: Int32Array }, limit = 10): Candidate[] {
    const shared = new Map<number, number>();
    const seen = new Set<number>();
    let commonInQuery = 0;
    const held: Array<{ at: number; slots: number[] }> = [];
    const common: number[] = [];
    const holders = new Set<number>();
    query.fingerprints.forEach((fp, i) => {
      if (seen.has(fp)) return;
      seen.add(fp);
      holders.clear();
      const complete = this.fingerprints.forEach(fp, (slot) => {
        if (this.groupAlive(slot)) holders.add(slot);
        return holders.size <= this.maxDf;
      });
      const at = query.positions ? query.positions[i] : -1;
      if (!complete || holders.size > this.maxDf) {
        commonInQuery++; // boilerplate, not evidence
        if (at >= 0) common.push(at);
      } else if (holders.size) held.push({ at, slots: [...holders] });
    });
    common.sort((a, b) => a - b);
    const nearCommon = (at: number) => {
      if (at < 0 || !common.length) return false;
      let lo = 0;
      let hi = common.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (common[mid] < at) lo = mid + 1;
        else hi = mid;
      }
      return (lo < common.length && common[lo] - at <= EDGE) || (lo > 0 && at - common[lo - 1] <= EDGE);
    };
    for (const { at, slots } of held) {
      if (slots.length >= 2 && nearCommon(at)) continue;
      for (const slot of slots) shared.set(slot, (shared.get(slot) ?? 0) + 1);
    }
    const near = new Map<number, number>();
    const band = bands(query.simhash);
    for (let b = 0; b < 4; b++) {
      this.bandTable.forEach(((b << 16) | band[b]) >>> 0, (slot) => {
        if (near.has(slot) || !this.groupAlive(slot)) return;
        // A near duplicate that shares no evidence, for a query that holds boilerplate, is
        // near only through the boilerplate.
        if (commonInQuery > 0 && !shared.has(slot)) return;
        const d = hamming(query.simhash, { hi: this.hi[slot], lo: this.lo[slot] });
        if (d <= this.maxDistance) near.set(slot, d);
      });
    }
    const out: Candidate[] = [];
    for (const slot of new Set([...shared.keys(), ...near.keys()])) {
      const [first, ...duplicates] = this.groupIds(slot);
      out.push({
        id: first,
        duplicates,
        shared: shared.get(slot) ?? 0,
        simhashDistance: near.get(slot) ?? hamming(query.simhash, { hi: this.hi[slot], lo: this.lo[slot] }),
      });
    }
    const isNear = (c: Candidate) => (c.simhashDistance <= this.maxDistance ? 0 : 1);
    out.sort((a, b) => isNear(a) - isNear(b) || b.shared - a.shared || a.simhashDistance - b.simhashDistance);
    return out.slice(0, limit);
  }

  /**
   * How many of `hashes` (each counted once, duplicates allowed in the input) are evidence as
   * `candidates` counts it: held by at least one live article and at most `maxDf`. Counting stops
   * at `enough`. A page's every shingle may be asked: most are held by no article, and a bit
   * table answers those without a lookup.
   */
  evidenceCount(hashes: Uint32Array, enough = 1): number {
    let n = 0;
    const seen = new Set<number>();
    for (const fp of hashes) {
      if (!this.fingerprints.mayHold(fp) || seen.has(fp)) continue;
      seen.add(fp);
      const df = this.documentFrequency(fp);
      if (df >= 1 && df <= this.maxDf && ++n >= enough) break;
    }
    return n;
  }

  /**
   * The articles that hold evidence among `hashes` (as evidenceCount counts it: each fingerprint
   * once, held by at least one live article and at most `maxDf`), each with the number of its
   * evidence fingerprints found, by the group's first id; null as soon as more than `most`
   * articles do.
   */
  evidenceHolders(hashes: Uint32Array, most: number): Map<string, number> | null {
    const shared = new Map<number, number>();
    const seen = new Set<number>();
    const holders = new Set<number>();
    for (const fp of hashes) {
      if (!this.fingerprints.mayHold(fp) || seen.has(fp)) continue;
      seen.add(fp);
      holders.clear();
      const complete = this.fingerprints.forEach(fp >>> 0, (slot) => {
        if (this.groupAlive(slot)) holders.add(slot);
        return holders.size <= this.maxDf;
      });
      if (!complete || holders.size > this.maxDf) continue;
      for (const slot of holders) shared.set(slot, (shared.get(slot) ?? 0) + 1);
      if (shared.size > most) return null;
    }
    const out = new Map<string, number>();
    for (const [slot, n] of shared) out.set(this.groupIds(slot)[0], n);
    return out;
  }

  /**
   * Document frequency of a fingerprint: how many live articles (a group of identical texts
   * counting once) hold it, counted up to `cap`. 0 for a fingerprint the index does not hold
   * (a shingle winnowing left out, or one no article has).
   */
  documentFrequency(fp: number, cap = this.maxDf + 1): number {
    let n = 0;
    this.fingerprints.forEach(fp >>> 0, (slot) => {
      if (this.groupAlive(slot)) n++;
      return n < cap;
    });
    return n;
  }

  /** Drops removed articles from the fingerprint and band tables for good. */
  compact(): void {
    const isLive = (slot: number) => this.groupAlive(slot);
    this.fingerprints.compact(isLive);
    this.bandTable.compact(isLive);
  }

  /** Bytes held by the index's typed arrays (ids and maps not counted). */
  get bytes(): number {
    return this.fingerprints.bytes + this.bandTable.bytes + this.hi.byteLength * 5 + this.state.byteLength;
  }

  /** A table slot stands for its article and that article's identical copies. */
  private groupAlive(slot: number): boolean {
    return this.state[slot] === ALIVE || (this.members.get(slot)?.length ?? 0) > 0;
  }

  private groupIds(slot: number): string[] {
    const ids = this.state[slot] === ALIVE ? [this.ids[slot]] : [];
    for (const m of this.members.get(slot) ?? []) ids.push(this.ids[m]);
    return ids;
  }

  private findTwin(n: number): number {
    const band = bands({ hi: this.hi[n], lo: this.lo[n] });
    let twin = -1;
    this.bandTable.forEach(band[0] >>> 0, (slot) => {
      if (
        this.groupAlive(slot) &&
        this.hi[slot] === this.hi[n] &&
        this.lo[slot] === this.lo[n] &&
        this.units[slot] === this.units[n] &&
        this.content[slot] === this.content[n]
      ) {
        twin = slot;
        return false;
      }
      return true;
    });
    return twin;
  }

  /** The index as bytes, for the store. */
  toBytes(): Buffer {
    const n = this.ids.length;
    const fp = this.fingerprints.toSegments();
    const bt = this.bandTable.toSegments();
    const arrays: ArrayBufferView[] = [
      this.hi.subarray(0, n),
      this.lo.subarray(0, n),
      this.units.subarray(0, n),
      this.content.subarray(0, n),
      this.leader.subarray(0, n),
      this.state.subarray(0, n),
      ...fp.flatMap((g) => [g.keys, g.values]),
      ...bt.flatMap((g) => [g.keys, g.values]),
    ];
    const header = JSON.stringify({
      version: 1,
      maxDf: this.maxDf,
      maxDistance: this.maxDistance,
      ids: this.ids,
      members: [...this.members],
      fpSegments: fp.map((g) => g.keys.length),
      bandSegments: bt.map((g) => g.keys.length),
    });
    const head = Buffer.from(header, 'utf8');
    const size = Buffer.alloc(4);
    size.writeUInt32LE(head.length);
    return Buffer.concat([MAGIC, size, head, ...arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))]);
  }

  static fromBytes(bytes: Uint8Array): CorpusIndex {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buf.length < 8 || !buf.subarray(0, 4).equals(MAGIC)) throw new Error('not a copywatch corpus index');
    const headLength = buf.readUInt32LE(4);
    const header = JSON.parse(buf.subarray(8, 8 + headLength).toString('utf8')) as {
      version: number;
      maxDf: number;
      maxDistance: number;
      ids: string[];
      members: Array<[number, number[]]>;
      fpSegments: number[];
      bandSegments: number[];
    };
    if (header.version !== 1) throw new Error(`corpus index version ${header.version} is not supported`);
    let at = 8 + headLength;
    const take32 = (count: number) => {
      const a = new Uint32Array(count);
      Buffer.from(a.buffer).set(buf.subarray(at, at + count * 4));
      at += count * 4;
      return a;
    };
    const take8 = (count: number) => {
      const a = new Uint8Array(count);
      a.set(buf.subarray(at, at + count));
      at += count;
      return a;
    };
    const index = new CorpusIndex({ maxDf: header.maxDf, maxDistance: header.maxDistance });
    const n = header.ids.length;
    index.ids = header.ids;
    index.grow(n);
    index.hi.set(take32(n));
    index.lo.set(take32(n));
    index.units.set(take32(n));
    index.content.set(take32(n));
    index.leader.set(take32(n));
    index.state.set(take8(n));
    index.members = new Map(header.members);
    index.fingerprints = Postings.fromSegments(header.fpSegments.map((count) => ({ keys: take32(count), values: take32(count) })));
    index.bandTable = Postings.fromSegments(header.bandSegments.map((count) => ({ keys: take32(count), values: take32(count) })));
    index.live = 0;
    header.ids.forEach((id, i) => {
      if (index.state[i] === ALIVE) {
        index.byId.set(id, i);
        index.live++;
      }
    });
    return index;
  }

  private grow(size: number): void {
    if (size <= this.hi.length) return;
    const cap = Math.max(size, this.hi.length * 2);
    const g32 = (a: Uint32Array) => {
      const b = new Uint32Array(cap);
      b.set(a);
      return b;
    };
    this.hi = g32(this.hi);
    this.lo = g32(this.lo);
    this.units = g32(this.units);
    this.content = g32(this.content);
    this.leader = g32(this.leader);
    const st = new Uint8Array(cap);
    st.set(this.state);
    this.state = st;
  }
}
