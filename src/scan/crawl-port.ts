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
  | { type: 'queued'; queued: number }
  /** An e-paper edition page (版面), fetched from the site's `epaper` dates and pages: its articles follow as pages. */
  | { type: 'edition'; capture: Capture };

export interface CrawlPort {
  crawl(site: SiteSpec, onEvent: (event: CrawlEvent) => Promise<void>, signal: AbortSignal, resumeKey: string): Promise<void>;
}

/** What an image fetch gives the jobs (crawl/fetch-image.ts): the bytes, or "unchanged" for a conditional request. */
type ImageFetched =
  | { notModified: true }
  | { notModified: false; record: { finalUrl: string; body: Buffer; sha256: string; headers: Record<string, string>; capturedAt: string } };

/** The crawler's image fetch (robots.txt, politeness, guard, byte cap); throws a CopywatchError when there is no image to read. */
export interface ImagePort {
  fetchImage(url: string, request: { maxBytes: number; etag?: string | null; lastModified?: string | null; signal?: AbortSignal }): Promise<ImageFetched>;
}
