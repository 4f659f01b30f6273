/**
 * Where a crawl of a site starts: its e-paper pages (newest edition first), start URLs, sitemaps
 * and feeds, normalized, at depth 0. A crawl seeds its frontier with them; a queued scan queues
 * them as page jobs.
 */
import type { SiteConfig } from '../config/index.ts';
import { editionUrls } from './epaper.ts';
import type { FrontierEntry } from './frontier.ts';
import { normalizeUrl } from './normalize-url.ts';

export function seedEntries(site: SiteConfig, today: Date): FrontierEntry[] {
  const out: FrontierEntry[] = [];
  const push = (url: string, kind: FrontierEntry['kind']) => {
    const normalized = normalizeUrl(url);
    if (normalized) out.push({ url: normalized, depth: 0, kind });
  };
  if (site.epaper) for (const url of editionUrls(site.epaper, today)) push(url, 'edition');
  for (const url of site.startUrls) push(url, 'page');
  for (const url of site.sitemaps) push(url, 'sitemap');
  for (const url of site.feeds) push(url, 'feed');
  return out;
}
