/**
 * The text of an HTML page without building a tree: one scan with indexOf that drops tags,
 * comments and the raw-text elements (script, style ...), decodes entities, and leaves a space
 * where extraction starts a new block (BLOCK_TAGS, <br>), nothing where it joins inline text, so
 * that the text's units (fingerprint/analyze.ts) are extraction's wherever extraction keeps the
 * text: every text node extraction can read is in it (more besides: navigation, buttons, the
 * title), in page order. Inline elements that extraction drops as hidden (display:none and the
 * like, a known evasion inside copied text) are dropped here too. The cheap look before the full
 * extraction (match/prefilter.ts); pure.
 */
import { decodeHTML } from 'entities';
import { BLOCK_TAGS } from './blocks.ts';
import { decodeHtml, readsAsUtf8 } from './charset.ts';

/** Elements whose content htmlparser2's tokenizer reads as raw text up to their end tag, none of it page text. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);
/** A hidden inline element is dropped only when its end tag follows within this many bytes of UTF-8 (else its text is kept). */
const HIDDEN_SPAN = 4000;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
/** The class names extraction reads as hidden (boilerplate.ts), but not when a token shows the element at some size. */
const HIDDEN_CLASSES = new Set(['hidden', 'hide', 'is-hidden', 'd-none']);
const SHOWN_SOMEWHERE = /(:|^d-[a-z]+-)(block|flex|inline|grid|table|contents|flow-root)/;
const FOLDED = /tab|accordion|collaps|expand|read-?more|more-?text|toggle|spoiler|fold/i;

