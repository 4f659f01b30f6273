/** What a fetch proves: kept for every page that ends up in a finding. */

export interface Evidence {
  id: number;
  /** The URL asked for, and the one the body came from. */
  requestedUrl: string;
  finalUrl: string;
  redirects: string[];
  status: number;
  /** Selected response headers (content-type, last-modified, etag, server, date ...). */
  headers: Record<string, string>;
  /** UTC ISO time of the capture. */
  capturedAt: string;
  /** IP:port the crawler connected to. */
  remoteAddress: string | null;
  /** SHA-256 (hex) of the body as received after content decoding. */
  sha256: string;
  /** Size of that body in bytes. */
  size: number;
  /** The article text extracted from the capture (passages point into it, or into the page text). */
  articleText: string | null;
  pageText: string | null;
  /** Why the capture shows no copy, for evidence of removal (`HTTP 404`, `text no longer present`). */
  note: string | null;
  /** Where the capture came from when it was read from a web archive (scan-warc), else null. */
  warc: WarcSource | null;
  /** The screenshot of the page (`evidence.screenshot`), or why there is none; null when none was asked for. */
  screenshot?: EvidenceScreenshot | null;
}

/** A full-page PNG of the page as headless Chromium rendered it at capture. */
export interface EvidenceScreenshot {
  /** SHA-256 (hex) and size of the PNG; null when there is none (`note` says why). */
  sha256: string | null;
  size: number | null;
  /** UTC ISO time it was taken. */
  takenAt: string | null;
  /** What it lacks (cut at the height limit, requests refused) or why it is missing. */
  note: string | null;
}

/** A capture read from a WARC file: the file, the byte offset of its record, and the record's WARC-Record-ID. */
export interface WarcSource {
  /** The WARC file's name as given (a path's base name: `CC-MAIN-…-00042.warc.gz`). */
  file: string;
  /** Byte offset of the record in the file (of its gzip member, for a .warc.gz): where `warcio extract` or a CDX index finds it. */
  offset: number;
  /** The record's WARC-Record-ID (`<urn:uuid:…>`). */
  recordId: string;
}

/**
 * The HTTP exchange of a fetch as it happened on the wire, for the WARC written at fetch time:
 * the request copywatch sent (its last hop, after redirects) and the response as received.
 */
export interface HttpExchange {
  request: {
    method: string;
    url: string;
    /** The request headers given to the HTTP client, `host` first, in order. */
    headers: Array<[string, string]>;
  } | null;
  response: {
    status: number;
    statusText: string;
    /** Every response header as received (lower-case names, repeated ones one pair each). */
    headers: Array<[string, string]>;
    /**
     * The body as received on the wire (still content-encoded, transfer-decoded) when it had a
     * Content-Encoding and fitted the size cap; null when the decoded body is those bytes
     * (no Content-Encoding) or the encoded bytes were over the cap (`encodedDropped`).
     */
    encodedBody: Buffer | null;
    encodedDropped: boolean;
  } | null;
}
