/**
 * The jobs as the CLI and the server start them: each in the frame of run-job.ts (a scan row,
 * heartbeat, progress, interruption).
 */
import { basename } from 'node:path';
import type { SiteConfig } from '../config/index.ts';
import { CopywatchError, isCopywatchError, type Finding, type Scan } from '../domain/index.ts';
import { assertWarcFile, assertWarcUrl, fetchForCheck, isWarcUrl, type WarcDownloadOptions } from '../crawl/index.ts';
import { createProviders } from '../crawl/search/index.ts';
import type { App } from './app.ts';
import { toCapture } from './crawl-adapter.ts';
import { discover, type DiscoverDeps, type DiscoverSummary } from './jobs-discover.ts';
import { indexSources } from './jobs-index.ts';
import type { PhotoSettings } from './index-images.ts';
import { recheckFindings, type Fetcher } from './jobs-recheck.ts';
import { countPhotoSkips, scanPage, scanTargets } from './jobs-scan.ts';
import { PhotoMatcher } from './photos.ts';
import { scanWarcFiles, WarcImages } from './jobs-warc.ts';
import { markWarcScanned, unscannedWarcFiles, type FileMark } from './warc-scanned.ts';
import type { Corpus } from './corpus.ts';
import type { Judgement, StageTimings } from './judge.ts';
import type { Progress } from './progress.ts';
import { runJob, type JobControl } from './run-job.ts';
import { siteOfUrl, SiteTemplates, type SiteExtraction } from './site-templates.ts';

export interface JobOptions {
  progress?: Progress;
  signal?: AbortSignal;
  handleSignals?: boolean;
  /** How often the run's row gets its counts (ms); default 2000. */
  heartbeatMs?: number;
  /** Called with the run's row as soon as it is started. */
  onStart?: (scan: Scan) => void;
  /** Stage timings to fill (benchmarks). */
  timings?: StageTimings;
}

export function pickSites(sites: SiteConfig[], name: string | null | undefined, kind: string): SiteConfig[] {
  if (!name) return sites;
  const chosen = sites.filter((s) => s.name === name);
  if (!chosen.length)
    throw new CopywatchError('INPUT_INVALID', `no ${kind} named ${JSON.stringify(name)} (${kind}s: ${sites.map((s) => s.name).join(', ') || 'none'})`);
  return chosen;
}

/**
 * For one-off pages (a manual check, a recheck): the selector of the configured site the URL is
 * on, and the host's learned template, read but not learned from (one page says nothing of a template).
 */
function siteFor(app: App): (url: string) => SiteExtraction {
  const templates = new SiteTemplates(app.store, () => app.clock().toISOString(), false);
  const sites = [...app.config.targets, ...app.config.publisher.sources];
  return (url) => ({ selector: siteOfUrl(sites, url)?.article, templates });
}

/** The config's photo limits (crawler.imageMaxBytes, crawler.maxImagesPerPage). */
export function photoSettings(app: App): PhotoSettings {
  return { maxBytes: app.config.crawler.imageMaxBytes, perPage: app.config.crawler.maxImagesPerPage };
}

export async function runIndex(app: App, options: JobOptions & { source?: string | null } = {}): Promise<Scan> {
  const sources = pickSites(app.config.publisher.sources, options.source, 'source');
  const corpus = await app.corpus();
  const { scan } = await runJob({ store: app.store, clock: app.clock, ...options }, 'index', options.source ?? null, (ctl) =>
    indexSources(ctl, { store: app.store, corpus, crawler: app.crawler(), maxBytes: app.config.crawler.maxBytes, photos: photoSettings(app) }, sources),
  );
  return scan;
}

/** A scan in this process, whatever the config says of the queue (queue/scan-job.ts chooses). */
export async function runScan(app: App, options: JobOptions & { target?: string | null } = {}): Promise<Scan> {
  const targets = pickSites(await app.targets(), options.target, 'target');
  const corpus = await app.corpus();
  if (!corpus.size) throw new CopywatchError('INPUT_INVALID', 'the corpus is empty: run `copywatch index` first');
  const { scan } = await runJob({ store: app.store, clock: app.clock, ...options }, 'scan', options.target ?? null, async (ctl) =>
    scanTargets(
      ctl,
      {
        store: app.store,
        corpus,
        crawler: app.crawler(),
        settings: app.settings,
        evidence: app.evidence(),
        photos: await PhotoMatcher.load(app.store, app.crawler(), photoSettings(app)),
      },
      targets,
    ),
  );
  return scan;
}

