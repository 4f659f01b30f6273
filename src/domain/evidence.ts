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
}
