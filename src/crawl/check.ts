/**
 * Manual checks: one URL, asked for by a user of the dashboard or the CLI, fetched with the
 * destination guard on. Private, loopback, link-local, CGNAT, multicast and unspecified
 * addresses (IPv4, IPv6, IPv4 in IPv6) are refused after DNS resolution and again at every
 * redirect hop (each hop connects through the guarding connector, to the very address that was
 * checked), unless the host is in `crawler.resolve` or `crawler.allowHosts`, or `allowPrivate`
 * is set. robots.txt is not consulted: a check is a user's single request, not a crawl.
 */
import { crawlerSchema, type CrawlerConfig } from '../config/index.ts';
import { CopywatchError } from '../domain/index.ts';
import { chooseDestination, type Lookup } from './connector.ts';
import { HttpClient, type FetchRecord } from './http-client.ts';
import { parseHttpUrl } from './normalize-url.ts';

export interface CheckOptions extends Partial<CrawlerConfig> {
  clock?: () => Date;
  dnsLookup?: Lookup;
}

export type DestinationVerdict =
  | { ok: true; address: string; port: number | null; via: 'resolve' | 'literal' | 'dns' }
  | { ok: false; code: 'URL_INVALID' | 'CRAWL_PRIVATE_ADDRESS' | 'CRAWL_NETWORK' | 'CRAWL_DNS' | 'CRAWL_TIMEOUT'; reason: string };

/** Whether a URL's first hop may be fetched by a manual check (the fetch itself checks every hop again). */
export async function checkPublicDestination(url: string, options: CheckOptions = {}): Promise<DestinationVerdict> {
  let parsed: URL;
  try {
    parsed = parseHttpUrl(url);
  } catch (error) {
    return { ok: false, code: 'URL_INVALID', reason: (error as Error).message };
  }
  try {
    const dest = await chooseDestination(parsed.hostname, {
      resolve: options.resolve ?? {},
      guard: !options.allowPrivate,
      allowHosts: options.allowHosts ?? [],
      lookup: options.dnsLookup,
    });
    return { ok: true, ...dest };
  } catch (error) {
    if (!(error instanceof CopywatchError)) return { ok: false, code: 'CRAWL_NETWORK', reason: String(error) };
    const code = error.code === 'CRAWL_PRIVATE_ADDRESS' || error.code === 'CRAWL_DNS' || error.code === 'CRAWL_TIMEOUT' ? error.code : 'CRAWL_NETWORK';
    return { ok: false, code, reason: error.message };
  }
}

/** Fetches one URL for a manual check (guarded, no retries); throws CopywatchError with a stable code. */
export async function fetchForCheck(url: string, options: CheckOptions = {}): Promise<FetchRecord> {
  const { clock, dnsLookup, ...crawler } = options;
  const o = crawlerSchema.parse(crawler);
  const verdict = await checkPublicDestination(url, options);
  if (!verdict.ok) throw new CopywatchError(verdict.code, verdict.reason);
  const client = new HttpClient({
    userAgent: o.userAgent,
    timeoutMs: o.timeoutMs,
    maxBytes: o.maxBytes,
    maxRedirects: o.maxRedirects,
    retries: 0,
    resolve: o.resolve,
    guard: !o.allowPrivate,
    allowHosts: o.allowHosts,
    lookup: dnsLookup,
    clock,
  });
  try {
    return await client.fetch(url, { accept: 'html' });
  } finally {
    void client.close();
  }
}
