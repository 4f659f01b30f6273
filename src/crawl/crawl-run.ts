/**
 * One crawl of one site: seeds the frontier (e-paper editions, start URLs, sitemaps, feeds),
 * then takes URLs from it breadth first, each through its host's queue: robots.txt, the host's
 * pace, the fetch under the global limit, then discovery (links, sitemap and feed items) within
 * scope and past the trap guards. Events are delivered one at a time, awaited (back-pressure).
 */
import type { SiteConfig } from '../config/index.ts';
import { type CopywatchError } from '../domain/index.ts';
import type { CrawlerContext } from './context.ts';
import { emptyStats, type CrawledPage, type CrawlEvent, type CrawlEventHandler, type CrawlStats } from './events.ts';
import type { Frontier, FrontierEntry } from './frontier.ts';
import { HashSet64 } from './hash-set.ts';
import type { HostState } from './host-pool.ts';
import { discoverLinks } from './links.ts';
import { normalizeUrl } from './normalize-url.ts';
import type { RobotsEntry } from './robots-cache.ts';
import { Scope } from './scope.ts';
import { seedEntries } from './seeds.ts';
import { TrapGuard } from './url-traps.ts';
import { fetchEntry, type EntryResult } from './fetch-entry.ts';
import { gunzipIfNeeded, parseXmlLinks } from './xml-links.ts';

export interface RunOptions {
  signal?: AbortSignal;
  /** Overrides the site's maxPages. */
  maxPages?: number;
  /** Seed the frontier from the site (default true); false when the frontier already holds the entries (a queued page job). */
  seed?: boolean;
  /** This run's frontier instead of the crawler's (a queued page job brings its own). */
  frontier?: Frontier;
}

const MAX_SITEMAP_NESTING = 3;

const isPage = (entry: FrontierEntry) => entry.kind === 'page' || entry.kind === 'edition';

export class CrawlRun {
  readonly stats: CrawlStats;
  private readonly scope: Scope;
  private readonly traps: TrapGuard;
  private readonly fetched = new HashSet64(1024);
  private readonly robotsOrigins = new Set<string>();
  private readonly probes = new Set<string>();
  private readonly maxPages: number;
  private pagesStarted = 0;
  private chain: Promise<void> = Promise.resolve();
  private error: unknown = null;

  constructor(
    private readonly ctx: CrawlerContext,
    readonly site: SiteConfig,
    private readonly frontier: Frontier,
    private readonly onEvent: CrawlEventHandler,
    private readonly run: RunOptions,
  ) {
    this.stats = emptyStats(site.name);
    this.maxPages = run.maxPages ?? site.maxPages;
    this.scope = new Scope(
      site,
      seedEntries(site, ctx.clock(), 1).map((e) => e.url),
    );
    this.traps = new TrapGuard(ctx.trapLimits, ctx.clock);
  }

  async execute(): Promise<CrawlStats> {
    const started = performance.now();
    if (this.run.seed !== false) await this.seed();
    const outstanding = new Set<Promise<void>>();
    // One promise that settles when any task ends (Promise.race over the tasks would add a
    // reaction to every one of them on every turn).
    let signal!: () => void;
    let taskEnded = new Promise<void>((r) => {
      signal = r;
    });
    const anyTaskEnd = () => taskEnded;
    const limit = Math.max(this.ctx.options.concurrency * 2, this.ctx.options.perHost * 2, 4);
    let next: FrontierEntry | undefined;
    for (;;) {
      if (this.error || this.run.signal?.aborted) {
        this.stats.truncated = true;
        break;
      }
      while (outstanding.size >= limit) await anyTaskEnd();
      next ??= await this.frontier.pop();
      if (!next) {
        if (!outstanding.size) break;
        await anyTaskEnd();
        continue;
      }
      if (isPage(next)) {
        if (this.fetched.has(next.url)) {
          next = undefined;
          continue;
        }
        if (this.pagesStarted >= this.maxPages) {
          // Pages skipped before any request give their place back: wait for the tasks in flight.
          if (outstanding.size) {
            await anyTaskEnd();
            continue;
          }
          this.stats.truncated = true;
          break;
        }
        this.pagesStarted++;
      }
      const entry = next;
      next = undefined;
      const host = this.ctx.pool.get(new URL(entry.url).origin);
      const task: Promise<void> = host.queue
        .add(() => this.process(entry, host))
        .catch((error: unknown) => {
          this.error ??= error;
        })
        .finally(() => {
          outstanding.delete(task);
          const wake = signal;
          taskEnded = new Promise<void>((r) => {
            signal = r;
          });
          wake();
        });
      outstanding.add(task);
    }
    await Promise.all(outstanding);
    await this.chain;
    this.stats.durationMs = Math.round(performance.now() - started);
    if (this.error) throw this.error;
    return this.stats;
  }

