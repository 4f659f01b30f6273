/**
 * Text → units, the alphabet the engine works in. One pass over the text:
 * - NFKC-style folding of full-width forms, NFKD + mark removal for other letters (é → e),
 *   lower case, traditional → simplified Han;
 * - zero-width and other format characters and combining marks are removed outright (inserting
 *   them between characters is a known evasion; they never split a word);
 * - punctuation, symbols and spaces separate words and are otherwise ignored;
 * - a unit is one CJK character (Han, kana) or one word of any other script (a run of letters
 *   and digits).
 * Each unit keeps its span in the original text (UTF-16 offsets), so passages found in units
 * can be shown in the text as the page printed it.
 */
import { foldHan } from './han-fold.ts';

export interface Units {
  /** Number of units. */
  count: number;
  /** 32-bit hash of each unit. */
  hashes: Uint32Array;
  /** Original start offset of each unit. */
  starts: Int32Array;
  /** Original end offset (exclusive) of each unit. */
  ends: Int32Array;
  /** Folded characters in each unit (1 for CJK, the word's length otherwise). */
  sizes: Uint16Array;
  /** Total folded characters: the text's length for containment and matchedChars. */
  chars: number;
}

const enum Kind {
  Sep,
  Drop,
  Word,
  Cjk,
}

// Per-code-point cache for the slow path (letters outside ASCII and Han).
const slowCache = new Map<number, { kind: Kind; folded: string }>();
const LETTER = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;
const FORMAT = /\p{Cf}/u;

function slowFold(cp: number): { kind: Kind; folded: string } {
  let hit = slowCache.get(cp);
  if (hit) return hit;
  const ch = String.fromCodePoint(cp);
  if (MARK.test(ch) || FORMAT.test(ch)) hit = { kind: Kind.Drop, folded: '' };
  else {
    const folded = ch.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    hit = LETTER.test(folded) ? { kind: Kind.Word, folded } : { kind: Kind.Sep, folded: '' };
  }
  if (slowCache.size < 100_000) slowCache.set(cp, hit);
  return hit;
}

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x3040 && cp <= 0x30ff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3134f)
  );
}

/** Mixes a 32-bit value (murmur3's finalizer). */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function analyze(text: string): Units {
  const n = text.length;
  // Units never outnumber UTF-16 code units; shrink at the end.
  const initial = Math.max(16, n >> 1);
  let hashes: Uint32Array = new Uint32Array(initial);
  let starts: Int32Array = new Int32Array(initial);
  let ends: Int32Array = new Int32Array(initial);
  let sizes: Uint16Array = new Uint16Array(initial);
  let count = 0;
  let chars = 0;
  let wordHash = 0;
  let wordStart = -1;
  let wordEnd = 0;
  let wordLen = 0;

  const push = (hash: number, start: number, end: number, size: number) => {
    if (count === hashes.length) {
      const size = hashes.length * 2;
      const h = new Uint32Array(size);
      h.set(hashes);
      hashes = h;
      const s = new Int32Array(size);
      s.set(starts);
      starts = s;
      const e = new Int32Array(size);
      e.set(ends);
      ends = e;
      const z = new Uint16Array(size);
      z.set(sizes);
      sizes = z;
    }
    hashes[count] = hash;
    starts[count] = start;
    ends[count] = end;
    sizes[count] = size;
    count++;
    chars += size;
  };
  const endWord = () => {
    if (wordStart >= 0) {
      push(mix32(wordHash), wordStart, wordEnd, Math.min(wordLen, 65535));
      wordStart = -1;
    }
  };
  const addWordChar = (code: number, at: number, end: number) => {
    if (wordStart < 0) {
      wordStart = at;
      wordHash = FNV_OFFSET;
      wordLen = 0;
    }
    wordHash = Math.imul(wordHash ^ code, FNV_PRIME);
    wordEnd = end;
    wordLen++;
  };

  for (let i = 0; i < n; i++) {
    let cp = text.charCodeAt(i);
    const at = i;
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const lo = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        i++;
      } else {
        endWord();
        continue;
      } // lone surrogate: a separator
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
      endWord();
      continue;
    }
    const end = i + 1;

    if (cp < 0x80) {
      if (cp >= 0x61 && cp <= 0x7a) addWordChar(cp, at, end);
      else if (cp >= 0x41 && cp <= 0x5a) addWordChar(cp + 32, at, end);
      else if (cp >= 0x30 && cp <= 0x39) addWordChar(cp, at, end);
      else endWord();
      continue;
    }
    if (cp >= 0xff01 && cp <= 0xff5e) {
      // Full-width ASCII: fold, then as ASCII.
      let c = cp - 0xfee0;
      if (c >= 0x41 && c <= 0x5a) c += 32;
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) addWordChar(c, at, end);
      else endWord();
      continue;
    }
    if (isCjk(cp)) {
      endWord();
      push(mix32(foldHan(cp) * 0x9e3779b1 + 0x7f4a7c15), at, end, 1);
      continue;
    }
    if (cp === 0x00a0 || cp === 0x3000 || (cp >= 0x2000 && cp <= 0x200a) || (cp >= 0x3001 && cp <= 0x303f) || (cp >= 0xff5f && cp <= 0xff65)) {
      endWord(); // spaces and CJK punctuation
      continue;
    }
    const slow = slowFold(cp);
    if (slow.kind === Kind.Drop) continue;
    if (slow.kind === Kind.Sep) {
      endWord();
      continue;
    }
    for (let k = 0; k < slow.folded.length; k++) addWordChar(slow.folded.charCodeAt(k), at, end);
  }
  endWord();
  return {
    count,
    hashes: hashes.subarray(0, count),
    starts: starts.subarray(0, count),
    ends: ends.subarray(0, count),
    sizes: sizes.subarray(0, count),
    chars,
  };
}

