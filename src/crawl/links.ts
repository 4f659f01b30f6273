/**
 * Links of a fetched HTML page, for discovery: `<a href>`, `<area href>`, `<frame src>` and
 * `<iframe src>`, resolved against `<base href>` or the page URL, normalized, http(s) only, at
 * most MAX_LINKS per page. Feeds announced with `<link rel="alternate">` are returned apart.
 * rel=nofollow is not honoured (the crawler only reads; it does not rank). Meta-robots `nofollow`
 * and `X-Robots-Tag: nofollow` are honoured: no links are returned. Links nested deeper than
 * extraction's nesting limit (MAX_NESTING, 1000 levels) are not seen.
 */
import { Parser } from 'htmlparser2';
import { decodeHtml } from '../extract/charset.ts';
import { limitNesting } from '../extract/flatten.ts';
import { normalizeUrl } from './normalize-url.ts';

const MAX_LINKS = 5000;

export interface PageLinks {
  links: string[];
  feeds: string[];
}

const LINK_ATTR: Record<string, string> = { a: 'href', area: 'href', frame: 'src', iframe: 'src' };

export function discoverLinks(body: Uint8Array, pageUrl: string, contentType: string | null): PageLinks {
  const { text } = decodeHtml(body, contentType);
  let base: string = pageUrl;
  let baseSeen = false;
  const raw: string[] = [];
  const feeds: string[] = [];
  let nofollow = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'base' && !baseSeen && attrs.href) {
          baseSeen = true;
          const b = normalizeUrl(attrs.href, pageUrl);
          if (b) base = b;
          return;
        }
        if (name === 'meta' && /^(robots|copywatch)$/i.test(attrs.name ?? '') && /nofollow|none/i.test(attrs.content ?? '')) {
          nofollow = true;
          return;
        }
        if (name === 'link' && /alternate/i.test(attrs.rel ?? '') && /(rss|atom)\+xml/i.test(attrs.type ?? '') && attrs.href) {
          if (feeds.length < 20) feeds.push(attrs.href);
          return;
        }
        const attr = LINK_ATTR[name];
        if (attr && attrs[attr] && raw.length < MAX_LINKS * 2) raw.push(attrs[attr]);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  // The same guard as extraction's: htmlparser2's open-element stack turns pathological nesting
  // quadratic (400,000 unclosed <div>s took minutes); tags nested beyond the limit are dropped.
  parser.end(limitNesting(text).html);
  const seen = new Set<string>();
  const links: string[] = [];
  for (const href of raw) {
    if (/^\s*(javascript|mailto|tel|data):/i.test(href)) continue;
    const url = normalizeUrl(href, base);
    if (url && !seen.has(url)) {
      seen.add(url);
      links.push(url);
      if (links.length >= MAX_LINKS) break;
    }
  }
  const feedUrls = feeds.map((f) => normalizeUrl(f, base)).filter((u): u is string => !!u);
  return { links: nofollow ? [] : links, feeds: feedUrls };
}
