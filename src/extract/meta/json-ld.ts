/** The article facts a page states in JSON-LD (schema.org Article and its kinds). */

export interface JsonLdArticle {
  headline: string | null;
  datePublished: string | null;
  authors: string[];
  publisher: string | null;
  url: string | null;
  /** The article's full text as the page states it (schema.org articleBody), when it does. */
  articleBody: string | null;
}

const ARTICLE_TYPES = /Article|BlogPosting|Report|NewsArticle|WebPage|SocialMediaPosting|LiveBlogPosting/i;

/** Parsed once per page: the main-text cross-check and the metadata both read it (keyed by the document's list). */
const parsed = new WeakMap<string[], JsonLdArticle | null>();

export function readJsonLd(scripts: string[]): JsonLdArticle | null {
  if (!parsed.has(scripts)) parsed.set(scripts, parseJsonLd(scripts));
  return parsed.get(scripts)!;
}

function parseJsonLd(scripts: string[]): JsonLdArticle | null {
  const nodes: Record<string, unknown>[] = [];
  for (const script of scripts) {
    let data: unknown;
    try {
      data = JSON.parse(script.trim().replace(/^<!--|-->$/g, ''));
    } catch {
      continue;
    }
    collect(data, nodes, 0);
  }
  const typed = nodes.filter((n) => ARTICLE_TYPES.test(String(n['@type'] ?? '')));
  // Prefer a real article type over a WebPage.
  typed.sort((a, b) => Number(/WebPage/i.test(String(a['@type']))) - Number(/WebPage/i.test(String(b['@type']))));
  const node = typed[0];
  if (!node) return null;
  return {
    headline: str(node.headline) ?? str(node.name),
    datePublished: str(node.datePublished) ?? str(node.dateCreated),
    authors: names(node.author),
    publisher: names(node.publisher)[0] ?? null,
    url: str(node.url) ?? str(node.mainEntityOfPage),
    articleBody: plainBody([node, ...typed].map((n) => n.articleBody).find((b): b is string => typeof b === 'string' && !!b.trim()) ?? null),
  };
}

function collect(data: unknown, out: Record<string, unknown>[], depth: number): void {
  if (depth > 6 || data === null || typeof data !== 'object') return;
  if (Array.isArray(data)) {
    for (const item of data.slice(0, 100)) collect(item, out, depth + 1);
    return;
  }
  const obj = data as Record<string, unknown>;
  out.push(obj);
  if (obj['@graph']) collect(obj['@graph'], out, depth + 1);
}

function str(value: unknown): string | null {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const id = (value as Record<string, unknown>)['@id'];
    if (typeof id === 'string') return id;
  }
  return null;
}

function names(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const out: string[] = [];
  for (const item of list.slice(0, 20)) {
    if (typeof item === 'string' && item.trim()) out.push(item.trim());
    else if (item && typeof item === 'object') {
      const name = (item as Record<string, unknown>).name;
      if (typeof name === 'string' && name.trim()) out.push(name.trim());
    }
  }
  return out;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  mdash: '—',
  ndash: '–',
};

/** An articleBody as text: some pages put markup or HTML entities in it. */
function plainBody(body: string | null): string | null {
  if (!body) return null;
  return body.replace(/<[^>]{0,500}>/g, ' ').replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (all, name: string) => {
    if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? all;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}