  private async seed(): Promise<void> {
    for (const entry of seedEntries(this.site, this.ctx.clock())) await this.frontier.push(entry);
  }

  /** Delivers an event after the previous one was handled; resolves when this one was. */
  emit(event: CrawlEvent): Promise<void> {
    const s = this.stats;
    if (event.type === 'page') s.pages++;
    else if (event.type === 'not-modified') s.notModified++;
    else if (event.type === 'skipped') s.skipped[event.kind] = (s.skipped[event.kind] ?? 0) + 1;
    else if (event.type === 'failed') s.failed[event.code] = (s.failed[event.code] ?? 0) + 1;
    else s.hostsAbandoned.push({ host: event.host, reason: event.reason });
    this.chain = this.chain
      .then(() => (this.error ? undefined : this.onEvent(event)))
      .catch((error: unknown) => {
        this.error ??= error;
      });
    return this.chain;
  }

  private async process(entry: FrontierEntry, host: HostState): Promise<void> {
    if (this.error || this.run.signal?.aborted) return;
    if (host.abandoned) {
      if (isPage(entry)) this.pagesStarted--;
      return this.emit({ type: 'skipped', url: entry.url, kind: 'host-abandoned', reason: `host abandoned: ${host.abandoned}` });
    }
    if (this.ctx.options.respectRobots) {
      // The fetch is shared with every crawl of this crawler that wants the host (other jobs of a
      // worker); the run's signal ends this crawl's wait for it.
      let robots: RobotsEntry;
      try {
        robots = await this.ctx.robotsFor(host, this.stats, this.run.signal);
      } catch (error) {
        if (this.run.signal?.aborted) return;
        throw error;
      }
      await this.onRobots(host.key, robots);
      const reason = this.ctx.robots.disallowReason(robots, entry.url);
      if (reason && this.probes.has(entry.url)) return;
      if (reason) {
        if (isPage(entry)) this.pagesStarted--;
        return this.emit({ type: 'skipped', url: entry.url, kind: 'robots', reason });
      }
    } else if (!this.robotsOrigins.has(host.key)) {
      this.robotsOrigins.add(host.key);
      await this.probeSitemap(host.key);
    }
    let result: EntryResult;
    try {
      result = await fetchEntry(this.ctx, entry, host, this.site.name, this.stats, this.run.signal);
    } catch (error) {
      // Stopped while it waited for the host's turn: nothing was fetched, nothing to report.
      if (this.run.signal?.aborted) return;
      throw error;
    }
    await this.handle(entry, host, result);
  }

  private async onRobots(origin: string, robots: RobotsEntry): Promise<void> {
    if (this.robotsOrigins.has(origin)) return;
    this.robotsOrigins.add(origin);
    let any = false;
    for (const sitemap of robots.sitemaps) {
      const url = normalizeUrl(sitemap);
      if (url && this.scope.hostInScope(new URL(url).hostname)) {
        any = true;
        await this.frontier.push({ url, depth: 0, kind: 'sitemap' });
      }
    }
    if (!any) await this.probeSitemap(origin);
  }

  /** `/sitemap.xml` of a seed's origin, when no sitemap is named (its 404 is not a failure). */
  private async probeSitemap(origin: string): Promise<void> {
    if (this.site.sitemaps.length || !this.scope.hostInScope(new URL(origin).hostname)) return;
    const url = `${origin}/sitemap.xml`;
    this.probes.add(url);
    await this.frontier.push({ url, depth: 0, kind: 'sitemap' });
  }

