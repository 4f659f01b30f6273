/** Small helpers for writing fixture pages. */
import iconv from 'iconv-lite';

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Encodes a page in a legacy charset (gbk, big5, ...) or UTF-8. */
export function encodePage(html: string, charset: string): Buffer {
  return /^utf-?8$/i.test(charset) ? Buffer.from(html, 'utf8') : iconv.encode(html, charset);
}
