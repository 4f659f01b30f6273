/**
 * One image through the crawler, as politely as a page: robots.txt (when the crawler respects
 * it), the host's turn and pace, the destination guard and `crawler.resolve` of the client, a
 * byte cap of its own (`crawler.imageMaxBytes`), a content type that must be an image (or none,
 * or octet-stream), and a conditional request when validators of the last fetch are given.
 */
import { CopywatchError } from '../domain/index.ts';
import type { CrawlerContext } from './context.ts';
import { emptyStats } from './events.ts';
import { GateError } from './host-pool.ts';
import type { FetchRecord } from './http-client.ts';
import { parseHttpUrl } from './normalize-url.ts';

export interface ImageFetchRequest {
  /** Largest body accepted (bytes). */
  maxBytes: number;
  /** Validators of the last fetch: a 304 answer is `{ notModified: true }`. */
  etag?: string | null;
  lastModified?: string | null;
  signal?: AbortSignal;
}

export type ImageFetchResult = { notModified: false; record: FetchRecord } | { notModified: true };

/** Throws a CopywatchError (CRAWL_ROBOTS, CRAWL_HTTP_STATUS, CRAWL_TOO_LARGE, CRAWL_CONTENT_TYPE, ...) when there is no image to read. */
export async function fetchImage(ctx: CrawlerContext, url: string, request: ImageFetchRequest): Promise<ImageFetchResult> {
  const parsed = parseHttpUrl(url);
  const host = ctx.pool.get(parsed.origin);
  if (host.abandoned) throw new CopywatchError('CRAWL_HOST_ABANDONED', `${url}: host abandoned: ${host.abandoned}`);
  if (ctx.options.respectRobots) {
    const robots = await ctx.robotsFor(host, emptyStats(parsed.host), request.signal);
    const reason = ctx.robots.disallowReason(robots, parsed.href);
    if (reason) throw new CopywatchError('CRAWL_ROBOTS', `${url}: ${reason}`);
  }
  const headers: Record<string, string> = {};
  if (request.etag) headers['if-none-match'] = request.etag;
  if (request.lastModified) headers['if-modified-since'] = request.lastModified;
  let record: FetchRecord;
  try {
    record = await ctx.pool.request(host, () => ctx.client.fetch(parsed.href, { accept: 'image', headers, maxBytes: request.maxBytes }), {
      signal: request.signal,
    });
  } catch (error) {
    if (error instanceof GateError || request.signal?.aborted) throw error;
    throw error instanceof CopywatchError ? error : new CopywatchError('CRAWL_NETWORK', `${url}: ${String(error)}`, { cause: error });
  }
  if (record.status === 304 && (request.etag || request.lastModified)) return { notModified: true };
  if (record.status < 200 || record.status >= 300) throw new CopywatchError('CRAWL_HTTP_STATUS', `${record.finalUrl} answered HTTP ${record.status}`);
  return { notModified: false, record };
}
