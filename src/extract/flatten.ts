/**
 * A guard in front of the HTML parser. htmlparser2 keeps open elements in an array it shifts and
 * unshifts, which turns pathological nesting (100,000 unclosed <div>s) into quadratic time. When
 * a page has enough tags for that to matter, this pass drops the tags nested beyond MAX_NESTING
 * (keeping all text), so the parser never sees a deep stack.
 */

const MAX_NESTING = 1000;
/** Below this many tags the parser's stack cannot grow large enough to be slow (measured: 20,000 nested tags parse in ~30 ms, 40,000 in ~950 ms). */
const CHECK_ABOVE_TAGS = 20_000;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)(?:\s[^<>]*)?(\/?)>/g;

/** Counts '<' quickly; only documents with this many tags can nest deep enough to matter. */
function tagCount(html: string, stopAt: number): number {
  let n = 0;
  for (let i = html.indexOf('<'); i !== -1 && n < stopAt; i = html.indexOf('<', i + 1)) n++;
  return n;
}

/** Returns the html with tags nested deeper than `limit` removed (text kept). */
export function limitNesting(html: string, limit = MAX_NESTING): { html: string; flattened: boolean } {
  if (tagCount(html, CHECK_ABOVE_TAGS + 1) <= CHECK_ABOVE_TAGS) return { html, flattened: false };
  const kept: boolean[] = [];
  let depth = 0;
  let flattened = false;
  const out = html.replace(TAG, (tag, close: string, rawName: string, selfClose: string) => {
    const name = rawName.toLowerCase();
    if (VOID.has(name) || selfClose) return tag;
    if (close) {
      if (!kept.length) return tag;
      const wasKept = kept.pop()!;
      if (wasKept) depth--;
      return wasKept ? tag : '';
    }
    if (depth >= limit) {
      kept.push(false);
      flattened = true;
      return '';
    }
    kept.push(true);
    depth++;
    return tag;
  });
  return { html: flattened ? out : html, flattened };
}
