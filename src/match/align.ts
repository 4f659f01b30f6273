/**
 * Passage alignment: where the suspect's text repeats the original's, in units, then in the
 * characters of both texts. Every shingle the two share seeds a diagonal (original position −
 * suspect position); consecutive seeds on one diagonal make a run; runs too short to be more
 * than a common phrase are dropped; the rest are merged into passages and give the share of the
 * original that the suspect holds.
 */
import { K, type Units } from '../fingerprint/index.ts';

export interface Run {
  /** First unit in the original, first unit in the suspect, and the length in units. */
  o: number;
  s: number;
  len: number;
}

export interface Alignment {
  runs: Run[];
  /** Folded characters of the original covered by runs. */
  matchedChars: number;
  /** matchedChars over the original's folded characters (0 for an empty original). */
  containment: number;
}

export interface AlignOptions {
  /** Shortest run, in units, that counts (default 8: longer than one shingle of 6). */
  minRunUnits?: number;
  /** Occurrences of one shingle in the original followed (default 8: repeated lines). */
  maxRepeats?: number;
}

/** Open-addressing map from shingle hash to its positions in the original (chained). */
class ShingleTable {
  private readonly keys: Uint32Array;
  private readonly heads: Int32Array;
  private readonly used: Uint8Array;
  private readonly mask: number;
  readonly next: Int32Array;

  constructor(hashes: Uint32Array) {
    let size = 16;
    while (size < hashes.length * 2) size <<= 1;
    this.keys = new Uint32Array(size);
    this.heads = new Int32Array(size).fill(-1);
    this.used = new Uint8Array(size);
    this.mask = size - 1;
    this.next = new Int32Array(hashes.length).fill(-1);
    // Insert back to front so each chain lists positions in increasing order.
    for (let i = hashes.length - 1; i >= 0; i--) {
      const slot = this.slot(hashes[i]);
      this.used[slot] = 1;
      this.keys[slot] = hashes[i];
      this.next[i] = this.heads[slot];
      this.heads[slot] = i;
    }
  }

  private slot(key: number): number {
    let i = (Math.imul(key, 0x9e3779b1) >>> 0) & this.mask;
    while (this.used[i] && this.keys[i] !== key) i = (i + 1) & this.mask;
    return i;
  }

  first(key: number): number {
    const i = this.slot(key);
    return this.used[i] ? this.heads[i] : -1;
  }
}

// The original's shingle table is built once per original text and reused while it is alive.
const tables = new WeakMap<Uint32Array, ShingleTable>();
function tableFor(shingles: Uint32Array): ShingleTable {
  let t = tables.get(shingles);
  if (!t) {
    t = new ShingleTable(shingles);
    tables.set(shingles, t);
  }
  return t;
}

export function align(
  original: { units: Units; shingles: Uint32Array },
  suspect: { units: Units; shingles: Uint32Array },
  options: AlignOptions = {},
): Alignment {
  const minRun = options.minRunUnits ?? 8;
  const maxRepeats = options.maxRepeats ?? 8;
  const o = original.units;
  const s = suspect.units;
  const empty: Alignment = { runs: [], matchedChars: 0, containment: 0 };
  if (!o.count || !s.count || !original.shingles.length || !suspect.shingles.length) return empty;

  // A text shorter than one shingle has a single shingle over all its units.
  const oShort = o.count < K;
  const sShort = s.count < K;
  const oSpan = oShort ? o.count : K;
  const sSpan = sShort ? s.count : K;

  const table = tableFor(original.shingles);
  // Runs grow along diagonals (original position − suspect position). For each diagonal: the
  // suspect position it last extended at, and the run it extended.
  const sh = suspect.shingles;
  const offset = sh.length;
  const lastJ = new Int32Array(original.shingles.length + sh.length + 1).fill(-2);
  const runOf = new Int32Array(lastJ.length);
  const rawO: number[] = [];
  const rawS: number[] = [];
  const rawN: number[] = [];
  for (let j = 0; j < sh.length; j++) {
    let seen = 0;
    for (let i = table.first(sh[j]); i !== -1 && seen < maxRepeats; i = table.next[i], seen++) {
      const d = i - j + offset;
      if (lastJ[d] === j - 1) {
        rawN[runOf[d]]++;
      } else {
        runOf[d] = rawO.length;
        rawO.push(i);
        rawS.push(j);
        rawN.push(1);
      }
      lastJ[d] = j;
    }
  }
  const raw = rawO.map((o, k) => ({ o, s: rawS[k], shingles: rawN[k] }));

  const runs: Run[] = [];
  for (const r of raw) {
    const len = r.shingles - 1 + Math.min(oSpan, sSpan);
    // Texts shorter than a run may match whole.
    if (len >= minRun || (oShort && len >= o.count) || (sShort && len >= s.count)) runs.push({ o: r.o, s: r.s, len });
  }
  if (!runs.length) return empty;

  // One to one: each suspect unit vouches for one original unit, longest runs first, so a
  // sentence the original repeats ten times is not counted ten times for one quote.
  runs.sort((a, b) => b.len - a.len || a.o - b.o);
  const covered = new Uint8Array(o.count);
  const used = new Uint8Array(s.count);
  const kept: Run[] = [];
  for (const r of runs) {
    let fresh = 0;
    for (let k = 0; k < r.len && r.s + k < s.count && r.o + k < o.count; k++) {
      if (!used[r.s + k] && !covered[r.o + k]) fresh++;
    }
    if (fresh < Math.min(minRun, r.len)) continue;
    kept.push(r);
    for (let k = 0; k < r.len && r.s + k < s.count && r.o + k < o.count; k++) {
      if (!used[r.s + k] && !covered[r.o + k]) {
        used[r.s + k] = 1;
        covered[r.o + k] = 1;
      }
    }
  }
  let matchedChars = 0;
  for (let u = 0; u < o.count; u++) if (covered[u]) matchedChars += o.sizes[u];
  kept.sort((a, b) => a.o - b.o || a.s - b.s);
  runs.length = 0;
  runs.push(...kept);
  return { runs, matchedChars, containment: o.chars ? matchedChars / o.chars : 0 };
}
