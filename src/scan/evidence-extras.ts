/**
 * What a capture gets besides its body when the config asks for it: a screenshot of the page
 * (`evidence.screenshot`, headless Chromium: src/crawl/screenshot.ts). Never stops a capture: a
 * screenshot that cannot be taken is recorded as missing, with the reason.
 */
import type { LoadedConfig } from '../config/index.ts';
import { PageScreenshots, type Lookup, type ScreenshotResult } from '../crawl/index.ts';
import type { EvidenceScreenshot } from '../domain/index.ts';
import type { StampSubject, Store } from '../store/ports.ts';
import { CaptureStamps } from './tsa-stamp.ts';

export interface EvidenceExtras {
  /** A full-page PNG of the page at a URL, or why there is none. */
  screenshot?(url: string): Promise<ScreenshotResult>;
  /** Stamps a stored capture's digests (RFC 3161, `evidence.tsa`), or queues them while the TSA is down. */
  stamp?(evidenceId: number, digests: Array<{ what: StampSubject; sha256: string }>): Promise<void>;
  close(): Promise<void>;
}

const NOTE_MAX = 2000;

/** The extras the config asks for (none: an object that adds nothing). */
export function evidenceExtras(config: LoadedConfig, store: Store, clock: () => Date, lookup?: Lookup): EvidenceExtras {
  const e = config.evidence;
  const stamps = e.tsa ? new CaptureStamps(store, e.tsa, config.crawler.userAgent, clock) : null;
  const stamp = stamps ? { stamp: (id: number, digests: Array<{ what: StampSubject; sha256: string }>) => stamps.capture(id, digests) } : {};
  if (!e.screenshot) return { ...stamp, close: async () => undefined };
  const c = config.crawler;
  const shots = new PageScreenshots(
    {
      executable: e.chromium,
      timeoutMs: e.screenshotTimeoutMs,
      width: 1280,
      maxHeight: e.screenshotMaxHeight,
      maxRequests: 200,
      maxTotalBytes: 4 * c.maxBytes,
      crawler: {
        userAgent: c.userAgent,
        maxBytes: c.maxBytes,
        timeoutMs: c.timeoutMs,
        resolve: c.resolve,
        allowHosts: c.allowHosts,
        allowPrivate: c.allowPrivate,
      },
      lookup,
    },
    clock,
  );
  return { ...stamp, screenshot: (url) => shots.take(url), close: () => shots.close() };
}

/** The screenshot's facts and PNG for the store, from what the browser gave (or why it did not). */
export async function takeScreenshot(
  extras: EvidenceExtras | undefined,
  url: string,
): Promise<{ screenshot: EvidenceScreenshot | null; screenshotPng: Buffer | null }> {
  if (!extras?.screenshot) return { screenshot: null, screenshotPng: null };
  const r = await extras.screenshot(url);
  if (!r.ok) return { screenshot: { sha256: null, size: null, takenAt: null, note: `missing: ${r.reason}`.slice(0, NOTE_MAX) }, screenshotPng: null };
  const notes: string[] = [];
  if (r.cut) notes.push(`cut at ${r.height} px (the page is taller)`);
  if (r.blocked.length) notes.push(`refused: ${r.blocked.join('; ')}`);
  return {
    screenshot: { sha256: r.sha256, size: r.png.length, takenAt: r.takenAt, note: notes.length ? notes.join('; ').slice(0, NOTE_MAX) : null },
    screenshotPng: r.png,
  };
}
