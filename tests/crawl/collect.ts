/** Runs a crawl and keeps its events, sorted by type, for assertions. */
import { Crawler, type CrawledPage, type CrawlerDeps, type CrawlerOptions, type CrawlEvent, type CrawlStats, type SiteInput } from '../../src/crawl/index.ts';
import type { FixtureWeb } from '../support/web/index.ts';

export interface Collected {
  stats: CrawlStats;
  events: CrawlEvent[];
  pages: Map<string, CrawledPage>;
  failed: Map<string, Extract<CrawlEvent, { type: 'failed' }>>;
  skipped: Map<string, Extract<CrawlEvent, { type: 'skipped' }>>;
  abandoned: Array<Extract<CrawlEvent, { type: 'host-abandoned' }>>;
  ms: number;
}

export const FIXED_CLOCK = () => new Date('2023-06-01T00:00:00Z');

/** A crawler on the fixture web with politeness off (no delay), short timeouts. */
export function fastCrawler(web: FixtureWeb, options: CrawlerOptions = {}, deps: CrawlerDeps = {}): Crawler {
  return new Crawler(
    { resolve: web.resolve, delayMs: 0, concurrency: 8, perHost: 4, timeoutMs: 2000, ...options },
    { clock: FIXED_CLOCK, retryBaseMs: 20, ...deps },
  );
}

export async function collect(crawler: Crawler, site: SiteInput): Promise<Collected> {
  const events: CrawlEvent[] = [];
  const started = Date.now();
  const stats = await crawler.crawl(site, (e) => {
    events.push(e);
  });
  const out: Collected = { stats, events, pages: new Map(), failed: new Map(), skipped: new Map(), abandoned: [], ms: Date.now() - started };
  for (const e of events) {
    if (e.type === 'page') out.pages.set(e.page.requestedUrl, e.page);
    else if (e.type === 'failed') out.failed.set(e.url, e);
    else if (e.type === 'skipped') out.skipped.set(e.url, e);
    else if (e.type === 'host-abandoned') out.abandoned.push(e);
  }
  return out;
}
