/**
 * One frontier entry over the network, politely: conditional headers from the previous fetch,
 * the host's pace, the global limit; then the outcome sorted into a page, not-modified, or a
 * failure with its code, and the host's failure count kept (timeouts, network errors and 5xx
 * count against the host; 4xx and refusals of content do not).
 */
import { CopywatchError } from '../domain/index.ts';
import type { CrawlerContext } from './context.ts';
import type { CrawlStats, PreviousFetch } from './events.ts';
import type { FrontierEntry } from './frontier.ts';
import { GateError, type HostState } from './host-pool.ts';
import type { FetchRecord } from './http-client.ts';

export type EntryResult = { abandoned?: boolean } & (
  | { kind: 'ok'; record: FetchRecord; sameBody: boolean }
  | { kind: 'not-modified'; previousLinks?: string[] }
  | { kind: 'failed'; error: CopywatchError; status?: number }
);

const HOST_FAILURES = new Set(['CRAWL_TIMEOUT', 'CRAWL_NETWORK', 'CRAWL_DNS']);

/** `signal` ends a wait for the host's turn: the promise rejects, and nothing was fetched. */
export async function fetchEntry(
  ctx: CrawlerContext,
  entry: FrontierEntry,
  host: HostState,
  site: string,
  stats: CrawlStats,
  signal?: AbortSignal,
): Promise<EntryResult> {
  const isPage = entry.kind === 'page' || entry.kind === 'edition';
  // Seeds are fetched in full: a 304 on a start page would hide the links of the whole site.
  let previous: PreviousFetch | null | undefined = null;
  if (ctx.lookup && entry.kind === 'page' && entry.depth > 0) previous = await ctx.lookup(entry.url);
  const headers: Record<string, string> = {};
  if (previous?.etag) headers['if-none-match'] = previous.etag;
  if (previous?.lastModified) headers['if-modified-since'] = previous.lastModified;
  let abandoned = false;
  let record: FetchRecord;
  try {
    record = await ctx.pool.request(
      host,
      () => {
        // Read in the host's turn: the request before it may have given the host up.
        if (host.abandoned) {
          abandoned = true;
          return Promise.reject(new Error('abandoned'));
        }
        return ctx.client.fetch(entry.url, {
          accept: isPage ? 'html' : 'xml',
          headers,
          maxBytes: isPage ? undefined : ctx.xmlMaxBytes,
        });
      },
      { signal },
    );
  } catch (error) {
    if (signal?.aborted) throw error;
    if (abandoned) return { kind: 'failed', error: new CopywatchError('CRAWL_HOST_ABANDONED', `${entry.url}: host abandoned: ${host.abandoned}`) };
    if (error instanceof GateError) throw error;
    const e = error instanceof CopywatchError ? error : new CopywatchError('CRAWL_NETWORK', `${entry.url}: ${String(error)}`, { cause: error });
    stats.requests++;
    const hostFault = HOST_FAILURES.has(e.code) || (e.code === 'CRAWL_HTTP_STATUS' && /HTTP 5\d\d/.test(e.message));
    const status = /HTTP (\d{3})/.exec(e.message);
    if (hostFault)
      return { kind: 'failed', error: e, abandoned: ctx.pool.failed(host, `${e.code}: ${e.message}`), ...(status ? { status: Number(status[1]) } : {}) };
    ctx.pool.succeeded(host);
    return { kind: 'failed', error: e, ...(status ? { status: Number(status[1]) } : {}) };
  }
  stats.requests += record.attempts;
  stats.bytes += record.size;
  if (record.status === 304 && previous) {
    ctx.pool.succeeded(host);
    return { kind: 'not-modified', previousLinks: previous.links };
  }
  if (record.status >= 500) {
    const error = new CopywatchError('CRAWL_HTTP_STATUS', `${record.finalUrl} answered HTTP ${record.status}`);
    return { kind: 'failed', error, status: record.status, abandoned: ctx.pool.failed(host, error.message) };
  }
  ctx.pool.succeeded(host);
  if (record.status < 200 || record.status >= 300) {
    return { kind: 'failed', error: new CopywatchError('CRAWL_HTTP_STATUS', `${record.finalUrl} answered HTTP ${record.status}`), status: record.status };
  }
  return { kind: 'ok', record, sameBody: !!previous?.sha256 && previous.sha256 === record.sha256 };
}
