/**
 * Shared template text in a pairwise comparison. Without a corpus to say which text is common,
 * the two pages themselves say it: when they share their chrome (one site's template), a line
 * of the original's article that one of the two pages also carries as chrome (a sign-up box, a
 * standing blurb, a footer line the extraction kept) is the template speaking, not the article.
 * Those lines are no evidence of a copy, and they are not part of what a copy's share is taken
 * of.
 *
 * Two pages of different sites share no chrome, and nothing is discounted: a copy put in a
 * reposter's sidebar is still a copy. Pages of one site (one host's registrable domain) are in
 * one template even when their chrome differs (a product page and a category page).
 */
import { analyze, mix32, type Units } from '../fingerprint/index.ts';
import { chromeOverlap } from './chrome.ts';

/** Share of the original's chrome lines on the suspect page at or above which the two are in one template. */
const SHARED_TEMPLATE = 0.3;

/** The same line hash as chromeSignature's. */
function lineHash(line: string): number | null {
  const units = analyze(line);
  if (units.count < 2) return null;
  let h = 0x9747b28c;
  for (let i = 0; i < units.count; i++) h = mix32(h ^ units.hashes[i]);
  return h;
}

/** Two pages in one template: the second carries the first's chrome, or they are pages of one site. */
export function sharesTemplate(a: { chrome: Uint32Array; urls: Array<string | null> }, b: { chrome: Uint32Array; urls: Array<string | null> }): boolean {
  if (chromeOverlap(a.chrome, b.chrome) >= SHARED_TEMPLATE) return true;
  const sites = new Set(a.urls.map(siteOf).filter((s): s is string => !!s));
  return b.urls.some((u) => {
    const s = siteOf(u);
    return !!s && sites.has(s);
  });
}

/** The registrable part of a URL's host, roughly: `news.example.co.uk` → `example.co.uk`. */
function siteOf(url: string | null): string | null {
  if (!url) return null;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (/^[\d.]+$/.test(host) || !host.includes('.')) return host;
  const labels = host.split('.');
  const n = labels.length;
  // A second level such as co.uk, com.cn, org.au: one label more.
  const take = n >= 3 && labels[n - 1].length === 2 && labels[n - 2].length <= 3 ? 3 : 2;
  return labels.slice(-take).join('.');
}

/**
 * The units of the original's text that lie in template lines (lines either page carries as
 * chrome), or null when there are none.
 */
export function templateUnits(text: string, units: Units, chrome: Uint32Array[]): Uint8Array | null {
  const known = new Set<number>();
  for (const c of chrome) for (const h of c) known.add(h);
  if (!known.size) return null;
  let mask: Uint8Array | null = null;
  let at = 0;
  let u = 0;
  for (const line of text.split('\n')) {
    const start = at;
    const end = at + line.length;
    at = end + 1;
    const h = line.trim() ? lineHash(line.slice(0, 300)) : null;
    while (u < units.count && units.starts[u] < start) u++;
    if (h === null || !known.has(h)) continue;
    for (let k = u; k < units.count && units.starts[k] < end; k++) (mask ??= new Uint8Array(units.count))[k] = 1;
  }
  return mask;
}
