/**
 * A SearXNG-compatible search engine over the fixture web: `GET /search?q=…&format=json`
 * answers `{query, number_of_results, results: [{url, title, content, engine}]}` with the pages
 * (of every fixture site listed) whose visible text holds the query's exact phrases ("…"), or
 * all its words. Whitespace is ignored in matching (CJK text has none). Without format=json it
 * answers 403, as a SearXNG whose settings do not enable JSON does.
 */
import type { FixtureSiteDef } from '../server.ts';

export const SEARCH_HOST = 'search.fixture.test';

export interface Searchable {
  url: string;
  body: Buffer;
  type?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ldquo: '“', rdquo: '”', middot: '·' };

/** The visible text of an HTML page, whitespace removed. */
function pageText(page: Searchable): { title: string; text: string } {
  const head = page.body.subarray(0, 2048).toString('latin1');
  const charset = /charset=["']?([\w-]+)/i.exec(page.type ?? '')?.[1] ?? /charset=["']?([\w-]+)/i.exec(head)?.[1] ?? 'utf-8';
  let html: string;
  try {
    html = new TextDecoder(charset.toLowerCase() === 'gb2312' ? 'gbk' : charset).decode(page.body);
  } catch {
    html = page.body.toString('utf8');
  }
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]?.trim() ?? '';
  const text = html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#\d+|[a-z]+);/gi, (m, e: string) => (e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (ENTITIES[e.toLowerCase()] ?? m)))
    .replace(/\s+/g, '');
  return { title, text };
}

/** The search site over `pages` (read once, when first asked). */
export function searchSite(pages: () => Searchable[]): FixtureSiteDef {
  let index: Array<{ url: string; title: string; text: string }> | null = null;
  return {
    host: SEARCH_HOST,
    route: (req) => {
      if (req.url.pathname !== '/search') return null;
      if (req.url.searchParams.get('format') !== 'json') return { status: 403, type: 'text/plain', body: 'format not allowed' };
      index ??= pages()
        .filter((p) => !p.type || /html/i.test(p.type))
        .map((p) => ({ url: p.url, ...pageText(p) }));
      const q = req.url.searchParams.get('q') ?? '';
      const phrases = [...q.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
      const rest = q
        .replace(/"[^"]*"/g, ' ')
        .split(/\s+/)
        .filter(Boolean);
      const needles = [...phrases, ...rest].map((n) => n.replace(/\s+/g, '')).filter(Boolean);
      const hits = needles.length ? index.filter((p) => needles.every((n) => p.text.includes(n))) : [];
      const results = hits.slice(0, 20).map((p) => ({ url: p.url, title: p.title, content: p.text.slice(0, 80), engine: 'fixture' }));
      return { type: 'application/json', body: JSON.stringify({ query: q, number_of_results: hits.length, results }) };
    },
  };
}
