/**
 * robots.txt per origin, cached with its own expiry (crawler.robotsTtlMs, on the injected
 * clock). The usual conventions:
 * - 2xx: the rules are read (robots-parser): Disallow/Allow for our User-Agent or `*`,
 *   Crawl-delay (capped at MAX_CRAWL_DELAY_MS), Sitemap lines;
 * - 4xx (404, 401, 403, 410 ...): no rules, everything is allowed;
 * - 5xx, a timeout, a network failure: the host is not crawled (everything disallowed) until
 *   the entry expires, i.e. for this run.
 * A robots.txt above 512 KB, or not of a text type, is read as none (everything allowed).
 */
import robotsParserModule from 'robots-parser';
import { GateError } from './host-pool.ts';
import { CopywatchError } from '../domain/index.ts';
import type { FetchRecord } from './http-client.ts';

export const MAX_ROBOTS_BYTES = 512 * 1024;
const MAX_CRAWL_DELAY_MS = 60_000;

interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getMatchingLineNumber(url: string, ua?: string): number;
  getCrawlDelay(ua?: string): number | undefined;
  getSitemaps(): string[];
}

// robots-parser is CommonJS whose typings declare an ES default export.
const robotsParser = robotsParserModule as unknown as (url: string, text: string) => Robot;

export interface RobotsEntry {
  origin: string;
  /** `rules`: a robots.txt was read; `allow-all`: none (4xx); `disallow-all`: unavailable (5xx, network). */
  state: 'rules' | 'allow-all' | 'disallow-all';
  /** Why, in words (`HTTP 404`, `HTTP 503`, `CRAWL_TIMEOUT ...`). */
  note: string;
  crawlDelayMs: number | null;
  sitemaps: string[];
  fetchedAt: number;
  robot: Robot | null;
}

export interface RobotsCacheOptions {
  userAgent: string;
  ttlMs: number;
  clock: () => Date;
}

export class RobotsCache {
  private readonly entries = new Map<string, RobotsEntry>();
  private readonly inflight = new Map<string, Promise<RobotsEntry>>();

  constructor(private readonly options: RobotsCacheOptions) {}

  /** The cached entry of an origin when it has not expired. */
  peek(origin: string): RobotsEntry | null {
    const entry = this.entries.get(origin);
    if (!entry) return null;
    if (this.options.clock().getTime() - entry.fetchedAt >= this.options.ttlMs) return null;
    return entry;
  }

  /** The entry of an origin, fetched with `fetch` (paced like any request) when not cached. */
  async get(origin: string, fetch: (url: string) => Promise<FetchRecord>): Promise<RobotsEntry> {
    const cached = this.peek(origin);
    if (cached) return cached;
    let pending = this.inflight.get(origin);
    if (!pending) {
      pending = this.load(origin, fetch).finally(() => this.inflight.delete(origin));
      this.inflight.set(origin, pending);
    }
    return pending;
  }

  /** Null when `url` may be fetched; otherwise the reason. */
  disallowReason(entry: RobotsEntry, url: string): string | null {
    if (entry.state === 'allow-all') return null;
    if (entry.state === 'disallow-all') return `robots: robots.txt unavailable (${entry.note}), the host is not crawled this run`;
    const allowed = entry.robot!.isAllowed(url, this.options.userAgent);
    if (allowed === false) {
      const line = entry.robot!.getMatchingLineNumber(url, this.options.userAgent);
      return `robots: disallowed by robots.txt${line > 0 ? ` (line ${line})` : ''}`;
    }
    return null;
  }

  private async load(origin: string, fetch: (url: string) => Promise<FetchRecord>): Promise<RobotsEntry> {
    const url = `${origin}/robots.txt`;
    const base = { origin, crawlDelayMs: null, sitemaps: [] as string[], robot: null, fetchedAt: this.options.clock().getTime() };
    let entry: RobotsEntry;
    try {
      const record = await fetch(url);
      if (record.status >= 200 && record.status < 300) {
        const text = record.body.subarray(0, MAX_ROBOTS_BYTES).toString('utf8');
        const robot = robotsParser(url, text);
        const delay = robot.getCrawlDelay(this.options.userAgent);
        entry = {
          ...base,
          state: 'rules',
          note: `HTTP ${record.status}`,
          robot,
          crawlDelayMs: typeof delay === 'number' && Number.isFinite(delay) && delay > 0 ? Math.min(delay * 1000, MAX_CRAWL_DELAY_MS) : null,
          sitemaps: robot.getSitemaps().slice(0, 100),
        };
      } else if (record.status >= 400 && record.status < 500) {
        entry = { ...base, state: 'allow-all', note: `HTTP ${record.status}` };
      } else {
        entry = { ...base, state: 'disallow-all', note: `HTTP ${record.status}` };
      }
    } catch (error) {
      // No answer about the site: the run was stopped while it waited for the host's turn, or
      // the shared turns could not be asked for. Nothing is remembered; the next request asks again.
      if (error instanceof GateError || (error as Error)?.name === 'AbortError') throw error;
      const e = error as CopywatchError;
      // A robots.txt that is too large or of another type is read as no robots.txt.
      if (e instanceof CopywatchError && (e.code === 'CRAWL_CONTENT_TYPE' || e.code === 'CRAWL_TOO_LARGE')) {
        entry = { ...base, state: 'allow-all', note: e.code };
      } else if (e instanceof CopywatchError && e.code === 'CRAWL_HTTP_STATUS') {
        entry = { ...base, state: 'disallow-all', note: /HTTP \d{3}/.exec(e.message)?.[0] ?? e.code };
      } else {
        entry = { ...base, state: 'disallow-all', note: e instanceof CopywatchError ? e.code : String(error) };
      }
    }
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(origin, entry);
    return entry;
  }
}
