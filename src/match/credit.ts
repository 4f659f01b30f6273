/**
 * Whether a suspect page credits the publisher: its name or an alias as the page's credit or
 * byline, or in a credit phrase at the head or foot of the text (来源：…, 据…报道, 转自…,
 * Source: …, originally published by …); and whether it links back to one of its domains.
 */
import type { Article } from '../domain/index.ts';

export interface PublisherIdentity {
  /** Name and aliases, as pages write them. */
  names: string[];
  /** Domains the publisher owns; `*.example.com` matches subdomains, `example.com` matches itself and www. */
  domains: string[];
  /**
   * Short brand names taken from a domain (`cnn` of cnn.com), matched as whole words only
   * (`Source: CNN Business`), in a credit phrase at the text's edges.
   */
  brands?: string[];
}

const CREDIT_WORDS = /来源|稿源|转自|转载自|转载于|摘自|原载|刊载|刊登|据|报道|出处|source|via|originally|courtesy|reprinted|republished|credit/i;
const EDGE_PARAGRAPHS = 3;

function normalizeName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s《》〈〉"“”'‘’]/g, '');
}

/** The text names the publisher (its name or an alias, spaces and brackets aside): a photo's caption or credit line. */
export function namesPublisher(text: string | null, publisher: PublisherIdentity): boolean {
  if (!text) return false;
  const folded = normalizeName(text);
  return publisher.names.map(normalizeName).some((n) => n.length >= 2 && folded.includes(n));
}

export function creditsPublisher(article: Article, publisher: PublisherIdentity): boolean {
  const names = publisher.names.map(normalizeName).filter((n) => n.length >= 2);
  const brands = (publisher.brands ?? [])
    .filter((b) => b.length >= 3)
    .map((b) => new RegExp(`(?<![\\p{L}\\p{N}])${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'iu'));
  if (!names.length && !brands.length) return false;
  const has = (text: string | null) => !!text && (names.some((n) => normalizeName(text).includes(n)) || brands.some((b) => b.test(text)));
  if (has(article.credit) || has(article.byline)) return true;
  const p = article.paragraphs;
  const edges = [...p.slice(0, EDGE_PARAGRAPHS), ...p.slice(Math.max(EDGE_PARAGRAPHS, p.length - EDGE_PARAGRAPHS))];
  return edges.some((line) => line.length <= 300 && CREDIT_WORDS.test(line) && has(line));
}

export function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const p = pattern.toLowerCase().trim();
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return h === p || h === `www.${p}`;
}

export function linksBack(article: Article, publisher: PublisherIdentity): boolean {
  return article.links.some((link) => {
    try {
      const host = new URL(link.href).hostname;
      return publisher.domains.some((d) => hostMatches(host, d));
    } catch {
      return false;
    }
  });
}
