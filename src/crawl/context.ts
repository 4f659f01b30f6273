/** What a crawl run uses of its crawler (the Crawler builds it; crawl runs and fetches read it). */
import type { CrawlerConfig } from '../config/index.ts';
import type { CrawlStats, PreviousFetchLookup } from './events.ts';
import type { HostPool, HostState } from './host-pool.ts';
import type { HttpClient } from './http-client.ts';
import type { RobotsCache, RobotsEntry } from './robots-cache.ts';
import type { TrapLimits } from './url-traps.ts';

export interface CrawlerContext {
  options: CrawlerConfig;
  client: HttpClient;
  pool: HostPool;
  robots: RobotsCache;
  clock: () => Date;
  lookup: PreviousFetchLookup | null;
  trapLimits: TrapLimits;
  /** Cap for sitemaps and feeds (50 MB as sitemaps.org allows, or maxBytes when larger). */
  xmlMaxBytes: number;
  /**
   * The host's robots.txt, fetched in its turn when not cached. One fetch serves every crawl that
   * asks meanwhile; `signal` ends this crawl's wait for it (an AbortError), not the others'.
   */
  robotsFor(host: HostState, stats: CrawlStats, signal?: AbortSignal): Promise<RobotsEntry>;
}
