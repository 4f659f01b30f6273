/** The crawler (src/crawl) behind the jobs' CrawlPort, with the store's fetch state for conditional GETs. */
import type { SiteConfig } from '../config/index.ts';
import { Crawler, type CrawledPage, type CrawlerDeps, type CrawlerOptions, type FetchRecord, type RunOptions } from '../crawl/index.ts';
import type { Store } from '../store/ports.ts';
import type { CrawlPort, SiteSpec } from './crawl-port.ts';
import type { Capture } from './judge.ts';

export function toCapture(record: FetchRecord): Capture {
  return {
    requestedUrl: record.requestedUrl,
    finalUrl: record.finalUrl,
    redirects: record.redirects,
    status: record.status,
    headers: record.headers,
    capturedAt: record.capturedAt,
    remoteAddress: record.remoteAddress,
    sha256: record.sha256,
    body: record.body,
    contentType: record.contentType,
  };
}

export class CrawlerPort implements CrawlPort {
  readonly crawler: Crawler;

  /** `deps` adds to the crawler's (a queue worker's shared politeness). */
  constructor(options: CrawlerOptions, store: Store, clock?: () => Date, deps: Omit<CrawlerDeps, 'clock' | 'lookup'> = {}) {
    this.crawler = new Crawler(options, {
      ...deps,
      clock,
      lookup: async (url) => {
        const state = await store.fetchState.get(url);
        return state ? { etag: state.etag, lastModified: state.lastModified, sha256: state.sha256, links: state.links ?? undefined } : null;
      },
    });
  }

  /** `run` (a queued page job): a frontier of its own, no seeding. */
  async crawl(site: SiteSpec, onEvent: Parameters<CrawlPort['crawl']>[1], signal: AbortSignal, _resumeKey?: string, run: Omit<RunOptions, 'signal'> = {}): Promise<void> {
    let queued = 0;
    await this.crawler.crawl(site as unknown as SiteConfig, async (e) => {
      switch (e.type) {
        case 'page':
          if (e.page.kind === 'edition') return; // an e-paper page (版): its articles follow
          queued = Math.max(0, queued - 1);
          return onEvent({ type: 'page', capture: { ...toCapture(e.page), links: e.page.links } });
        case 'not-modified':
          return onEvent({ type: 'not-modified', url: e.url, finalUrl: e.page?.finalUrl ?? e.url });
        case 'skipped':
          // Most reasons already start with what they are ("robots: disallowed ..."): not twice.
          return onEvent({ type: 'skipped', url: e.url, reason: e.reason.startsWith(e.kind.split('-')[0]) ? e.reason : `${e.kind}: ${e.reason}` });
        case 'failed':
          return onEvent({ type: 'failed', url: e.url, code: e.code, message: e.message });
        case 'host-abandoned':
          return onEvent({ type: 'skipped', url: e.host, reason: `host abandoned: ${e.reason}` });
      }
    }, { ...run, signal });
  }

  close(): Promise<void> {
    return this.crawler.close();
  }
}
