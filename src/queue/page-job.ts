/**
 * One page job in a worker: the crawler takes the job's one entry (robots.txt, the host's turn
 * across the cluster, the fetch, discovery within the site's scope), the page goes through
 * `onScanEvent` as in a one-process scan (judge, findings upserted, fetch state remembered), and
 * then, in one transaction, the links it found are queued and the page is marked done with its
 * counts (one statement when it found nothing new). A worker killed anywhere before that commit
 * leaves the job to expire and run again: the findings are upserts (same article, same URL: one
 * finding), so nothing is recorded twice.
 */
import type { SiteConfig } from '../config/index.ts';
import type { Frontier, FrontierEntry } from '../crawl/index.ts';
import { EMPTY_COUNTS, isCopywatchError, type ScanCounts, type ScanFailure } from '../domain/index.ts';
import {
  countPhotoSkips,
  discoverySite,
  onScanEvent,
  PhotoMatcher,
  photoSettings,
  reasonRecorder,
  scanPage,
  silentProgress,
  SiteTemplates,
  type App,
  type Corpus,
  type CrawlerAdapter,
  type JobControl,
} from '../scan/index.ts';
import type { PageJobData } from './boss.ts';
import type { ScanPages } from './pages.ts';

/** The frontier of one job: its entry, then whatever the crawl discovers (queued at the end). */
class JobFrontier implements Frontier {
  private taken = false;
  readonly discovered: FrontierEntry[] = [];
  readonly seenOnly: string[] = [];
  private readonly known = new Set<string>();

  constructor(private readonly entry: FrontierEntry) {
    this.known.add(entry.url);
  }

  push(entry: FrontierEntry): boolean {
    if (this.known.has(entry.url)) return false;
    this.known.add(entry.url);
    this.discovered.push(entry);
    return true;
  }

  pop(): FrontierEntry | undefined {
    if (this.taken) return undefined;
    this.taken = true;
    return this.entry;
  }

  size(): number {
    return this.taken ? 0 : 1;
  }

  /** Only this job's URLs: the scan's others are known to queue_pages, which drops them at the end. */
  seen(url: string): boolean {
    return this.known.has(url);
  }

  markSeen(url: string): boolean {
    if (this.known.has(url)) return false;
    this.known.add(url);
    this.seenOnly.push(url);
    return true;
  }
}

export interface PageJobDeps {
  app: App;
  corpus: Corpus;
  crawler: CrawlerAdapter;
  pages: ScanPages;
}

export type PageOutcome = 'done' | 'already-done' | 'scan-over' | 'no-site';

export class PageJobs {
  private readonly beats = new Map<number, number>();
  /** Jobs of each run under way in this process. */
  private readonly underway = new Map<number, number>();
  /** The image index of the store's photos, loaded again when their revision moved (another process indexed). */
  private photos: { revision: string; matcher: Promise<PhotoMatcher | null> } | null = null;

  constructor(private readonly deps: PageJobDeps) {}

  private async photoMatcher(): Promise<PhotoMatcher | null> {
    const { app, crawler } = this.deps;
    const revision = await app.store.images.revision();
    if (!this.photos || this.photos.revision !== revision) this.photos = { revision, matcher: PhotoMatcher.load(app.store, crawler, photoSettings(app)) };
    return this.photos.matcher;
  }

  /**
   * Runs one job. `lastAttempt`: a failure is recorded as the page's failure instead of thrown
   * (thrown, the job is retried). Returns what became of it.
   *
   * The run ends when its last page is done. A job looks once its page is committed, unless
   * another job of the run is still under way in this process: the last of them to end looks,
   * whatever became of it, and so after every commit of the others (a job that failed leaves its
   * page waiting for a retry, which looks in turn). One statement per page saved.
   */
  async run(job: PageJobData, signal: AbortSignal, lastAttempt: boolean): Promise<PageOutcome> {
    this.underway.set(job.scan, (this.underway.get(job.scan) ?? 0) + 1);
    let outcome: PageOutcome | null = null;
    try {
      outcome = await this.page(job, signal, lastAttempt);
      return outcome;
    } finally {
      const left = this.underway.get(job.scan)! - 1;
      if (left) this.underway.set(job.scan, left);
      else this.underway.delete(job.scan);
      if (!left && outcome !== 'scan-over') {
        // After a failure, a failed look is not worth reporting over the failure itself.
        await this.deps.pages.end(job.scan, 'done', this.deps.app.clock().toISOString()).catch((error) => {
          if (outcome) throw error;
        });
      }
    }
  }

