/**
 * Escaping for HTML output. Every string that comes from a crawled page, the store or a finding
 * goes through `escapeHtml` (text and attribute values alike); a URL becomes a link only through
 * `safeHref`, which admits http(s) and nothing else.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '=': '&#61;',
};

/**
 * C0 controls (but tab, line feed, carriage return), DEL and the C1 block, which HTML does not
 * allow as text; they become U+FFFD so that nothing invisible reaches the page.
 */
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * Escapes text for an HTML text node or a quoted attribute value. `=` and the backtick are
 * escaped too: they render the same, and hostile markup shown as text (`<img onerror=...>`)
 * then holds no `onerror=` that a naive filter or an old parser could take for an attribute.
 */
export function escapeHtml(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .replace(CONTROLS, '\uFFFD')
    .replace(/[&<>"'`=]/g, (c) => ENTITIES[c]);
}

/** Bidirectional and zero-width format characters, which can make a URL read as another. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** A URL as text: invisible format characters are shown as `\u{…}` escapes, then HTML-escaped. */
function urlText(url: string): string {
  return escapeHtml(url.replace(INVISIBLE, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`));
}

/**
 * The URL fit for an `href`, or null: only absolute http(s) URLs, parsed and serialized by the
 * WHATWG URL parser (so `java\tscript:`, ` javascript:` and the like are seen for what they
 * are), without credentials. The result is not yet attribute-escaped.
 */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username || parsed.password) return null;
  return parsed.href;
}

/**
 * A URL shown as text, and linked when it is http(s). Links open nothing on their own, send no
 * referrer to the copying site and are marked nofollow.
 */
export function urlHtml(url: string | null | undefined, fallback = '—'): string {
  if (!url) return `<span class="muted">${escapeHtml(fallback)}</span>`;
  const href = safeHref(url);
  const text = `<span class="url">${urlText(url)}</span>`;
  if (href === null) return text;
  return `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${text}</a>`;
}

/** A BCP 47 tag fit for a `lang` attribute, or null (anything else is dropped, never escaped in). */
export function langAttr(lang: string | null | undefined): string | null {
  if (!lang || !/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(lang) || lang.toLowerCase() === 'und') return null;
  return lang;
}

const HAN = /[\u3400-\u9FFF\uF900-\uFAFF]/;

/** ` lang="zh"` for a string holding Han characters (so CJK glyphs are chosen right), else nothing. */
export function langOf(text: string | null | undefined, known?: string | null): string {
  const tag = langAttr(known) ?? (text && HAN.test(text) ? 'zh' : null);
  return tag ? ` lang="${tag}"` : '';
}
