/**
 * Extraction: bytes (plus the Content-Type they came with) → an Article, or the reason there is
 * none. Pure: no network, no disk, no clock.
 */
import type { Extraction } from '../domain/index.ts';
import { decodeHtml } from './charset.ts';
import { parseHtml } from './dom.ts';
import { findMainText } from './main-text.ts';
import { sniffBinary } from './sniff.ts';

export interface ExtractOptions {
  /** The Content-Type header the bytes came with. */
  contentType?: string | null;
  /** The page's URL, to resolve links and report. */
  url?: string | null;
  /** Pages larger than this are refused (default 5 MB, as crawler.maxBytes). */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export function extract(bytes: Uint8Array, options: ExtractOptions = {}): Extraction {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const fail = (reason: Extract<Extraction, { ok: false }>['reason'], message: string, charset: string | null = null, diagnostics: string[] = []): Extraction =>
    ({ ok: false, reason, message, charset, diagnostics });

  if (bytes.length === 0) return fail('empty-body', 'the body is empty');
  if (bytes.length > maxBytes) {
    return fail('too-large', `the page is ${formatBytes(bytes.length)}, above the ${formatBytes(maxBytes)} limit`);
  }
  const binary = sniffBinary(bytes);
  if (binary) return fail('not-html', `the body is ${binary}, not HTML`);

  const decoded = decodeHtml(bytes, options.contentType);
  const doc = parseHtml(decoded.text);
  const diagnostics = [...decoded.diagnostics];
  if (doc.truncated.depth) diagnostics.push('markup nested too deep: the deepest levels were flattened');
  if (doc.truncated.elements) diagnostics.push('too many elements: the rest of the page was read as text only');

  const main = findMainText(doc);
  if (!main.paragraphs.length) {
    if (main.linkShare > 0.5) return fail('link-list', 'the page is a list of links, with no article text', decoded.charset, diagnostics);
    return fail('no-text', 'the page holds no article text', decoded.charset, diagnostics);
  }
  return {
    ok: true,
    diagnostics,
    article: {
      url: options.url ?? null,
      title: doc.title?.trim() || null,
      byline: null,
      publishedAt: null,
      credit: null,
      text: main.paragraphs.join('\n\n'),
      paragraphs: main.paragraphs,
      lang: 'und',
      charset: decoded.charset,
      canonicalUrl: null,
      notices: [],
      links: [],
    },
  };
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
