/**
 * What the jobs need from the crawler (src/crawl provides it): crawl a site and report each
 * page, skip and failure as it happens. `resumeKey` names the crawl (`scan:<site>`) for a
 * frontier that outlives the process; the crawler's frontier is in memory today, so it is not
 * used yet (a resumed run walks the site again: see the README's limits).
 */
import type { ArticleSelector } from '../extract/index.ts';
import type { Capture } from './judge.ts';

/** A site to crawl, as the config describes sources and targets. */
export interface SiteSpec {
  name: string;
  startUrls: string[];
  /** The site's article selector (config `article`), if any. */
  article?: ArticleSelector;
  [key: string]: unknown;
}

export type CrawlEvent =
  | { type: 'page'; capture: Capture }
  /** Unchanged since the last fetch (a 304, or the same body); `finalUrl` is where the page was (after redirects). */
  | { type: 'not-modified'; url: string; finalUrl: string }
  | { type: 'skipped'; url: string; reason: string }
  | { type: 'failed'; url: string; code: string; message: string }
  | { type: 'queued'; queued: number };

export interface CrawlPort {
  crawl(site: SiteSpec, onEvent: (event: CrawlEvent) => Promise<void>, signal: AbortSignal, resumeKey: string): Promise<void>;
}