/** The fetch of manual checks and rechecks: one URL, behind the private-address guard. */
function checkFetcher(app: App): Fetcher {
  return async (url, signal) => {
    try {
      const record = await fetchForCheck(url, { ...app.config.crawler, clock: app.clock, dnsLookup: app.dnsLookup });
      if (signal.aborted) return { ok: false, code: 'INTERRUPTED', message: 'interrupted' };
      const capture = toCapture(record);
      if (record.status >= 400) return { ok: false, code: 'CRAWL_HTTP_STATUS', message: `HTTP ${record.status}`, status: record.status, capture };
      return { ok: true, capture };
    } catch (error) {
      return isCopywatchError(error) ? { ok: false, code: error.code, message: error.message } : { ok: false, code: 'CRAWL_NETWORK', message: String(error) };
    }
  };
}

export interface CheckResult {
  url: string;
  scan: Scan;
  judgement: Judgement;
  findings: Finding[];
}

export async function runCheck(app: App, url: string, options: JobOptions = {}): Promise<CheckResult> {
  const corpus = await app.corpus();
  const fetched = await checkFetcher(app)(url, options.signal ?? new AbortController().signal);
  if (!fetched.ok) throw new CopywatchError(fetched.code === 'INTERRUPTED' ? 'CRAWL_NETWORK' : fetched.code, fetched.message);
  const { scan, result } = await runJob({ store: app.store, clock: app.clock, ...options }, 'check', url, async (ctl) => {
    ctl.counts.pagesFetched++;
    const photos = await PhotoMatcher.load(app.store, app.crawler(), photoSettings(app));
    const scanned = await scanPage(
      ctl,
      { store: app.store, corpus, settings: app.settings, site: siteFor(app), evidence: app.evidence(), photos },
      fetched.capture,
      'check',
    );
    if (photos) countPhotoSkips(ctl, photos);
    return scanned;
  });
  const r = result.recorded;
  return { url: fetched.capture.finalUrl, scan, judgement: result.judgement, findings: [...r.created, ...r.updated, ...r.reopened] };
}

export async function runRecheck(app: App, options: JobOptions = {}): Promise<Scan> {
  const corpus = await app.corpus();
  const { scan } = await runJob({ store: app.store, clock: app.clock, ...options }, 'recheck', null, async (ctl) =>
    recheckFindings(ctl, {
      store: app.store,
      corpus,
      fetch: checkFetcher(app),
      settings: app.settings,
      site: siteFor(app),
      evidence: app.evidence(),
      photos: await PhotoMatcher.load(app.store, app.crawler(), photoSettings(app)),
    }),
  );
  return scan;
}

/** The hosts a site is crawled on (its start URLs, sitemaps, feeds, e-paper template). */
export function siteHosts(sites: SiteConfig[]): string[] {
  const hosts = new Set<string>();
  for (const site of sites) {
    for (const url of [...site.startUrls, ...site.sitemaps, ...site.feeds, ...(site.epaper ? [site.epaper.urlTemplate.replace(/\{[a-z]+\}/g, '0')] : [])]) {
      try {
        hosts.add(new URL(url).hostname.toLowerCase());
      } catch {
        // not a URL: nothing to add
      }
    }
  }
  return [...hosts];
}

/**
 * What discovery needs, checked (a provider, a corpus) before any run starts: the providers
 * (closed by `close`) and the deps of jobs-discover.ts, crawler aside.
 */
export async function discoverSetup(app: App): Promise<{ deps: Omit<DiscoverDeps, 'crawler'>; close: () => Promise<void> }> {
  const { discovery } = app.config;
  if (!discovery.providers.length)
    throw new CopywatchError(
      'INPUT_INVALID',
      'no search provider configured: add discovery.providers (e.g. [{"type": "searxng", "url": "http://127.0.0.1:8888"}])',
    );
  const corpus = await app.corpus();
  if (!corpus.size) throw new CopywatchError('INPUT_INVALID', 'the corpus is empty: run `copywatch index` first');
  const targets = await app.targets();
  const search = createProviders(discovery.providers, {
    userAgent: app.config.crawler.userAgent,
    resolve: app.config.crawler.resolve,
    timeoutMs: discovery.timeoutMs,
    retries: discovery.retries,
    lookup: app.dnsLookup,
  });
  return {
    deps: {
      store: app.store,
      corpus,
      settings: app.settings,
      evidence: app.evidence(),
      providers: search.providers,
      discovery,
      sourceHosts: siteHosts(app.config.publisher.sources),
      targetHosts: siteHosts(targets),
    },
    close: () => search.close(),
  };
}

/**
 * Search-engine discovery in this process, whatever the config says of the queue
 * (queue/discover-job.ts chooses): the search providers propose URLs, the scan path judges them.
 */
export async function runDiscover(app: App, options: JobOptions = {}): Promise<{ scan: Scan; summary: DiscoverSummary }> {
  const { deps, close } = await discoverSetup(app);
  try {
    const { scan, result } = await runJob({ store: app.store, clock: app.clock, ...options }, 'discover', null, async (ctl) => {
      const photos = await PhotoMatcher.load(app.store, app.crawler(), photoSettings(app));
      const summary = await discover(ctl, { ...deps, crawler: app.crawler(), photos });
      if (photos) countPhotoSkips(ctl, photos);
      return summary;
    });
    return { scan, summary: result };
  } finally {
    await close();
  }
}

