/** The crawler (src/crawl) behind the jobs' CrawlPort, with the store's fetch state for conditional GETs. */
import type { SiteConfig } from '../config/index.ts';
import { Crawler, MemoryFrontier, type CrawlerDeps, type CrawlerOptions, type FetchRecord, type RunOptions } from '../crawl/index.ts';
import type { Store } from '../store/ports.ts';
import type { CrawlPort, ImagePort, SiteSpec } from './crawl-port.ts';
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
    ...(record.wire ? { wire: record.wire } : {}),
  };
}

export class CrawlerAdapter implements CrawlPort, ImagePort {
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

  /** `run` (a queued page job): a frontier of its own, no seeding; its queue is counted by the queue. */
  async crawl(
    site: SiteSpec,
    onEvent: Parameters<CrawlPort['crawl']>[1],
    signal: AbortSignal,
    _resumeKey?: string,
    run: Omit<RunOptions, 'signal'> = {},
  ): Promise<void> {
    // A crawl of our own: its frontier's length is the progress line's "queued".
    const own = run.frontier ? null : new MemoryFrontier();
    await this.crawler.crawl(
      site as unknown as SiteConfig,
      async (e) => {
        switch (e.type) {
          case 'page':
            if (e.page.kind === 'edition') return onEvent({ type: 'edition', capture: { ...toCapture(e.page), links: e.page.links } }); // its articles follow as pages
            if (own) await onEvent({ type: 'queued', queued: own.size() });
            return onEvent({ type: 'page', capture: { ...toCapture(e.page), links: e.page.links } });
          case 'not-modified':
            return onEvent({ type: 'not-modified', url: e.url, finalUrl: e.page?.finalUrl ?? e.url });
          case 'skipped':
            return onEvent({ type: 'skipped', url: e.url, reason: e.reason }); // the crawler's reasons name their kind ("robots: ...", "trap: ...")
          case 'failed':
            return onEvent({ type: 'failed', url: e.url, code: e.code, message: e.message });
          case 'host-abandoned':
            return onEvent({ type: 'skipped', url: e.host, reason: `host abandoned: ${e.reason}` });
        }
      },
      { ...run, ...(own ? { frontier: own } : {}), signal },
    );
  }

  fetchImage(url: string, request: Parameters<ImagePort['fetchImage']>[1]): ReturnType<ImagePort['fetchImage']> {
    return this.crawler.fetchImage(url, request);
  }

  close(): Promise<void> {
    return this.crawler.close();
  }
}
