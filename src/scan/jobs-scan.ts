/**
 * `copywatch scan [--target NAME]`: crawl the targets, match every page against the corpus,
 * judge the matches by the rules, record findings with evidence. The same article on the same
 * URL stays one finding whose lastSeen moves on.
 */
import type { DiscoveredBy } from '../domain/index.ts';
import type { Store } from '../store/ports.ts';
import type { Corpus } from './corpus.ts';
import type { CrawlEvent, CrawlPort, SiteSpec } from './crawl-port.ts';
import { judgeCapture, lap, stageNow, type Capture, type Judgement, type JudgeSettings, type StageTimings } from './judge.ts';
import { recordFindings } from './record.ts';
import type { EvidenceExtras } from './evidence-extras.ts';
import type { JobControl } from './run-job.ts';
import type { PhotoMatcher } from './photos.ts';
import { SiteTemplates, type SiteExtraction } from './site-templates.ts';

export interface ScanDeps {
  store: Store;
  corpus: Corpus;
  crawler: CrawlPort;
  settings: JudgeSettings;
  /** What extraction takes from the site of the page at `url` (its selector, its learned template). Default nothing. */
  site?: (url: string) => SiteExtraction;
  /** What captures get besides the body (a screenshot), as the config asks. Default nothing. */
  evidence?: EvidenceExtras;
  /** The publisher's photos, looked for on each page (none: text only). */
  photos?: PhotoMatcher | null;
}

export async function scanTargets(ctl: JobControl, deps: ScanDeps, targets: SiteSpec[]): Promise<void> {
  const templates = new SiteTemplates(deps.store, ctl.now, true);
  for (const site of targets) {
    if (ctl.signal.aborted) break;
    const extraction: SiteExtraction = { selector: site.article, templates };
    const siteDeps = { ...deps, site: () => extraction };
    try {
      await deps.crawler.crawl(site, (event) => onScanEvent(ctl, siteDeps, event), ctl.signal, `scan:${site.name}`);
    } finally {
      await templates.flush();
    }
  }
  if (deps.photos) countPhotoSkips(ctl, deps.photos);
}

/** The run's reasons get why suspect images were not looked up (refused, failed), by reason. */
export function countPhotoSkips(ctl: JobControl, photos: PhotoMatcher): void {
  for (const [reason, n] of photos.skipped) for (let i = 0; i < n; i++) ctl.reason(reason);
  photos.skipped.clear();
}

/** What a scan does with each crawl event (here, and in a queue worker's page job). */
export async function onScanEvent(ctl: JobControl, deps: Omit<ScanDeps, 'crawler'>, event: CrawlEvent): Promise<void> {
  if (event.type === 'page') {
    ctl.counts.pagesFetched++;
    await scanPage(ctl, deps, event.capture, 'scan');
  } else if (event.type === 'not-modified') {
    ctl.counts.notModified++;
    // The copies on an unchanged page are still there: their findings are seen again.
    ctl.counts.findingsUpdated += await deps.store.findings.touch(event.finalUrl, ctl.now());
  } else {
    countCrawlOutcome(ctl, event);
  }
  ctl.progress.update(ctl.counts);
}

/** Counts what a crawl reports besides pages, the same in every job: skips and failures with their reasons, the queue's length. */
export function countCrawlOutcome(ctl: JobControl, event: Exclude<CrawlEvent, { type: 'page' | 'not-modified' }>): void {
  if (event.type === 'skipped') {
    ctl.counts.skipped++;
    ctl.reason(`skipped: ${event.reason}`);
  } else if (event.type === 'failed') {
    ctl.counts.failed++;
    ctl.reason(`failed: ${event.code}`, { url: event.url, detail: `failed: ${event.code}: ${event.message}` });
  } else if (event.type === 'queued') {
    ctl.counts.pagesQueued = event.queued;
  }
  // An e-paper edition page (版): a list of its articles, which follow; only the index reads its page pictures.
}

/** The fetch state that lets the next run ask for the page conditionally. */
export async function rememberFetch(store: Store, capture: Capture): Promise<void> {
  await store.fetchState.put({
    url: capture.requestedUrl,
    etag: capture.headers.etag ?? null,
    lastModified: capture.headers['last-modified'] ?? null,
    sha256: capture.sha256,
    fetchedAt: capture.capturedAt,
    status: capture.status,
    links: capture.links ?? null,
  });
}

/**
 * Judges a page (unless the caller already has: `judged`) and records what it proves.
 * `discoveredBy`: how discovery proposed the page, kept with its findings. `remember` (default
 * true) keeps its fetch state for the next run's conditional request; a page read from a web
 * archive is not a fetch of the live page and leaves it alone.
 */
export async function scanPage(
  ctl: JobControl,
  deps: Omit<ScanDeps, 'crawler'>,
  capture: Capture,
  actor: string,
  judged?: Judgement,
  { discoveredBy, remember = true }: { discoveredBy?: DiscoveredBy; remember?: boolean } = {},
) {
  const { timings } = ctl;
  const judgement = judged ?? (await judgePage(capture, deps, timings));
  if (!judgement.extraction.ok) {
    const { reason, message } = judgement.extraction;
    // Lists of links (home pages, section fronts) are counted, not listed: they hold no article by nature.
    ctl.reason(`no article: ${reason}`, reason === 'link-list' ? undefined : { url: capture.finalUrl, detail: `no article: ${reason}: ${message}` });
  }
  ctl.counts.matches += judgement.findings.length + judgement.allowed.length;
  const t = timings ? stageNow() : 0;
  const recorded = await recordFindings(deps.store, deps.corpus, capture, judgement, actor, discoveredBy, deps.evidence);
  ctl.counts.findingsNew += recorded.created.length;
  ctl.counts.findingsUpdated += recorded.updated.length;
  ctl.counts.findingsReopened += recorded.reopened.length;
  // Only now: a run killed before this point fetches and judges the page again on its next run.
  if (remember) await rememberFetch(deps.store, capture);
  if (timings) lap(timings, 'store', t);
  return { judgement, recorded };
}

/** A page through the engine and the rules, judged on the day it was captured. */
export function judgePage(capture: Capture, deps: Pick<ScanDeps, 'corpus' | 'settings' | 'site' | 'photos'>, timings?: StageTimings): Promise<Judgement> {
  return judgeCapture(capture, deps.corpus, deps.settings, capture.capturedAt.slice(0, 10), timings, deps.site?.(capture.finalUrl), deps.photos ?? undefined);
}
