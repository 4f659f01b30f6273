/**
 * Bytes → text. The order a browser uses (BOM, HTTP header, <meta>), then a sniff of the bytes
 * (chardet) when nothing is declared or the declaration is plainly wrong: a page that declares
 * gb2312 but is UTF-8, or declares UTF-8 but is GBK, still decodes right.
 */
import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';

type CharsetSource = 'bom' | 'header' | 'meta' | 'sniff' | 'default';

export interface Decoded {
  text: string;
  /** WHATWG encoding name, lower case (`utf-8`, `gb18030`, `big5`, `windows-1252`, ...). */
  charset: string;
  source: CharsetSource;
  diagnostics: string[];
}

const SNIFF_BYTES = 8 * 1024;
const WIDE_SNIFF_BYTES = 64 * 1024;

/** A label as the WHATWG Encoding standard names it, or null when TextDecoder does not know it. */
export function canonicalCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const cleaned = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (!cleaned) return null;
  // GB2312 and GBK pages routinely use characters outside their tables: gb18030 is the superset.
  if (cleaned === 'gb2312' || cleaned === 'gbk' || cleaned === 'x-gbk' || cleaned === 'gb_2312-80') return 'gb18030';
  if (cleaned === 'big5-hkscs') return 'big5';
  try {
    const name = new TextDecoder(cleaned).encoding;
    return name === 'gbk' ? 'gb18030' : name;
  } catch {
    return null;
  }
}

/** The charset parameter of a Content-Type header value. */
function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const match = /charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType);
  return match ? match[1] : null;
}

/** The charset a <meta> tag declares within the first 8 KB. */
function charsetFromMeta(bytes: Uint8Array): string | null {
  const head = latin1(bytes.subarray(0, SNIFF_BYTES));
  const metas = head.match(/<meta\b[^>]*>/gi) ?? [];
  for (const tag of metas) {
    const direct = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag);
    if (direct) return direct[1];
  }
  return null;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function bomCharset(bytes: Uint8Array): { charset: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return null;
}

/** True when the bytes are valid UTF-8, allowing a sequence cut off at the very end. */
function isValidUtf8(bytes: Uint8Array): boolean {
  let end = bytes.length;
  // Step back over a trailing sequence that a size cap may have cut in half.
  let back = 0;
  while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1] & 0xc0) === 0x80) back++;
  if (end - back - 1 >= 0 && bytes[end - back - 1] >= 0xc0) end = end - back - 1;
  return isUtf8(bytes.subarray(0, end)); // validates without building the string (decoded once, later)
}

function hasHighBytes(bytes: Uint8Array, limit = bytes.length): boolean {
  const n = Math.min(limit, bytes.length);
  for (let i = 0; i < n; i++) if (bytes[i] >= 0x80) return true;
  return false;
}

const CJK_MULTIBYTE = new Set(['gb18030', 'big5', 'shift_jis', 'euc-jp', 'euc-kr', 'iso-2022-jp']);
const SINGLE_BYTE = /^(windows-125\d|iso-8859-\d+|koi8-[ru]|macintosh|ibm866|x-mac-cyrillic)$/;

/** chardet's guess over a sample rich in non-ASCII bytes, as a canonical name. */
function sniff(bytes: Uint8Array): { charset: string; confidence: number } | null {
  let sample = bytes.subarray(0, SNIFF_BYTES);
  if (countHigh(sample) < 64) sample = bytes.subarray(0, WIDE_SNIFF_BYTES);
  if (countHigh(sample) < 64 && bytes.length > WIDE_SNIFF_BYTES) {
    // The head is all markup: sniff the middle of the page, where the text is.
    const mid = Math.floor(bytes.length / 2);
    sample = bytes.subarray(Math.max(0, mid - WIDE_SNIFF_BYTES / 2), mid + WIDE_SNIFF_BYTES / 2);
  }
  for (const match of chardet.analyse(sample)) {
    const charset = canonicalCharset(match.name);
    if (charset) return { charset, confidence: match.confidence };
  }
  return null;
}

