/**
 * URLs listed by sitemaps (urlset and sitemap indexes, gzipped or not) and by RSS and Atom
 * feeds, read with htmlparser2 in XML mode. Bounded: at most MAX_XML_URLS per document.
 */
import { gunzipSync } from 'node:zlib';
import { Parser } from 'htmlparser2';
import { CopywatchError } from '../domain/index.ts';
import { normalizeUrl } from './normalize-url.ts';

const MAX_XML_URLS = 50_000;

export interface XmlLinks {
  kind: 'urlset' | 'sitemapindex' | 'rss' | 'atom' | 'unknown';
  /** Pages (urlset, feed items). */
  pages: string[];
  /** Further sitemaps (sitemapindex). */
  sitemaps: string[];
}

/** Gunzips a body that is gzip (magic bytes), with a cap on the output. */
export function gunzipIfNeeded(body: Buffer, maxBytes: number, url: string): Buffer {
  if (body.length < 2 || body[0] !== 0x1f || body[1] !== 0x8b) return body;
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (cause) {
    const tooLarge = (cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|too large/i.test(String(cause));
    throw new CopywatchError(
      tooLarge ? 'CRAWL_TOO_LARGE' : 'CRAWL_NETWORK',
      tooLarge ? `${url} is larger than the ${maxBytes}-byte limit once gunzipped` : `${url} does not gunzip`,
      { cause },
    );
  }
}

export function parseXmlLinks(body: Buffer, baseUrl: string): XmlLinks {
  let kind: XmlLinks['kind'] = 'unknown';
  const pages: string[] = [];
  const sitemaps: string[] = [];
  const stack: string[] = [];
  let textBuf = '';
  let total = 0;
  const add = (list: string[], value: string) => {
    if (total >= MAX_XML_URLS) return;
    const url = normalizeUrl(value.trim(), baseUrl);
    if (url) {
      list.push(url);
      total++;
    }
  };
  const local = (name: string) => name.toLowerCase().replace(/^.*:/, '');
  const parser = new Parser(
    {
      onopentag(raw, attrs) {
        const name = local(raw);
        if (stack.length === 0) {
          kind =
            name === 'urlset'
              ? 'urlset'
              : name === 'sitemapindex'
                ? 'sitemapindex'
                : name === 'rss' || name === 'rdf'
                  ? 'rss'
                  : name === 'feed'
                    ? 'atom'
                    : 'unknown';
        }
        stack.push(name);
        textBuf = '';
        if (kind === 'atom' && name === 'link' && stack.includes('entry') && attrs.href && (!attrs.rel || attrs.rel === 'alternate')) add(pages, attrs.href);
      },
      ontext(t) {
        if (textBuf.length < 4096) textBuf += t;
      },
      onclosetag(raw) {
        const name = local(raw);
        const parent = stack[stack.length - 2];
        if (name === 'loc' && parent === 'url' && kind === 'urlset') add(pages, textBuf);
        else if (name === 'loc' && parent === 'sitemap' && kind === 'sitemapindex') add(sitemaps, textBuf);
        else if (name === 'link' && parent === 'item' && kind === 'rss' && textBuf.trim()) add(pages, textBuf);
        stack.pop();
        textBuf = '';
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(body.toString('utf8'));
  return { kind, pages, sitemaps };
}
