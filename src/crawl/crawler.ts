/**
 * The crawler: crawls a site (a source or a target of the config) and reports every page,
 * skip and failure as it happens. One Crawler holds what crawls share: the HTTP client (its
 * connections, the resolve map, the destination guard), the per-host queues and their pace,
 * and the robots.txt cache. Each `crawl` has its own frontier, scope and trap counts.
 */
import type { z } from 'zod';
import { crawlerSchema, siteSchema, type CrawlerConfig, type SiteConfig } from '../config/index.ts';
import { CopywatchError } from '../domain/index.ts';
import type { Lookup } from './connector.ts';
import type { CrawlerContext } from './context.ts';
import { CrawlRun, type RunOptions } from './crawl-run.ts';
import type { CrawlEventHandler, CrawlStats, PreviousFetchLookup } from './events.ts';
import { MemoryFrontier, type Frontier } from './frontier.ts';
import { HostPool, type HostGate } from './host-pool.ts';
import { HttpClient } from './http-client.ts';
import { fetchImage, type ImageFetchRequest, type ImageFetchResult } from './fetch-image.ts';
import { MAX_ROBOTS_BYTES, RobotsCache } from './robots-cache.ts';
import { DEFAULT_TRAP_LIMITS, type TrapLimits } from './url-traps.ts';

/** The crawler's options: `crawler` of the config (every field optional here, defaults as documented there). */
export type CrawlerOptions = Partial<z.input<typeof crawlerSchema>>;

/** A site as the config describes it; fields with defaults may be left out. */
export type SiteInput = z.input<typeof siteSchema>;

export interface CrawlerDeps {
  /** The time of captures and of robots.txt expiry. Default the system clock. */
  clock?: () => Date;
  /** The frontier of each crawl (a store-backed one makes scans resumable). Default a MemoryFrontier per crawl. */
  frontier?: Frontier | ((site: SiteConfig) => Frontier);
  /** The previous fetch of a URL, for conditional requests. */
  lookup?: PreviousFetchLookup;
  /** DNS lookup (tests). */
  dnsLookup?: Lookup;
  trapLimits?: Partial<TrapLimits>;
  /** First retry wait, doubled for each further retry (ms). Default 250. */
  retryBaseMs?: number;
  /** Longest wait before a retry, Retry-After included (ms). Default min(30 s, timeoutMs / 2). */
  maxRetryWaitMs?: number;
  /**
   * Politeness shared with other processes (see HostGate in host-pool.ts; src/queue keeps the
   * turns in PostgreSQL): a host's requests, whoever makes them, start at least its interval
   * after the previous one ended.
   */
  hostGate?: HostGate;
}

/** `promise`, or an AbortError as soon as `signal` aborts (the promise itself goes on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new DOMException('the wait was ended', 'AbortError'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException('the wait was ended', 'AbortError'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export class Crawler {
  readonly options: CrawlerConfig;
  private readonly ctx: CrawlerContext;
  private readonly deps: CrawlerDeps;

  constructor(options: CrawlerOptions = {}, deps: CrawlerDeps = {}) {
    const parsed = crawlerSchema.safeParse(options);
    if (!parsed.success)
      throw new CopywatchError('CONFIG_INVALID', `crawler options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.options = parsed.data;
    this.deps = deps;
    const o = this.options;
    const clock = deps.clock ?? (() => new Date());
    const client = new HttpClient({
      userAgent: o.userAgent,
      timeoutMs: o.timeoutMs,
      maxBytes: o.maxBytes,
      maxRedirects: o.maxRedirects,
      retries: o.retries,
      resolve: o.resolve,
      guard: !o.allowPrivate,
      allowHosts: o.allowHosts,
      lookup: deps.dnsLookup,
      clock,
      retryBaseMs: deps.retryBaseMs,
      maxRetryWaitMs: deps.maxRetryWaitMs,
    });
    // A turn of the gate is held for one fetch, which its time cap ends: the lease has a margin over it.
    const pool = new HostPool({
      concurrency: o.concurrency,
      perHost: o.perHost,
      delayMs: o.delayMs,
      maxHostFailures: o.maxHostFailures,
      gate: deps.hostGate,
      leaseMs: o.timeoutMs + 5_000,
    });
    const ctx: CrawlerContext = {
      options: o,
      client,
      pool,
      clock,
      lookup: deps.lookup ?? null,
      trapLimits: { ...DEFAULT_TRAP_LIMITS, ...deps.trapLimits },
      xmlMaxBytes: Math.max(50 * 1024 * 1024, o.maxBytes),
      robots: null as unknown as RobotsCache,
      async robotsFor(host, stats, signal) {
        for (;;) {
          try {
            const entry =
              ctx.robots.peek(host.key) ??
              (await untilAborted(
                ctx.robots.get(host.key, async (url) => {
                  stats.requests++;
                  return pool.request(host, () => client.fetch(url, { accept: 'xml', maxBytes: MAX_ROBOTS_BYTES }), { turn: true, signal });
                }),
                signal,
              ));
            pool.setCrawlDelay(host, entry.crawlDelayMs);
            return entry;
          } catch (error) {
            // The fetch under way was another crawl's, ended by that crawl's signal: ask again.
            if ((error as Error)?.name === 'AbortError' && !signal?.aborted) continue;
            throw error;
          }
        }
      },
    };
    ctx.robots = new RobotsCache({ userAgent: o.userAgent, ttlMs: o.robotsTtlMs, clock });
    this.ctx = ctx;
  }

  /**
   * Crawls one site; `onEvent` gets every page, not-modified, skip, failure and abandoned host,
   * one at a time, and is awaited. Resolves to the crawl's totals once the frontier is empty,
   * maxPages is reached, or `run.signal` aborts. Rejects only when `onEvent` throws (or the site
   * is invalid); fetch failures are events.
   */
  async crawl(siteInput: SiteInput | SiteConfig, onEvent: CrawlEventHandler, run: RunOptions = {}): Promise<CrawlStats> {
    const parsed = siteSchema.safeParse(siteInput);
    if (!parsed.success)
      throw new CopywatchError('CONFIG_INVALID', `site: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(site)'}: ${i.message}`).join('; ')}`);
    const site = parsed.data;
    const f = this.deps.frontier;
    const frontier = run.frontier ?? (typeof f === 'function' ? f(site) : (f ?? new MemoryFrontier()));
    return new CrawlRun(this.ctx, site, frontier, onEvent, run).execute();
  }

  /** One image, politely (see fetch-image.ts); throws a CopywatchError when there is none to read. */
  fetchImage(url: string, request: ImageFetchRequest): Promise<ImageFetchResult> {
    return fetchImage(this.ctx, url, request);
  }

  async close(): Promise<void> {
    await this.ctx.pool.idle();
    await this.ctx.client.close();
  }
}
