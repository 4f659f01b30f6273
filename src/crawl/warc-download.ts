/**
 * A WARC file named by its http(s) URL (Common Crawl's `https://data.commoncrawl.org/crawl-data/…
 * .warc.gz`), read as it downloads: through the crawler's HTTP client, so its destination guard
 * (private addresses refused at every hop, unless `crawler.allowPrivate`, `allowHosts` or
 * `resolve` say otherwise), redirects and retries, but with the download's own limits
 * (`warc.maxDownloadBytes`, `warc.downloadTimeoutSec`) instead of a page's 5 MB: the file is
 * never held whole, its chunks are judged as they come (http-stream.ts pauses the connection
 * while the judging is behind). robots.txt is not asked: a named file is a user's request, as a
 * manual check is.
 */
import type { CrawlerConfig } from '../config/index.ts';
import { CopywatchError } from '../domain/index.ts';
import type { Lookup } from './connector.ts';
import { HttpClient } from './http-client.ts';
import { assertWarcHead, type WarcInput } from './warc.ts';

/** A server that sends nothing for this long (connecting, the headers, between two chunks) is given up, or longer when `crawler.timeoutMs` is. */
const IDLE_MS = 60_000;
/** The bytes the check before the run reads to see a WARC (its first line, gzipped or not). */
const HEAD_BYTES = 4096;

export interface WarcDownloadOptions {
  crawler: CrawlerConfig;
  /** The most bytes the file may hold (warc.maxDownloadBytes). */
  maxBytes: number;
  /** The whole download, judging included (ms; warc.downloadTimeoutSec). */
  timeoutMs: number;
  lookup?: Lookup;
}

/** True for an http(s) URL (scan-warc downloads it), false for a path. */
export function isWarcUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

function clientFor(options: WarcDownloadOptions): HttpClient {
  const o = options.crawler;
  return new HttpClient({
    userAgent: o.userAgent,
    timeoutMs: Math.max(o.timeoutMs, IDLE_MS),
    maxBytes: options.maxBytes,
    maxRedirects: o.maxRedirects,
    retries: o.retries,
    resolve: o.resolve,
    guard: !o.allowPrivate,
    allowHosts: o.allowHosts,
    lookup: options.lookup,
  });
}

/** The error of a download in one line, naming the URL (the crawler's errors already do). */
function named(url: string, error: unknown): CopywatchError {
  if (error instanceof CopywatchError) return error.message.includes(url) ? error : new CopywatchError(error.code, `${url}: ${error.message}`);
  return new CopywatchError('CRAWL_NETWORK', `${url}: ${(error as Error).message}`);
}

/** The WARC at `url`, downloaded as it is read (the evidence names the file by its URL). */
export function warcDownload(url: string, options: WarcDownloadOptions): WarcInput {
  return {
    name: url,
    chunks: async function* () {
      const client = clientFor(options);
      try {
        const response = await client.stream(url, {
          maxBytes: options.maxBytes,
          timeoutMs: options.timeoutMs,
          idleMs: Math.max(options.crawler.timeoutMs, IDLE_MS),
        });
        try {
          yield* response.chunks;
        } catch (error) {
          throw named(url, error);
        }
      } finally {
        void client.close();
      }
    },
  };
}

/**
 * The check before a run: the URL answers 200 with a WARC file (its first bytes), not declared
 * larger than `maxBytes`; a one-line CopywatchError otherwise (unreachable, refused by the guard,
 * an HTTP status, too large, not a WARC). The download is then cancelled: the run downloads it again.
 */
export async function assertWarcUrl(url: string, options: WarcDownloadOptions): Promise<void> {
  const client = clientFor(options);
  try {
    const idleMs = Math.max(options.crawler.timeoutMs, IDLE_MS);
    const response = await client.stream(url, { maxBytes: options.maxBytes, timeoutMs: idleMs, idleMs }).catch((error: unknown) => {
      throw named(url, error);
    });
    const head: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.chunks) {
        head.push(chunk);
        size += chunk.length;
        if (size >= HEAD_BYTES) break;
      }
    } catch (error) {
      // A download that breaks off after its first bytes is the run's to report, where it breaks.
      if (!size) throw named(url, error);
    } finally {
      response.cancel();
    }
    assertWarcHead(url, Buffer.concat(head, size));
  } finally {
    void client.close();
  }
}
