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
/** A hidden inline element is dropped only when its end tag follows within this many characters (else its text is kept). */
const HIDDEN_SPAN = 4000;
const MAYBE_HIDDEN = /hidden|none|hide/gi;
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

/** The last answers of nextIndex, per character looked for: [the string, searched from, found at]. */
const lastFound = new Map<number, [string, number, number]>();

/** html.indexOf(char, from), or html.length when absent; remembered, so that a search passing over text it already passed (quotes are not in every tag) does not pass over it again. */
function nextIndex(html: string, char: number, from: number): number {
  const last = lastFound.get(char);
  if (last && last[0] === html && last[1] <= from && from <= last[2]) return last[2];
  const at = html.indexOf(String.fromCharCode(char), from);
  const found = at < 0 ? html.length : at;
  lastFound.set(char, [html, from, found]);
  return found;
}

/** The end of the tag that starts at `lt` (the index after its `>`), quotes respected as the tokenizer does. */
function tagEnd(html: string, from: number): number {
  let at = from;
  for (;;) {
    const gt = html.indexOf('>', at);
    if (gt < 0) return html.length;
    const dq = nextIndex(html, 0x22, at);
    const sq = nextIndex(html, 0x27, at);
    const q = Math.min(dq, sq);
    if (q > gt) return gt + 1;
    // A quote opens a value only after `=` (optionally spaced).
    let j = q - 1;
    while (j > from && html.charCodeAt(j) <= 0x20) j--;
    if (html.charCodeAt(j) !== 0x3d) {
      at = q + 1;
      continue;
    }
    const close = html.indexOf(html[q], q + 1);
    if (close < 0) return html.length;
    at = close + 1;
  }
}

/** Where the element `name` opened before `from` ends (after its matching end tag), or -1 past `limit`. */
function elementEnd(html: string, name: string, from: number, limit: number): number {
  let depth = 1;
  let at = from;
  for (;;) {
    const lt = html.indexOf('<', at);
    if (lt < 0 || lt > limit) return -1;
    const closing = html.charCodeAt(lt + 1) === 0x2f;
    const start = lt + (closing ? 2 : 1);
    if (html.slice(start, start + name.length).toLowerCase() === name && !isNameChar(html.charCodeAt(start + name.length))) {
      depth += closing ? -1 : 1;
      if (depth === 0) return tagEnd(html, start);
    }
    at = lt + 1;
  }
}

const closeTags = new Map<string, RegExp>();
/** `</name` in any case (the raw-text element's end, as the tokenizer finds it). */
function closeTag(name: string): RegExp {
  let re = closeTags.get(name);
  if (!re) closeTags.set(name, (re = new RegExp(`</${name}`, 'gi')));
  return re;
}

function isNameChar(c: number): boolean {
  return isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d;
}

/** Where the scan puts the page's text: its text between `from` and `to` (entities still in), a separator or a `<`. */
interface Sink {
  text(from: number, to: number): void;
  put(char: ' ' | '<'): void;
  /** The tag's attributes between `from` and `to`, as the page's text. */
  attrs(from: number, to: number): string;
}

