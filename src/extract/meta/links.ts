/** Links inside the article's container, resolved against the page URL. */
import type { OutboundLink } from '../../domain/index.ts';
import { elements, textOf, type Element } from '../dom.ts';
import { foldSpace } from '../text-stats.ts';

export function resolveUrl(href: string, base: string | null): string | null {
  const value = href.trim();
  if (!value || /^(javascript|mailto|tel|data|about):/i.test(value) || value.startsWith('#')) return null;
  try {
    const url = base ? new URL(value, base) : new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function collectLinks(container: Element | null, base: string | null, limit = 200): OutboundLink[] {
  if (!container) return [];
  const out: OutboundLink[] = [];
  const seen = new Set<string>();
  for (const el of elements(container)) {
    if (el.tag !== 'a' || !el.attrs.href) continue;
    const href = resolveUrl(el.attrs.href, base);
    if (!href || seen.has(href)) continue;
    seen.add(href);
    out.push({ href, text: foldSpace(textOf(el)).slice(0, 300) });
    if (out.length >= limit) break;
  }
  return out;
}
