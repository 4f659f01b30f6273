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
import { countPhotoSkips, scanPage } from './jobs-scan.ts';
import { lap, stageNow, type Capture, type JudgeSettings } from './judge.ts';
import type { JobControl } from './run-job.ts';
import type { SiteExtraction } from './site-templates.ts';
import type { ImagePort } from './crawl-port.ts';
import type { PhotoMatcher } from './photos.ts';

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
  /**
   * Photos: the pages' images are looked up among the file's image responses near the page
   * (WarcImages, the matcher's port for suspects), never fetched live. Null or absent: text only.
   */
  photos?: { matcher: PhotoMatcher; images: WarcImages; maxBytes: number } | null;
}

/** Records after a page within which its images are looked for (a crawler writes a page's images soon after it). */
const LOOKAHEAD_RECORDS = 100;
/** Pages held meanwhile at most (bytes of their bodies); past it the oldest is judged at once. */
const HELD_BYTES = 64 * 1024 * 1024;
/** Image responses kept for the pages around them: the latest, at most this many and bytes. */
const IMAGE_WINDOW = { records: 256, bytes: 128 * 1024 * 1024 };

/**
 * The image responses of a WARC file near the page being judged, as the photo matcher's port: an
 * image in the window is "fetched" from it (its bytes as archived); one not in it is counted and
 * not looked up (an archived page's images are never fetched live).
 */
export class WarcImages implements ImagePort {
  private readonly byUrl = new Map<string, Extract<WarcEvent, { type: 'image' }>>();
  /** The path of each image of the window (when it has one beyond "/"), as bytes to look for in pages. */
  private readonly paths = new Map<string, Buffer>();
  private bytes = 0;
  /** Images a page named that the window did not hold, since last read. */
  missing = 0;

  remember(image: Extract<WarcEvent, { type: 'image' }>): void {
    this.forget(image.url);
    this.byUrl.set(image.url, image);
    this.bytes += image.body.length;
    const path = pathOf(image.url);
    if (path) this.paths.set(image.url, Buffer.from(path));
    while (this.byUrl.size > IMAGE_WINDOW.records || this.bytes > IMAGE_WINDOW.bytes) this.forget(this.byUrl.keys().next().value as string);
  }

  private forget(url: string): void {
    const old = this.byUrl.get(url);
    if (!old) return;
    this.bytes -= old.body.length;
    this.byUrl.delete(url);
    this.paths.delete(url);
  }

  /** Whether the page's bytes name an image of the window (its path): such a page is judged even when its text is passed over. */
  named(body: Buffer): boolean {
    for (const path of this.paths.values()) if (body.includes(path)) return true;
    return false;
  }

  async fetchImage(url: string): ReturnType<ImagePort['fetchImage']> {
    const image = this.byUrl.get(url);
    if (!image) {
      this.missing++;
      return { notModified: true };
    }
    return {
      notModified: false,
      record: { finalUrl: image.url, body: image.body, sha256: image.sha256, headers: image.headers, capturedAt: image.capturedAt },
    };
  }
}

/** A URL's path when it is more than "/" (an image named by it in a page), else null. */
function pathOf(url: string): string | null {
  try {
    const { pathname } = new URL(url);
    return pathname.length > 1 ? pathname : null;
  } catch {
    return null; // not a URL: never named
  }
}

/** Skips that are the nature of a web archive (requests, metadata, images, revisits of earlier crawls ...): counted, not listed by URL. */
const ORDINARY = /^(not a response|not html|not http|HTTP |revisit: )/;

export async function scanWarcFiles(ctl: JobControl, deps: WarcScanDeps, files: string[]): Promise<void> {
  const { photos } = deps;
  for (const file of files) {
    if (ctl.signal.aborted) break;
    // A URL is read as it downloads (crawl/warc-download.ts), a path from the disk.
    const input = isWarcUrl(file) && deps.download ? warcDownload(file, deps.download) : file;
    // With photos, a page is judged once LOOKAHEAD_RECORDS more records were read (its images are then in the window).
    const held: Array<{ event: Extract<WarcEvent, { type: 'page' }>; at: number }> = [];
    let heldBytes = 0;
    let read = 0;
    const judgeHeld = async (all: boolean) => {
      while (held.length && (all || read - held[0].at > LOOKAHEAD_RECORDS || heldBytes > HELD_BYTES)) {
        const { event } = held.shift()!;
        heldBytes -= event.page.body.length;
        if (!ctl.signal.aborted) await onWarcEvent(ctl, deps, file, event);
      }
    };
    const images = photos ? { maxBytes: photos.maxBytes } : undefined;
    for await (const event of readWarc(input, { maxBytes: deps.settings.maxBytes, signal: ctl.signal, images })) {
      read++;
      if (event.type === 'image') {
        photos?.images.remember(event);
        ctl.counts.skipped++;
        ctl.reason('skipped: not html'); // as before: the image is no page of its own
      } else if (event.type === 'page' && photos) {
        held.push({ event, at: read });
        heldBytes += event.page.body.length;
      } else await onWarcEvent(ctl, deps, file, event);
      await judgeHeld(false);
      ctl.progress.update(ctl.counts);
    }
    await judgeHeld(true);
    ctl.progress.update(ctl.counts);
    if (!ctl.signal.aborted) await deps.onFileDone?.(file);
  }
  if (photos) {
    countPhotoSkips(ctl, photos.matcher);
    for (let i = 0; i < photos.images.missing; i++) ctl.reason('image not in the WARC file near its page');
    photos.images.missing = 0;
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
      // A page that names an archived image near it is judged in full for its photos, whatever its text.
      if (passed && !deps.photos?.images.named(page.body)) {
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
    await scanPage(ctl, { ...deps, photos: deps.photos?.matcher ?? null }, capture, 'scan-warc', undefined, { remember: false });
  } else if (event.type === 'image') {
    // Read only when photos are on (scanWarcFiles keeps it).
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
