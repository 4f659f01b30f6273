/** What a crawl reports, as it happens, and its totals. */
import type { FetchRecord } from './http-client.ts';

/** A fetched page (an HTML page or an e-paper page 版) with its evidence. */
export interface CrawledPage extends FetchRecord {
  /** The site (config name) it was crawled for. */
  site: string;
  /** Links followed from a seed to reach it (seeds, sitemap and feed items: 0). */
  depth: number;
  kind: 'page' | 'edition';
  /** Links found on it that the crawl may follow (none under X-Robots-Tag nofollow): kept for 304s. */
  links: string[];
}

type SkipKind = 'robots' | 'trap' | 'host-abandoned' | 'edition-missing';

export type CrawlEvent =
  | { type: 'page'; page: CrawledPage }
  /** Unchanged since the previous fetch: a 304, or a body with the same SHA-256 (`page` then holds it). */
  | { type: 'not-modified'; url: string; reason: '304' | 'same-body'; page?: CrawledPage }
  | { type: 'skipped'; url: string; kind: SkipKind; reason: string }
  | { type: 'failed'; url: string; code: string; message: string; status?: number }
  | { type: 'host-abandoned'; host: string; reason: string };

export type CrawlEventHandler = (event: CrawlEvent) => void | Promise<void>;

/** What the previous fetch of a URL left (the caller's store): for conditional requests. */
export interface PreviousFetch {
  etag?: string | null;
  lastModified?: string | null;
  sha256?: string | null;
  /** Links the page had, followed again when it answers 304. */
  links?: string[];
}

export type PreviousFetchLookup = (url: string) => PreviousFetch | null | undefined | Promise<PreviousFetch | null | undefined>;

export interface CrawlStats {
  site: string;
  /** Pages (and e-paper pages) fetched and reported. */
  pages: number;
  notModified: number;
  /** Skipped URLs by kind. */
  skipped: Partial<Record<SkipKind, number>>;
  /** Failed fetches by error code. */
  failed: Record<string, number>;
  hostsAbandoned: Array<{ host: string; reason: string }>;
  /** Requests sent (robots.txt, sitemaps, feeds and retries included). */
  requests: number;
  /** Body bytes received (after decompression). */
  bytes: number;
  sitemaps: number;
  feeds: number;
  /** Links not followed: out of the site, excluded, or not included. */
  outOfScope: number;
  /** maxPages was reached (URLs were left in the frontier), or the crawl was stopped. */
  truncated: boolean;
  durationMs: number;
}

export function emptyStats(site: string): CrawlStats {
  return {
    site,
    pages: 0,
    notModified: 0,
    skipped: {},
    failed: {},
    hostsAbandoned: [],
    requests: 0,
    bytes: 0,
    sitemaps: 0,
    feeds: 0,
    outOfScope: 0,
    truncated: false,
    durationMs: 0,
  };
}
