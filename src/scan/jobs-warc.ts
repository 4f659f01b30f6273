/**
 * `copywatch scan-warc <file|url...>`: judges the HTML responses of web-archive files (local, or
 * read as they download) as a scan judges the pages it fetches (the same extraction, matching, rules, findings and evidence), the
 * record's WARC-Target-URI standing for the URL and its WARC-Date for the capture time; the
 * evidence keeps the file name, the record's offset and its WARC-Record-ID. Every other record is
 * counted as skipped with its reason; a file that ends inside a record, or is corrupt past some
 * point, ends there with its reason (a failed "page" named `file@offset`) and its earlier
 * findings kept. The fetch state of the live pages is left alone: an archived copy is not a
 * fetch of today's page.
 *
 * Most records of a real crawl hold no copy of the publisher: each page is first given the cheap
 * look of match/prefilter.ts (no tree built), and only a page one of whose shingles the corpus
 * index holds as evidence goes on to the full judgement; the others are counted as judged, with
 * the reason `passed over: no passage of the corpus`. A page whose only evidence is one shingle
 * per article gets the seed look against those originals first (`passed over: a short phrase
 * only` when no seed reaches).
 */
import { basename } from 'node:path';
import { isWarcUrl, readWarc, warcDownload, type WarcDownloadOptions, type WarcEvent } from '../crawl/index.ts';
import { prefilterLook, seedWorthJudging } from '../match/index.ts';
import type { Store } from '../store/ports.ts';
import type { Corpus } from './corpus.ts';
import { scanPage } from './jobs-scan.ts';
import { lap, stageNow, type Capture, type JudgeSettings } from './judge.ts';
import type { JobControl } from './run-job.ts';
import type { SiteExtraction } from './site-templates.ts';

export interface WarcScanDeps {
  store: Store;
  corpus: Corpus;
  settings: JudgeSettings;
  site?: (url: string) => SiteExtraction;
  /** Called once a file was read to its end (not when the run was interrupted in it). */
  onFileDone?: (file: string) => Promise<void>;
  /** The cheap look first (default true); false judges every page in full (the benchmark's baseline). */
  prefilter?: boolean;
  /** How files named by URL are downloaded (warc.maxDownloadBytes ...). */
  download?: WarcDownloadOptions;
}

/** Skips that are the nature of a web archive (requests, metadata, images, revisits of earlier crawls ...): counted, not listed by URL. */
const ORDINARY = /^(not a response|not html|not http|HTTP |revisit: )/;

export async function scanWarcFiles(ctl: JobControl, deps: WarcScanDeps, files: string[]): Promise<void> {
  for (const file of files) {
    if (ctl.signal.aborted) break;
    // A URL is read as it downloads (crawl/warc-download.ts), a path from the disk.
    const input = isWarcUrl(file) && deps.download ? warcDownload(file, deps.download) : file;
    for await (const event of readWarc(input, { maxBytes: deps.settings.maxBytes, signal: ctl.signal })) {
      await onWarcEvent(ctl, deps, file, event);
      ctl.progress.update(ctl.counts);
    }
    if (!ctl.signal.aborted) await deps.onFileDone?.(file);
  }
}

/** The pre-filter's reason to pass the page over (match/prefilter.ts), or null to judge it in full. */
async function passedOver(corpus: Corpus, body: Buffer, contentType: string | null): Promise<string | null> {
  const look = prefilterLook(corpus.index, body, contentType);
  if (look.verdict === 'none') return 'passed over: no passage of the corpus';
  if (look.verdict === 'judge') return null;
  for (const id of look.articles) {
    const original = await corpus.original(id);
    // An original gone from the store: judged in full, as the matcher would decide.
    if (!original || seedWorthJudging(original.fingerprint, look)) return null;
  }
  return 'passed over: a short phrase only';
}

async function onWarcEvent(ctl: JobControl, deps: WarcScanDeps, file: string, event: WarcEvent): Promise<void> {
  if (event.type === 'page') {
    const { page } = event;
    ctl.counts.pagesFetched++;
    if (deps.prefilter !== false) {
      const t = ctl.timings ? stageNow() : 0;
      const passed = await passedOver(deps.corpus, page.body, page.contentType);
      if (ctl.timings) lap(ctl.timings, 'prefilter', t);
      if (passed) {
        ctl.reason(passed);
        return;
      }
    }
    const capture: Capture = {
      requestedUrl: page.url,
      finalUrl: page.url,
      redirects: [],
      status: page.status,
      headers: page.headers,
      capturedAt: page.capturedAt,
      remoteAddress: null,
      sha256: page.sha256(),
      body: page.body,
      contentType: page.contentType,
      warc: page.warc,
    };
    await scanPage(ctl, deps, capture, 'scan-warc', undefined, { remember: false });
  } else if (event.type === 'skipped') {
    ctl.counts.skipped++;
    const where = `${event.url ?? `${event.warc.file}@${event.warc.offset}`}`;
    ctl.reason(`skipped: ${event.reason}`, ORDINARY.test(event.reason) ? undefined : { url: where, detail: `skipped: ${event.reason}: ${event.detail}` });
  } else {
    ctl.counts.failed++;
    ctl.reason(`failed: warc ${event.reason}`, {
      url: `${isWarcUrl(file) ? file : basename(file)}@${event.offset}`,
      detail: `failed: warc ${event.reason}: ${event.detail}`,
    });
  }
}
