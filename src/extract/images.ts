/**
 * The images a page shows, as absolute URLs with the text around them (alt, title, the figure's
 * caption, a short line the image sits in): `<img src>` (or its lazy-loading `data-src`), the
 * largest candidate of its `srcset` and of its `<picture>`'s `<source srcset>`, and the page's
 * `og:image`. Pure: the fetching and the refusal of what is no photo are the caller's.
 */
import type { ImageRef } from '../domain/index.ts';
import { elements, metaContent, textOf, type Document, type Element } from './dom.ts';
import { resolveUrl } from './meta/links.ts';
import { foldSpace } from './text-stats.ts';

/** Images kept per page at most (the first ones, in document order, og:image first). */
const MAX_PAGE_IMAGES = 40;
const MAX_TEXT = 300;

/** The best candidate of a srcset (the largest width, else the largest density), or null. */
function bestSrcset(srcset: string): string | null {
  let best: { url: string; score: number } | null = null;
  for (const part of srcset.split(/,\s+|,(?=\S+\s+\d)/)) {
    const [url, descriptor = '1x'] = part.trim().split(/\s+/);
    if (!url) continue;
    const m = /^(\d+(?:\.\d+)?)([wx])$/i.exec(descriptor);
    // Widths outrank densities: a 800w candidate is a real size, a 2x one a guess.
    const score = m ? Number(m[1]) * (m[2].toLowerCase() === 'w' ? 1 : 1e-3) : 1e-3;
    if (!best || score > best.score) best = { url, score };
  }
  return best?.url ?? null;
}

function closest(el: Element, tag: string, levels = 4): Element | null {
  for (let cur = el.parent, n = 0; cur && n < levels; cur = cur.parent, n++) if (cur.tag === tag) return cur;
  return null;
}

/** Alt, title, the enclosing figure's caption, or the short line the image sits in. */
function textNear(img: Element): string {
  const parts = [img.attrs.alt, img.attrs.title].filter((s): s is string => !!s?.trim());
  const figure = closest(img, 'figure');
  const caption = figure ? [...elements(figure)].find((e) => e.tag === 'figcaption') : undefined;
  if (caption) parts.push(textOf(caption));
  else if (img.parent) {
    const line = foldSpace(textOf(img.parent));
    if (line && [...line].length <= 200) parts.push(line);
  }
  return foldSpace([...new Set(parts.map((p) => foldSpace(p)))].join(' ')).slice(0, MAX_TEXT);
}

function declared(value: string | undefined): number | undefined {
  const n = value ? Number.parseInt(value, 10) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The page's images, deduplicated by URL, at most MAX_PAGE_IMAGES. */
export function pageImages(doc: Document, pageUrl: string | null): ImageRef[] {
  const out: ImageRef[] = [];
  const seen = new Set<string>();
  const add = (href: string | null | undefined, ref: Omit<ImageRef, 'url'>) => {
    const url = href ? resolveUrl(href, pageUrl) : null;
    if (!url || seen.has(url) || out.length >= MAX_PAGE_IMAGES) return;
    seen.add(url);
    out.push({ url, ...ref });
  };
  const og = metaContent(doc, 'og:image:secure_url', 'og:image', 'twitter:image');
  if (og) add(og, { from: 'og:image', text: foldSpace(metaContent(doc, 'og:image:alt') ?? '').slice(0, MAX_TEXT) });
  for (const el of elements(doc.root)) {
    if (el.tag !== 'img') continue;
    const text = textNear(el);
    const size = { width: declared(el.attrs.width), height: declared(el.attrs.height) };
    const picture = closest(el, 'picture', 1);
    const sources = picture ? picture.children.filter((c): c is Element => c.kind === 'el' && c.tag === 'source' && !!c.attrs.srcset) : [];
    const fromSet = [el.attrs.srcset, el.attrs['data-srcset'], ...sources.map((s) => s.attrs.srcset)].map((s) => (s ? bestSrcset(s) : null)).find(Boolean);
    if (fromSet) add(fromSet, { from: 'srcset', text });
    else
      add(el.attrs.src && !/^data:/i.test(el.attrs.src) ? el.attrs.src : (el.attrs['data-src'] ?? el.attrs['data-original']), { from: 'img', text, ...size });
  }
  return out;
}

/** An image of an e-paper edition page (版面): the page picture, and the articles its image map links to. */
export interface EditionImage extends ImageRef {
  /** The `<area href>`s of the image's `usemap` (absolute), or null when it has no map: every link of the page then. */
  links: string[] | null;
}

/**
 * The images of an e-paper edition page (a link list, not an article): the page's images as
 * pageImages gives them, each with the links of its image map (`<img usemap="#m">` and `<map
 * name="m">`'s `<area href>`), the articles drawn on that picture.
 */
export function editionImages(doc: Document, pageUrl: string | null): EditionImage[] {
  const maps = new Map<string, string[]>();
  for (const [name, hrefs] of doc.imageMaps) maps.set(name, [...new Set(hrefs.map((h) => resolveUrl(h, pageUrl)).filter((u): u is string => !!u))]);
  const usemap = new Map<string, string>();
  for (const el of elements(doc.root)) {
    if (el.tag !== 'img' || !el.attrs.usemap) continue;
    const src = el.attrs.src ? resolveUrl(el.attrs.src, pageUrl) : null;
    if (src) usemap.set(src, el.attrs.usemap.replace(/^#/, '').toLowerCase());
  }
  return pageImages(doc, pageUrl).map((ref) => {
    const map = usemap.get(ref.url);
    return { ...ref, links: map !== undefined ? (maps.get(map) ?? null) : null };
  });
}