/** The page's text, roughly (see above), into `out`. */
function roughScan(html: string, out: Sink): void {
  const n = html.length;
  const text = (from: number, to: number) => {
    if (to > from) out.text(from, to);
  };
  // Where the next word that may hide an element is (searched again once passed: linear in all).
  let maybeHidden = -1;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      text(i, n);
      break;
    }
    text(i, lt);
    const c = html.charCodeAt(lt + 1);
    if (c === 0x21 /* ! */) {
      if (html.startsWith('<!--', lt)) {
        const end = html.indexOf('-->', lt + 4);
        i = end < 0 ? n : end + 3;
      } else i = tagEnd(html, lt + 2);
      continue;
    }
    if (c === 0x3f /* ? */) {
      i = tagEnd(html, lt + 2);
      continue;
    }
    const closing = c === 0x2f;
    const nameAt = lt + (closing ? 2 : 1);
    if (!isLetter(html.charCodeAt(nameAt))) {
      if (closing)
        i = tagEnd(html, nameAt); // `</ ...>` and `</>`: a bogus comment to the tokenizer
      else {
        out.put('<');
        i = lt + 1;
      }
      continue;
    }
    let nameEnd = nameAt + 1;
    while (nameEnd < n && isNameChar(html.charCodeAt(nameEnd))) nameEnd++;
    const name = html.slice(nameAt, nameEnd).toLowerCase();
    const end = tagEnd(html, nameEnd);
    i = end;
    if (!closing && RAW_TEXT.has(name)) {
      const close = closeTag(name);
      close.lastIndex = end;
      i = close.exec(html) ? tagEnd(html, close.lastIndex) : n;
      out.put(' ');
      continue;
    }
    if (BLOCK_TAGS.has(name) || name === 'br' || name === 'noscript') {
      out.put(' ');
      continue;
    }
    if (maybeHidden < nameEnd) {
      MAYBE_HIDDEN.lastIndex = nameEnd;
      maybeHidden = MAYBE_HIDDEN.exec(html)?.index ?? n;
    }
    if (!closing && maybeHidden < end && hiddenAttrs(out.attrs(nameEnd, end - 1))) {
      const after = elementEnd(html, name, end, end + HIDDEN_SPAN);
      if (after > 0) i = after;
    }
  }
}

/** The rough text of a decoded page. */
function roughHtmlText(html: string): string {
  const parts: string[] = [];
  roughScan(html, {
    text(from, to) {
      const raw = html.slice(from, to);
      parts.push(raw.includes('&') ? decodeHTML(raw) : raw);
    },
    put: (char) => parts.push(char),
    attrs: (from, to) => html.slice(from, to),
  });
  return parts.join('');
}

/** A U+FEFF inside the page is text, as in the whole page's decoding (readsAsUtf8 leaves out a page that starts with one). */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The rough text of a page whose bytes read as UTF-8 (readsAsUtf8), without decoding the whole
 * page: the markup is scanned on the bytes (as a latin1 string, one character a byte: every
 * delimiter the scan looks for is ASCII, and no byte of a multi-byte UTF-8 character is), and only
 * the text kept is decoded, in runs; entities are decoded text piece by text piece as above, and
 * a tag's attributes are decoded before they are read. The same text as roughHtmlText(decoded).
 */
function roughUtf8Text(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const html = buf.toString('latin1');
  const parts: string[] = [];
  const run = Buffer.allocUnsafe(buf.length);
  let size = 0;
  const flush = () => {
    if (size) parts.push(utf8.decode(run.subarray(0, size)));
    size = 0;
  };
  // Where the next `&` is (searched again once passed: linear in all).
  let amp = -1;
  roughScan(html, {
    text(from, to) {
      if (amp < from) {
        amp = buf.indexOf(0x26, from);
        if (amp < 0) amp = buf.length;
      }
      if (amp >= to) {
        // A byte loop: most pieces are short (the spaces between two tags), where Buffer#copy costs more.
        for (let j = from; j < to; j++) run[size++] = buf[j];
        return;
      }
      flush();
      parts.push(decodeHTML(utf8.decode(buf.subarray(from, to))));
    },
    put(char) {
      run[size++] = char.charCodeAt(0);
    },
    attrs: (from, to) => utf8.decode(buf.subarray(from, to)),
  });
  flush();
  return parts.join('');
}

/** The rough text of an HTML body, decoded as extraction decodes it (charset from the header, the page, then sniffing). */
export function roughText(bytes: Uint8Array, contentType?: string | null): string {
  return readsAsUtf8(bytes) ? roughUtf8Text(bytes) : roughHtmlText(decodeHtml(bytes, contentType).text);
}