/** The tag's attributes say hidden as extraction reads them (boilerplate.ts isHidden; a fold's hidden class is not). */
function hiddenAttrs(attrs: string): boolean {
  let cls = '';
  let id = '';
  for (const m of attrs.matchAll(ATTR)) {
    const name = m[1].toLowerCase();
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    if (name === 'hidden') return true;
    if (name === 'aria-hidden' && value === 'true') return true;
    if (name === 'style' && /(display\s*:\s*none|visibility\s*:\s*hidden)/i.test(value)) return true;
    if (name === 'class') cls = value.toLowerCase();
    if (name === 'id') id = value;
  }
  const tokens = cls.split(/\s+/);
  return tokens.some((c) => HIDDEN_CLASSES.has(c)) && !tokens.some((c) => SHOWN_SOMEWHERE.test(c)) && !FOLDED.test(`${cls} ${id}`);
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isNameChar(c: number): boolean {
  return isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d;
}

/** The index of byte `c` in buf from `from`, or buf.length: a loop (most searches end within a few dozen bytes, where a call to Buffer#indexOf costs more). */
function find(buf: Uint8Array, c: number, from: number): number {
  const n = buf.length;
  let i = from;
  while (i < n && buf[i] !== c) i++;
  return i;
}

/** True when buf holds the ASCII name `name` (lower case) at `at`, in any case, as the tokenizer compares tag names. */
function nameAt(buf: Uint8Array, at: number, name: string): boolean {
  if (at + name.length > buf.length) return false;
  for (let k = 0; k < name.length; k++) {
    const c = name.charCodeAt(k);
    const b = buf[at + k];
    if (b !== c && !(c >= 0x61 && c <= 0x7a && b === c - 0x20)) return false;
  }
  return true;
}

/** The byte at `at`, lower-cased when an ASCII letter. */
function lower(buf: Uint8Array, at: number): number {
  const b = buf[at];
  return b >= 0x41 && b <= 0x5a ? b + 0x20 : b;
}

/** True when a word that may hide an element (`hidden`, `hide` or `none`, in any case) starts within buf[from, to). */
function mayHide(buf: Uint8Array, from: number, to: number): boolean {
  for (let j = from; j < to; j++) {
    // `| 0x20` lower-cases a letter, and makes 0x68 or 0x6e of no other byte than h, H, n, N.
    const b = buf[j] | 0x20;
    if (b === 0x68 /* h */) {
      if (
        lower(buf, j + 1) === 0x69 &&
        lower(buf, j + 2) === 0x64 &&
        (lower(buf, j + 3) === 0x65 || (lower(buf, j + 3) === 0x64 && lower(buf, j + 4) === 0x65 && lower(buf, j + 5) === 0x6e))
      )
        return true;
    } else if (b === 0x6e /* n */ && lower(buf, j + 1) === 0x6f && lower(buf, j + 2) === 0x6e && lower(buf, j + 3) === 0x65) return true;
  }
  return false;
}

const END_TAG = Buffer.from('</');
const COMMENT_END = Buffer.from('-->');

/** The end of the tag whose name or body starts at `from` (the index after its `>`), quotes respected as the tokenizer does: a quote opens a value only after `=` (optionally spaced). */
function tagEnd(buf: Buffer, from: number): number {
  const n = buf.length;
  for (let at = from; at < n; at++) {
    const b = buf[at];
    if (b === 0x3e) return at + 1;
    if (b !== 0x22 && b !== 0x27) continue;
    let j = at - 1;
    while (j > from && buf[j] <= 0x20) j--;
    if (buf[j] !== 0x3d) continue;
    at = find(buf, b, at + 1);
  }
  return n;
}

/** Where the element `name` opened before `from` ends (after its matching end tag), or -1 past `limit`. */
function elementEnd(buf: Buffer, name: string, from: number, limit: number): number {
  let depth = 1;
  let at = from;
  for (;;) {
    const lt = find(buf, 0x3c, at);
    if (lt === buf.length || lt > limit) return -1;
    const closing = buf[lt + 1] === 0x2f;
    const start = lt + (closing ? 2 : 1);
    if (nameAt(buf, start, name) && !isNameChar(buf[start + name.length])) {
      depth += closing ? -1 : 1;
      if (depth === 0) return tagEnd(buf, start);
    }
    at = lt + 1;
  }
}

/** After the end tag `</name` (any case) from `from`, as the tokenizer ends a raw-text element; the end of the page when there is none. */
function rawTextEnd(buf: Buffer, name: string, from: number): number {
  for (let lt = buf.indexOf(END_TAG, from); lt >= 0; lt = buf.indexOf(END_TAG, lt + 1)) {
    if (nameAt(buf, lt + 2, name)) return tagEnd(buf, lt + 2 + name.length);
  }
  return buf.length;
}

/** A tag name the scan treats apart: raw text (RAW_TEXT) or a block (BLOCK_TAGS, br, noscript: a space in the text). */
interface KnownName {
  name: string;
  raw: boolean;
  block: boolean;
}

const NAME_SEED = 0x811c9dc5;
const nameHash = (hash: number, c: number) => Math.imul(hash ^ c, 0x01000193);

/** The names the scan treats apart, by the hash of their bytes (a tag's name is looked up without making it a string). */
const KNOWN = new Map<number, KnownName[]>();
for (const name of new Set([...RAW_TEXT, ...BLOCK_TAGS, 'br', 'noscript'])) {
  let hash = NAME_SEED;
  for (let k = 0; k < name.length; k++) hash = nameHash(hash, name.charCodeAt(k));
  const known = { name, raw: RAW_TEXT.has(name), block: BLOCK_TAGS.has(name) || name === 'br' || name === 'noscript' };
  KNOWN.set(hash, [...(KNOWN.get(hash) ?? []), known]);
}

/** The name in buf[from, to) (any case) when the scan treats it apart, else undefined. */
function knownName(buf: Uint8Array, from: number, to: number, hash: number): KnownName | undefined {
  const candidates = KNOWN.get(hash);
  if (candidates) for (const known of candidates) if (known.name.length === to - from && nameAt(buf, from, known.name)) return known;
  return undefined;
}

/** Where the scan puts the page's text: its text between `from` and `to` (entities still in), a separator or a `<`. */
interface Sink {
  text(from: number, to: number): void;
  put(char: number): void;
  /** The tag's attributes between `from` and `to`, as the page's text. */
  attrs(from: number, to: number): string;
}

/**
 * The page's text, roughly (see above), into `out`: scanned on the bytes of UTF-8 text (every
 * delimiter the scan looks for is ASCII, and no byte of a multi-byte UTF-8 character is), so that
 * the page is never one string (a string of over 128 KB is allocated in V8's large-object space,
 * which cost more than the scan itself).
 */
function roughScan(buf: Buffer, out: Sink): void {
  const n = buf.length;
  const text = (from: number, to: number) => {
    if (to > from) out.text(from, to);
  };
  let i = 0;
  while (i < n) {
    const lt = find(buf, 0x3c, i);
    if (lt === n) {
      text(i, n);
      break;
    }
    text(i, lt);
    const c = buf[lt + 1];
    if (c === 0x21 /* ! */) {
      if (buf[lt + 2] === 0x2d && buf[lt + 3] === 0x2d) {
        const end = buf.indexOf(COMMENT_END, lt + 4);
        i = end < 0 ? n : end + 3;
      } else i = tagEnd(buf, lt + 2);
      continue;
    }
    if (c === 0x3f /* ? */) {
      i = tagEnd(buf, lt + 2);
      continue;
    }
    const closing = c === 0x2f;
    const nameStart = lt + (closing ? 2 : 1);
    if (!isLetter(buf[nameStart])) {
      if (closing)
        i = tagEnd(buf, nameStart); // `</ ...>` and `</>`: a bogus comment to the tokenizer
      else {
        out.put(0x3c);
        i = lt + 1;
      }
      continue;
    }
    let nameEnd = nameStart;
    let hash = NAME_SEED;
    while (nameEnd < n && isNameChar(buf[nameEnd])) hash = nameHash(hash, lower(buf, nameEnd++));
    const known = knownName(buf, nameStart, nameEnd, hash);
    const end = tagEnd(buf, nameEnd);
    i = end;
    if (!closing && known?.raw) {
      i = rawTextEnd(buf, known.name, end);
      out.put(0x20);
      continue;
    }
    if (known?.block) {
      out.put(0x20);
      continue;
    }
    if (!closing && mayHide(buf, nameEnd, end) && hiddenAttrs(out.attrs(nameEnd, end - 1))) {
      const after = elementEnd(buf, buf.toString('latin1', nameStart, nameEnd).toLowerCase(), end, end + HIDDEN_SPAN);
      if (after > 0) i = after;
    }
  }
}

/** A U+FEFF inside the page is text, as in the whole page's decoding (readsAsUtf8 leaves out a page that starts with one). */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The bytes of the text kept, between two pieces that need decoding (reused: one page at a time). */
let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * Where the rough text goes, piece by piece in page order: UTF-8 bytes of text kept as the page
 * has them (a multi-byte character is never cut between two pieces, but bytes the page holds
 * invalid may be: the pieces read as one run of bytes until the next `text` or `char`), text
 * already decoded (entities), and ASCII separators. The text is the concatenation, the runs of
 * bytes decoded as UTF-8 as a decoder would decode them whole.
 */
export interface RoughSink {
  bytes(buf: Uint8Array, from: number, to: number): void;
  text(text: string): void;
  char(c: number): void;
}

/** The rough text of a page's UTF-8 bytes into `sink`: entities are decoded text piece by text piece, and a tag's attributes are decoded before they are read. */
function roughUtf8Into(bytes: Uint8Array, sink: RoughSink): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Where the next `&` is (searched again once passed: linear in all).
  let amp = -1;
  roughScan(buf, {
    text(from, to) {
      if (amp < from) amp = find(buf, 0x26, from);
      if (amp >= to) sink.bytes(buf, from, to);
      else sink.text(decodeHTML(utf8.decode(buf.subarray(from, to))));
    },
    put: (char) => sink.char(char),
    attrs: (from, to) => utf8.decode(buf.subarray(from, to)),
  });
}

