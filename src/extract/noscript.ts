/**
 * Pages that serve their text to scripts only, with a copy for crawlers in <noscript> (Discourse
 * forums): the copy opened as the page's own markup, for extraction to read when the page as
 * served holds no article.
 */

/** Smallest <noscript> content read as the page's text copy. */
const NOSCRIPT_MIN = 2000;

/**
 * The page with its large <noscript> elements opened (their markup parsed as the page's), or
 * null when it has none. Small ones ("Please enable JavaScript") stay closed.
 */
export function unwrapNoscript(html: string): string | null {
  let found = false;
  const out = html.replace(/<noscript\b[^>]*>([\s\S]*?)<\/noscript\s*>/gi, (whole, inner: string) => {
    if (inner.length < NOSCRIPT_MIN || !/<(p|div|article|li)\b/i.test(inner)) return whole;
    found = true;
    return `<div>${inner}</div>`;
  });
  return found ? out : null;
}
