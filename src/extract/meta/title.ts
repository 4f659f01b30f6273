/**
 * The article's title, without the site name: the page's <h1> when the <title> or og:title
 * confirms it, else og:title or JSON-LD headline, else <title> with its site-name part removed.
 */
import { foldSpace } from '../text-stats.ts';

const SEPARATORS = /\s*(?:\s[-|–—·•:]{1,2}\s|[|｜_—–]{1,2}|--|::|：：|\s-\s)\s*/;

export interface TitleInputs {
  docTitle: string | null;
  ogTitle: string | null;
  ldHeadline: string | null;
  siteName: string | null;
  /** Headings near the article, nearest first (h1 first). */
  headings: string[];
}

/** `Article title - Site name` → `Article title`; keeps the longest part when it cannot tell. */
function stripSiteName(title: string, siteName: string | null): string {
  const text = foldSpace(title);
  const parts = text
    .split(SEPARATORS)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2) return text;
  const site = siteName ? foldSpace(siteName).toLowerCase() : null;
  const kept = site ? parts.filter((p) => p.toLowerCase() !== site && !site.includes(p.toLowerCase())) : parts;
  const pool = kept.length ? kept : parts;
  // The title is the first part unless another is much longer (`Site | Title`).
  let best = pool[0];
  for (const p of pool) if (p.length > best.length * 2) best = p;
  return best;
}

function similar(a: string, b: string): boolean {
  const x = a.toLowerCase().replace(/\s+/g, '');
  const y = b.toLowerCase().replace(/\s+/g, '');
  return x.length > 1 && y.length > 1 && (x.includes(y) || y.includes(x));
}

export function chooseTitle(input: TitleInputs): string | null {
  const heading = input.headings.map(foldSpace).find((h) => h.length > 1 && h.length < 300);
  const confirmers = [input.docTitle, input.ogTitle, input.ldHeadline].filter((t): t is string => !!t);
  if (heading && confirmers.some((t) => similar(t, heading))) return heading;
  for (const t of [input.ogTitle, input.ldHeadline]) if (t && t.trim()) return stripSiteName(t, input.siteName);
  if (input.docTitle && input.docTitle.trim()) return stripSiteName(input.docTitle, input.siteName);
  return heading ?? null;
}