/** The bytes of the page as roughText scans them: a page that reads as UTF-8 as it is, any other decoded whole and encoded as UTF-8 (the same text as a scan of the string). */
function utf8Bytes(bytes: Uint8Array, contentType?: string | null): Uint8Array {
  return readsAsUtf8(bytes) ? bytes : Buffer.from(decodeHtml(bytes, contentType).text, 'utf8');
}

/**
 * The rough text of an HTML body, decoded as extraction decodes it (charset from the header, the
 * page, then sniffing): a page that reads as UTF-8 is scanned on its own bytes, any other decoded
 * whole and scanned on the UTF-8 bytes of its text. Only the text kept is decoded, in runs.
 */
export function roughText(bytes: Uint8Array, contentType?: string | null): string {
  const page = utf8Bytes(bytes, contentType);
  if (scratch.length < page.length) scratch = Buffer.allocUnsafe(page.length);
  const run = scratch;
  const parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (size) parts.push(utf8.decode(run.subarray(0, size)));
    size = 0;
  };
  roughUtf8Into(page, {
    // A byte loop: most pieces are short (the spaces between two tags), where Buffer#copy costs more.
    bytes(buf, from, to) {
      for (let j = from; j < to; j++) run[size++] = buf[j];
    },
    text(text) {
      flush();
      parts.push(text);
    },
    char(c) {
      run[size++] = c;
    },
  });
  flush();
  return parts.join('');
}

/** The same rough text as roughText, into `sink` without ever being one string (the pre-filter hashes its units on the way: fingerprint/unit-hashes.ts). */
export function roughTextInto(bytes: Uint8Array, contentType: string | null | undefined, sink: RoughSink): void {
  roughUtf8Into(utf8Bytes(bytes, contentType), sink);
}
