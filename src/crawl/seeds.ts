/**
 * Where a crawl of a site starts: its e-paper pages (newest edition first), start URLs, sitemaps
 * and feeds, normalized, at depth 0. A crawl seeds its frontier with them; a queued scan queues
 * them as page jobs; a crawl's scope is drawn from them (one edition page is enough for its host:
 * `maxEditionUrls` 1, since every page job builds a scope).
 */
import type { SiteConfig } from '../config/index.ts';
import { editionUrls, MAX_EDITION_URLS } from './epaper.ts';
import type { FrontierEntry } from './frontier.ts';
import { normalizeUrl } from './normalize-url.ts';

export function seedEntries(site: SiteConfig, today: Date, maxEditionUrls = MAX_EDITION_URLS): FrontierEntry[] {
  const out: FrontierEntry[] = [];
  const push = (url: string, kind: FrontierEntry['kind']) => {
    const normalized = normalizeUrl(url);
    if (normalized) out.push({ url: normalized, depth: 0, kind });
  };
  if (site.epaper) for (const url of editionUrls(site.epaper, today, maxEditionUrls)) push(url, 'edition');
  for (const url of site.startUrls) push(url, 'page');
  for (const url of site.sitemaps) push(url, 'sitemap');
  for (const url of site.feeds) push(url, 'feed');
  return out;
}