  private async handle(entry: FrontierEntry, host: HostState, result: EntryResult): Promise<void> {
    if (result.abandoned) await this.emit({ type: 'host-abandoned', host: host.key, reason: host.abandoned! });
    if (result.kind === 'failed') {
      const { error, status } = result;
      if (error.code === 'CRAWL_HOST_ABANDONED') {
        if (isPage(entry)) this.pagesStarted--;
        return this.emit({ type: 'skipped', url: entry.url, kind: 'host-abandoned', reason: error.message.replace(/^\S+: /, '') });
      }
      if (status === 404 && this.probes.has(entry.url)) return;
      if (status === 404 && entry.kind === 'edition') {
        return this.emit({ type: 'skipped', url: entry.url, kind: 'edition-missing', reason: 'edition: no such page (HTTP 404)' });
      }
      return this.emit({ type: 'failed', url: entry.url, code: error.code, message: error.message, ...(status ? { status } : {}) });
    }
    if (result.kind === 'not-modified') {
      await this.emit({ type: 'not-modified', url: entry.url, reason: '304' });
      for (const link of result.previousLinks ?? []) await this.offer(link, entry.depth + 1);
      return;
    }
    const record = result.record;
    this.fetched.add(entry.url);
    const final = normalizeUrl(record.finalUrl);
    if (final && final !== entry.url) {
      await this.frontier.markSeen(final);
      if (!this.fetched.add(final) && entry.kind !== 'sitemap' && entry.kind !== 'feed') return;
    }
    if (entry.kind === 'sitemap' || entry.kind === 'feed') return this.readXml(entry, record.body, record.finalUrl);
    const follow = !/nofollow|none/i.test(record.headers['x-robots-tag'] ?? '') && !(final && this.scope.reject(final) === 'out-of-site');
    const links = follow ? discoverLinks(record.body, record.finalUrl, record.contentType).links : [];
    const page: CrawledPage = { ...record, site: this.site.name, depth: entry.depth, kind: entry.kind as 'page' | 'edition', links };
    if (result.sameBody) await this.emit({ type: 'not-modified', url: entry.url, reason: 'same-body', page });
    else await this.emit({ type: 'page', page });
    if (entry.depth >= this.site.maxDepth) return;
    for (const link of links) await this.offer(link, entry.depth + 1);
  }

  /** A discovered link: in scope, not a trap, not seen → queued. */
  private async offer(url: string, depth: number): Promise<void> {
    if (this.scope.reject(url)) {
      this.stats.outOfScope++;
      return;
    }
    if (depth > this.site.maxDepth) return;
    if (await this.frontier.seen(url)) return;
    const trap = this.traps.check(url);
    if (trap) {
      await this.frontier.markSeen(url);
      await this.emit({ type: 'skipped', url, kind: 'trap', reason: trap });
      return;
    }
    await this.frontier.push({ url, depth, kind: 'page' });
  }

  private async readXml(entry: FrontierEntry, body: Buffer, finalUrl: string): Promise<void> {
    let xml: Buffer;
    try {
      xml = gunzipIfNeeded(body, this.ctx.xmlMaxBytes, finalUrl);
    } catch (error) {
      const e = error as CopywatchError;
      await this.emit({ type: 'failed', url: entry.url, code: e.code, message: e.message });
      return;
    }
    const found = parseXmlLinks(xml, finalUrl);
    if (entry.kind === 'sitemap') this.stats.sitemaps++;
    else this.stats.feeds++;
    for (const url of found.pages) {
      if (this.scope.reject(url)) this.stats.outOfScope++;
      else if (!this.traps.check(url)) await this.frontier.push({ url, depth: 0, kind: 'page' });
    }
    if (entry.depth < MAX_SITEMAP_NESTING) {
      for (const url of found.sitemaps.slice(0, 1000)) {
        if (this.scope.hostInScope(new URL(url).hostname)) await this.frontier.push({ url, depth: entry.depth + 1, kind: 'sitemap' });
      }
    }
  }
}
