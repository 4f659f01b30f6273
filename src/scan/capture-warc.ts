/**
 * The WARC of a fetched capture, written when it is stored (src/report/warc-fetch.ts), or null
 * when the capture has no HTTP exchange to write (read from a web archive, or made by hand).
 * A WARC that cannot be written never stops the capture: the export then rebuilds one.
 */
import { fetchWarc } from '../report/warc-fetch.ts';
import type { Capture } from './judge.ts';
import { toolVersion } from './tool-version.ts';

export async function warcOfCapture(capture: Capture, note: string | null = null): Promise<Uint8Array | null> {
  if (!capture.wire?.response || capture.warc) return null;
  try {
    return await fetchWarc({
      requestedUrl: capture.requestedUrl,
      finalUrl: capture.finalUrl,
      redirects: capture.redirects,
      status: capture.status,
      capturedAt: capture.capturedAt,
      remoteAddress: capture.remoteAddress,
      sha256: capture.sha256,
      body: capture.body,
      exchange: capture.wire,
      software: `copywatch/${toolVersion()}`,
      note,
    });
  } catch {
    return null;
  }
}
