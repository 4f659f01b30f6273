/** Plain formatting of numbers, times and quotes, shared by every report. No locale, no clock. */

/** `2024-05-01 08:30:00 UTC` from an ISO time; a string that is not a time is returned as given. */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

/** The ISO form (`toISOString`) of a time, or the string as given when it is not one. */
export function isoTime(value: string): string {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** `87.3%` from a share in 0..1. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return '—';
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

/** `1,234,567`: digits grouped by three, whatever the locale. */
export function groupDigits(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [int, frac] = String(Math.abs(n)).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** `48,213 bytes (47.1 KiB)`. */
export function formatBytes(size: number): string {
  const bytes = `${groupDigits(size)} bytes`;
  if (!Number.isFinite(size) || size < 1024) return bytes;
  const [value, unit] = size < 1024 * 1024 ? [size / 1024, 'KiB'] : [size / 1024 / 1024, 'MiB'];
  return `${bytes} (${value.toFixed(1)} ${unit})`;
}

/** A share rounded to four decimals, for machine-readable output (no 0.30000000000000004). */
export function round4(n: number): number {
  return Number.isFinite(n) ? Math.round(n * 10000) / 10000 : n;
}

// Controls (but line feed) and the bidirectional/zero-width format characters.
const UNSAFE_TEXT = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/**
 * A string for one line of a plain-text document: line breaks and tabs become spaces, other
 * controls and invisible format characters are dropped, runs of spaces folded. A hostile title
 * cannot start a line of its own in a notice.
 */
export function oneLine(value: string | null | undefined): string {
  if (!value) return '';
  return value
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(UNSAFE_TEXT, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Whether the code unit at `i` is the second half of a surrogate pair. */
export function splitsPair(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return false;
  const low = text.charCodeAt(i);
  const high = text.charCodeAt(i - 1);
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
}

/**
 * At most `max` characters of a one-line text, cut at a word boundary when the text has spaces
 * (never inside a surrogate pair), with an ellipsis when cut.
 */
export function trimQuote(value: string, max: number, ellipsis = '…'): string {
  const text = oneLine(value);
  if (text.length <= max) return text;
  let cut = max;
  if (splitsPair(text, cut)) cut -= 1;
  const space = text.lastIndexOf(' ', cut);
  if (space > max * 0.6) cut = space;
  return `${text.slice(0, cut).trimEnd()}${ellipsis}`;
}

/** The date a takedown notice carries: `2026年11月25日` in Chinese, `2026-11-25` in English. */
export function noticeDate(iso: string, lang: 'zh' | 'en'): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return lang === 'zh' ? `${y}年${m}月${d}日` : iso.slice(0, 10);
}
