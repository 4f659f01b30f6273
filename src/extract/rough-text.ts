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
import { decodeHtml } from './charset.ts';

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

/** The end of the tag that starts at `lt` (the index after its `>`), quotes respected as the tokenizer does. */
function tagEnd(html: string, from: number): number {
  let quote = 0;
  for (let i = from; i < html.length; i++) {
    const c = html.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) {
      // A quote opens a value only after `=` (optionally spaced).
      let j = i - 1;
      while (j > from && html.charCodeAt(j) <= 0x20) j--;
      if (html.charCodeAt(j) === 0x3d) quote = c;
    } else if (c === 0x3e) return i + 1;
  }
  return html.length;
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

/** The page's text, roughly (see above). */
function roughHtmlText(html: string): string {
  const parts: string[] = [];
  const n = html.length;
  const text = (from: number, to: number) => {
    if (to <= from) return;
    const raw = html.slice(from, to);
    parts.push(raw.includes('&') ? decodeHTML(raw) : raw);
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
        parts.push('<');
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
      parts.push(' ');
      continue;
    }
    if (BLOCK_TAGS.has(name) || name === 'br' || name === 'noscript') {
      parts.push(' ');
      continue;
    }
    if (maybeHidden < nameEnd) {
      MAYBE_HIDDEN.lastIndex = nameEnd;
      maybeHidden = MAYBE_HIDDEN.exec(html)?.index ?? n;
    }
    if (!closing && maybeHidden < end && hiddenAttrs(html.slice(nameEnd, end - 1))) {
      const after = elementEnd(html, name, end, end + HIDDEN_SPAN);
      if (after > 0) i = after;
    }
  }
  return parts.join('');
}

/** The rough text of an HTML body, decoded as extraction decodes it (charset from the header, the page, then sniffing). */
export function roughText(bytes: Uint8Array, contentType?: string | null): string {
  return roughHtmlText(decodeHtml(bytes, contentType).text);
}
