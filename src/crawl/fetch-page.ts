/**
 * One page over HTTP(S) for `copywatch extract <url>` and `compare`: the crawler's HttpClient
 * with a total time limit, a cap on the (decompressed) body, at most 5 redirects (the chain
 * recorded), no retries, and errors with stable codes. No robots.txt and no destination guard:
 * the user named the URL on their own machine (manual checks from the server use
 * `fetchForCheck`, which applies the guard).
 */
import { DEFAULT_USER_AGENT } from '../config/index.ts';
import { HttpClient } from './http-client.ts';

export interface FetchOptions {
  /** Total time for the request, redirects and body (ms). Default 15000. */
  timeoutMs?: number;
  /** Largest body accepted, after decompression (bytes). Default 5 MB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  userAgent?: string;
  /** Host → address[:port], as crawler.resolve. */
  resolve?: Record<string, string>;
}

export interface FetchedPage {
  /** The URL asked for. */
  requestedUrl: string;
  /** The URL the body came from, after redirects. */
  url: string;
  status: number;
  headers: Record<string, string>;
  contentType: string | null;
  body: Buffer;
  /** Every URL that answered with a redirect, in order. */
  redirects: string[];
}

export async function fetchPage(input: string, options: FetchOptions = {}): Promise<FetchedPage> {
  const client = new HttpClient({
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    timeoutMs: options.timeoutMs ?? 15_000,
    maxBytes: options.maxBytes ?? 5 * 1024 * 1024,
    maxRedirects: options.maxRedirects ?? 5,
    retries: 0,
    resolve: options.resolve ?? {},
    guard: false,
    allowHosts: [],
  });
  try {
    const record = await client.fetch(input, { accept: 'any' });
    return {
      requestedUrl: input,
      url: record.finalUrl,
      status: record.status,
      headers: record.headers,
      contentType: record.contentType,
      body: record.body,
      redirects: record.redirects,
    };
  } finally {
    void client.close();
  }
}