  private async page(job: PageJobData, signal: AbortSignal, lastAttempt: boolean): Promise<PageOutcome> {
    const { app, pages } = this.deps;
    const state = await pages.state(job.scan, job.site, job.url);
    if (!state.running) return 'scan-over';
    // A queued discover's page: a one-page crawl of its host, as in a one-process discover.
    const site = job.discoveredBy
      ? discoverySite(new URL(job.url).hostname, [job.url])
      : (app.config.targets.find((t) => t.name === job.site) ?? (await app.targets()).find((t) => t.name === job.site));
    const counts: ScanCounts = { ...EMPTY_COUNTS };
    const reasons: Record<string, number> = {};
    const failures: ScanFailure[] = [];
    const reason = reasonRecorder(reasons, failures, () => app.clock().toISOString());
    if (!site) {
      reason(`skipped: target ${job.site} is not in this worker's config`);
      counts.skipped++;
      await pages.finish(job.scan, job.site, job.url, counts, reasons);
      await this.heartbeat(job.scan);
      return 'no-site';
    }
    if (state.done) return 'already-done';
    const frontier = new JobFrontier({ url: job.url, depth: job.depth, kind: job.kind });
    const ctl: JobControl = {
      scan: { id: job.scan } as JobControl['scan'],
      counts,
      reason,
      signal,
      progress: silentProgress,
      now: () => app.clock().toISOString(),
    };
    // The site's selector, and its hosts' templates learned page by page (read, learned, saved per job: workers share them through the store).
    const templates = new SiteTemplates(app.store, ctl.now, true);
    const extraction = { selector: (site as SiteConfig).article, templates };
    const photos = await this.photoMatcher();
    try {
      await this.deps.crawler.crawl(
        site,
        async (event) => {
          if (job.discoveredBy && event.type === 'page') {
            // Found by a search: judged as discover judges it, its findings keep the search.
            counts.pagesFetched++;
            await scanPage(
              ctl,
              { store: app.store, corpus: this.deps.corpus, settings: app.settings, evidence: app.evidence(), photos },
              event.capture,
              'discover',
              undefined,
              {
                discoveredBy: job.discoveredBy,
              },
            );
          } else
            await onScanEvent(
              ctl,
              { store: app.store, corpus: this.deps.corpus, settings: app.settings, site: () => extraction, evidence: app.evidence(), photos },
              event,
            );
        },
        signal,
        `queue:${job.scan}:${site.name}`,
        { seed: false, frontier },
      );
      await templates.flush();
      if (photos) countPhotoSkips(ctl, photos);
    } catch (error) {
      if (!lastAttempt || signal.aborted) throw error;
      counts.failed++;
      reason(`failed: ${isCopywatchError(error) ? error.code : 'INTERNAL'} (after the last retry)`, {
        url: job.url,
        detail: `failed: ${isCopywatchError(error) ? `${error.code}: ${error.message}` : 'INTERNAL'} (after the last retry)`,
      });
      frontier.discovered.length = 0;
    }
    if (signal.aborted) throw new Error('interrupted');
    if (job.discoveredBy) frontier.discovered.length = 0; // discovery proposes pages, it does not crawl on from them
    const { admitted, overLimit } = await pages.admit(job.scan, site.name, frontier.discovered, (site as SiteConfig).maxPages);
    if (overLimit) reasons['skipped: maxPages reached'] = (reasons['skipped: maxPages reached'] ?? 0) + overLimit;
    await pages.finish(job.scan, site.name, job.url, counts, reasons, admitted, frontier.seenOnly);
    // Listed after the page counts: a retry of a job killed in between lists the same URL, once.
    if (failures.length) await app.store.scans.addFailures(job.scan, failures);
    await this.heartbeat(job.scan);
    return 'done';
  }

  /** Keeps the run's heartbeat alive: every 2 s per worker. */
  private async heartbeat(scan: number): Promise<void> {
    const now = Date.now();
    if (now - (this.beats.get(scan) ?? 0) <= 2000) return;
    this.beats.set(scan, now);
    await this.deps.pages.heartbeat(scan, this.deps.app.clock().toISOString());
  }
}