/**
 * The hashes alone of the units `analyze` finds in a text fed to it in pieces: UTF-8 bytes
 * (`bytes`: a run of them decoded as TextDecoder decodes it whole, across pieces, until the next
 * `text`, `char` or `finish`), decoded text (`text`) and ASCII characters (`char`). The same
 * hashes, in the same order, as `analyze(whole text).hashes` (tests/warc/rough-text.test.ts holds
 * it to that), without the text ever being one string and without the units' offsets and sizes:
 * the pre-filter's look at a page (match/prefilter.ts) needs only the hashes. Per code point it
 * folds as `analyze` does, with the same helpers; a change to one is a change to the other.
 */
export class UnitHashStream {
  private hashes = new Uint32Array(4096);
  private count = 0;
  private inWord = false;
  private wordHash = 0;
  /** UTF-8 decoding across pieces: continuation bytes still needed, the code point so far, the bounds of the next byte. */
  private need = 0;
  private cp = 0;
  private lower = 0x80;
  private upper = 0xbf;

  private push(hash: number): void {
    if (this.count === this.hashes.length) {
      const grown = new Uint32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[this.count++] = hash;
  }

  private endWord(): void {
    if (this.inWord) {
      this.push(mix32(this.wordHash));
      this.inWord = false;
    }
  }

  private addWordChar(code: number): void {
    if (!this.inWord) {
      this.inWord = true;
      this.wordHash = FNV_OFFSET;
    }
    this.wordHash = Math.imul(this.wordHash ^ code, FNV_PRIME);
  }

  /** One code point (not a surrogate), as analyze's loop takes it. */
  private codePoint(cp: number): void {
    if (cp < 0x80) {
      if (cp >= 0x61 && cp <= 0x7a) this.addWordChar(cp);
      else if (cp >= 0x41 && cp <= 0x5a) this.addWordChar(cp + 32);
      else if (cp >= 0x30 && cp <= 0x39) this.addWordChar(cp);
      else this.endWord();
      return;
    }
    if (cp >= 0xff01 && cp <= 0xff5e) {
      let c = cp - 0xfee0;
      if (c >= 0x41 && c <= 0x5a) c += 32;
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) this.addWordChar(c);
      else this.endWord();
      return;
    }
    if (isCjk(cp)) {
      this.endWord();
      this.push(mix32(foldHan(cp) * 0x9e3779b1 + 0x7f4a7c15));
      return;
    }
    if (cp === 0x00a0 || cp === 0x3000 || (cp >= 0x2000 && cp <= 0x200a) || (cp >= 0x3001 && cp <= 0x303f) || (cp >= 0xff5f && cp <= 0xff65)) {
      this.endWord();
      return;
    }
    const slow = slowFold(cp);
    if (slow.kind === Kind.Drop) return;
    if (slow.kind === Kind.Sep) {
      this.endWord();
      return;
    }
    for (let k = 0; k < slow.folded.length; k++) this.addWordChar(slow.folded.charCodeAt(k));
  }

  /** A sequence cut short: the decoder's U+FFFD, a separator. */
  private badSequence(): void {
    this.need = 0;
    this.lower = 0x80;
    this.upper = 0xbf;
    this.endWord();
  }

  /** UTF-8 bytes buf[from, to), decoded as the WHATWG decoder decodes them (an invalid sequence is a U+FFFD: a separator). */
  bytes(buf: Uint8Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const b = buf[i];
      if (this.need === 0) {
        if (b < 0x80) this.codePoint(b);
        else if (b >= 0xc2 && b <= 0xdf) {
          this.need = 1;
          this.cp = b & 0x1f;
        } else if (b >= 0xe0 && b <= 0xef) {
          if (b === 0xe0) this.lower = 0xa0;
          if (b === 0xed) this.upper = 0x9f;
          this.need = 2;
          this.cp = b & 0xf;
        } else if (b >= 0xf0 && b <= 0xf4) {
          if (b === 0xf0) this.lower = 0x90;
          if (b === 0xf4) this.upper = 0x8f;
          this.need = 3;
          this.cp = b & 0x7;
        } else this.endWord();
        continue;
      }
      if (b < this.lower || b > this.upper) {
        // The sequence so far is one U+FFFD; the byte is read again on its own.
        this.badSequence();
        i--;
        continue;
      }
      this.lower = 0x80;
      this.upper = 0xbf;
      this.cp = (this.cp << 6) | (b & 0x3f);
      if (--this.need === 0) this.codePoint(this.cp);
    }
  }

  /** Decoded text, as analyze reads it (a lone surrogate is a separator). */
  text(text: string): void {
    if (this.need) this.badSequence();
    const n = text.length;
    for (let i = 0; i < n; i++) {
      let cp = text.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff) {
        const lo = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
          i++;
        } else {
          this.endWord();
          continue;
        }
      } else if (cp >= 0xdc00 && cp <= 0xdfff) {
        this.endWord();
        continue;
      }
      this.codePoint(cp);
    }
  }

  /** One ASCII character. */
  char(c: number): void {
    if (this.need) this.badSequence();
    this.codePoint(c);
  }

  /** The units' hashes (a copy: the stream may be reused after reset). */
  finish(): Uint32Array {
    if (this.need) this.badSequence();
    this.endWord();
    return this.hashes.slice(0, this.count);
  }

  /** Empties the stream for the next text (its buffer kept). */
  reset(): void {
    this.count = 0;
    this.inWord = false;
    this.need = 0;
    this.lower = 0x80;
    this.upper = 0xbf;
  }
}