function countHigh(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) n++;
  return n;
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  return new TextDecoder(charset).decode(bytes);
}

function replacementShare(text: string): number {
  // Counted from one U+FFFD to the next (indexOf is native: most pages hold none).
  let bad = 0;
  for (let at = text.indexOf('\ufffd'); at >= 0; at = text.indexOf('\ufffd', at + 1)) bad++;
  return text.length ? bad / text.length : 0;
}

/**
 * True when decodeHtml reads these bytes as UTF-8, or as ASCII under an ASCII-compatible charset
 * (no BOM; valid UTF-8, or no byte above 0x7F): the text is then the bytes' UTF-8 decoding, and
 * markup (ASCII delimiters) can be scanned on the bytes themselves (rough-text.ts).
 */
export function readsAsUtf8(bytes: Uint8Array): boolean {
  if (bomCharset(bytes)) return false;
  return !hasHighBytes(bytes) || isValidUtf8(bytes);
}

/** Decodes an HTML body. Never throws: an unknown label falls back to a sniff, then UTF-8. */
export function decodeHtml(bytes: Uint8Array, contentType?: string | null): Decoded {
  const diagnostics: string[] = [];
  const bom = bomCharset(bytes);
  if (bom) {
    return { text: decodeWith(bytes.subarray(bom.length), bom.charset), charset: bom.charset, source: 'bom', diagnostics };
  }

  const headerLabel = charsetFromContentType(contentType);
  const metaLabel = headerLabel ? null : charsetFromMeta(bytes);
  const label = headerLabel ?? metaLabel;
  const declared = canonicalCharset(label);
  const declaredSource: CharsetSource = headerLabel ? 'header' : 'meta';
  if (label && !declared) diagnostics.push(`unknown charset label "${label}" ignored`);

  // Non-ASCII bytes that form valid UTF-8 are UTF-8, whatever the page says: legacy CJK text
  // almost never forms valid UTF-8 by chance.
  const high = hasHighBytes(bytes);
  if (high && isValidUtf8(bytes)) {
    if (declared && declared !== 'utf-8') diagnostics.push(`declared ${declared} but the bytes are valid UTF-8`);
    return { text: decodeWith(bytes, 'utf-8'), charset: 'utf-8', source: declared === 'utf-8' ? declaredSource : 'sniff', diagnostics };
  }
  if (!high) {
    const charset = declared && !CJK_MULTIBYTE.has(declared) && declared !== 'utf-16le' && declared !== 'utf-16be' ? declared : 'utf-8';
    return { text: decodeWith(bytes, charset), charset, source: declared ? declaredSource : 'default', diagnostics };
  }

  if (declared && declared !== 'utf-8' && !declared.startsWith('utf-16')) {
    const text = decodeWith(bytes, declared);
    const suspicious = SINGLE_BYTE.test(declared) || replacementShare(text) > 0.002;
    if (!suspicious) return { text, charset: declared, source: declaredSource, diagnostics };
    const guess = sniff(bytes);
    if (guess && guess.charset !== declared && guess.confidence >= 50 && (CJK_MULTIBYTE.has(guess.charset) || !SINGLE_BYTE.test(declared))) {
      diagnostics.push(`declared ${declared} but the bytes look like ${guess.charset}`);
      return { text: decodeWith(bytes, guess.charset), charset: guess.charset, source: 'sniff', diagnostics };
    }
    return { text, charset: declared, source: declaredSource, diagnostics };
  }

  if (declared === 'utf-8') diagnostics.push('declared utf-8 but the bytes are not valid UTF-8');
  const guess = sniff(bytes);
  const charset = guess?.charset ?? declared ?? 'windows-1252';
  return { text: decodeWith(bytes, charset), charset, source: 'sniff', diagnostics };
}