/** The run's target for a list of WARC files: the first file's name, and how many more. */
export function warcLabel(files: string[]): string {
  const first = basename(files[0]).slice(0, 150);
  return files.length > 1 ? `${first} +${files.length - 1} more` : first;
}

/**
 * Judges the HTML responses of WARC files (scan-warc). Every file is checked first (it exists,
 * it is a WARC; a URL answers with one): a bad one fails the command before any run starts. A
 * file named by its http(s) URL is judged as it downloads (crawl/warc-download.ts), with the
 * download's own limits (warc.maxDownloadBytes, warc.downloadTimeoutSec), not a page's.
 */
export async function runScanWarc(
  app: App,
  files: string[],
  options: JobOptions & { onFileDone?: (file: string) => Promise<void>; prefilter?: boolean } = {},
): Promise<Scan> {
  const corpus = await checkWarcInputs(app, files);
  const { scan } = await runJob({ store: app.store, clock: app.clock, ...options }, 'scan-warc', warcLabel(files), async (ctl) => {
    // Photos: the pages' images from the file's image responses; the originals, for the evidence, fetched live.
    const images = new WarcImages();
    const settings = photoSettings(app);
    const matcher = await PhotoMatcher.load(app.store, images, settings, app.crawler());
    return scanWarcFiles(
      ctl,
      {
        store: app.store,
        corpus,
        settings: app.settings,
        site: siteFor(app),
        onFileDone: options.onFileDone,
        prefilter: options.prefilter,
        download: warcDownloadOptions(app),
        photos: matcher ? { matcher, images, maxBytes: settings.maxBytes } : null,
      },
      files,
    );
  });
  return scan;
}

/** One WARC file judged in a run's frame (a queued scan-warc's file job, in a worker). */
export function scanWarcFileIn(app: App, corpus: Corpus, ctl: JobControl, file: string): Promise<void> {
  return scanWarcFiles(ctl, { store: app.store, corpus, settings: app.settings, site: siteFor(app), download: warcDownloadOptions(app) }, [file]);
}

/** How scan-warc downloads a WARC file named by URL: the crawler's guard and client, the download's own limits. */
function warcDownloadOptions(app: App): WarcDownloadOptions {
  return { crawler: app.config.crawler, maxBytes: app.config.warc.maxDownloadBytes, timeoutMs: app.config.warc.downloadTimeoutSec * 1000 };
}

/** The checks of scan-warc before any run starts: files (local WARCs), and a corpus to judge them against. */
export async function checkWarcInputs(app: App, files: string[]): Promise<Corpus> {
  if (!files.length) throw new CopywatchError('INPUT_INVALID', 'scan-warc needs at least one WARC file');
  for (const file of files) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file) && !isWarcUrl(file)) {
      throw new CopywatchError('INPUT_INVALID', `${file.slice(0, 200)}: scan-warc reads local WARC files and http(s) URLs only`);
    }
  }
  for (const file of files) await (isWarcUrl(file) ? assertWarcUrl(file, warcDownloadOptions(app)) : assertWarcFile(file));
  const corpus = await app.corpus();
  if (!corpus.size) throw new CopywatchError('INPUT_INVALID', 'the corpus is empty: run `copywatch index` first');
  return corpus;
}

/**
 * scan-warc as a schedule runs it: the WARC files of `warc.dir` not judged yet, or changed since
 * (size or mtime; remembered in the store once read to their end). With none, the run is
 * recorded as skipped, saying so.
 */
export async function runScanWarcDir(
  app: App,
  options: JobOptions & {
    /** Runs the files through the queue (queue/warc-job.ts): each file job remembers its file once done. */
    queued?: (pending: Array<{ path: string; mark: FileMark }>) => Promise<Scan>;
  } = {},
): Promise<Scan> {
  const dir = app.config.warc.dir;
  if (!dir) throw new CopywatchError('INPUT_INVALID', 'a scheduled scan-warc needs warc.dir in the config (the folder whose WARC files it scans)');
  const pending = await unscannedWarcFiles(app.store, dir);
  if (!pending.length) {
    const scan = await app.store.scans.record({
      job: 'scan-warc',
      target: null,
      status: 'skipped',
      at: app.clock().toISOString(),
      error: `no new or changed WARC file in ${dir}`,
    });
    options.onStart?.(scan);
    return scan;
  }
  if (options.queued) return options.queued(pending);
  const marks = new Map(pending.map((p) => [p.path, p.mark]));
  return runScanWarc(
    app,
    pending.map((p) => p.path),
    { ...options, onFileDone: (file) => markWarcScanned(app.store, file, marks.get(file)!) },
  );
}
