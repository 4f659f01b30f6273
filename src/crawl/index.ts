/**
 * The crawler (an adapter: network I/O only). `Crawler` crawls sources and targets politely;
 * `fetchForCheck` fetches one URL for a manual check behind the destination guard; `fetchPage`
 * serves `copywatch extract <url>`.
 */
export { Crawler, type CrawlerDeps, type CrawlerOptions, type SiteInput } from './crawler.ts';
export type { HostGate } from './host-pool.ts';
export type { Lookup } from './connector.ts';
export type { RunOptions } from './crawl-run.ts';
export type { CrawledPage, CrawlEvent, CrawlStats, PreviousFetch } from './events.ts';
export { MemoryFrontier, type Frontier, type FrontierEntry, type UrlKind } from './frontier.ts';
export { HttpClient, type FetchRecord, type HttpClientOptions } from './http-client.ts';
export { checkPublicDestination, fetchForCheck } from './check.ts';
export { createConnector } from './connector.ts';
export { postTimestampQuery } from './tsa-client.ts';
export { PageScreenshots, type ScreenshotResult } from './screenshot.ts';
export { isPublicAddress, nonPublicReason } from './address-class.ts';
export { normalizeUrl } from './normalize-url.ts';
export { TrapGuard, staticTrapReason } from './url-traps.ts';
export { editionUrls } from './epaper.ts';
export { seedEntries } from './seeds.ts';
export { siteDomain } from './scope.ts';
export { fetchPage } from './fetch-page.ts';
export { assertWarcFile, readWarc, type WarcEvent } from './warc.ts';
