/** A run of a job, with its counts: the record every job leaves. */

export type JobKind = 'index' | 'scan' | 'check' | 'recheck' | 'discover' | 'scan-warc';
export type ScanStatus = 'running' | 'done' | 'failed' | 'interrupted' | 'skipped' | 'missed';

export interface ScanCounts {
  pagesFetched: number;
  pagesQueued: number;
  notModified: number;
  skipped: number;
  failed: number;
  articles: number;
  matches: number;
  findingsNew: number;
  findingsUpdated: number;
  findingsResolved: number;
  findingsReopened: number;
}

export const EMPTY_COUNTS: ScanCounts = {
  pagesFetched: 0,
  pagesQueued: 0,
  notModified: 0,
  skipped: 0,
  failed: 0,
  articles: 0,
  matches: 0,
  findingsNew: 0,
  findingsUpdated: 0,
  findingsResolved: 0,
  findingsReopened: 0,
};

export interface Scan {
  id: number;
  job: JobKind;
  target: string | null;
  status: ScanStatus;
  startedAt: string;
  endedAt: string | null;
  counts: ScanCounts;
  /** Reasons pages were skipped or failed, counted (`robots: disallowed`, `CRAWL_TIMEOUT` ...). */
  reasons: Record<string, number>;
  error: string | null;
  /** Process that runs it (host:pid), to tell a live run from an interrupted one. */
  owner: string | null;
  heartbeatAt: string | null;
}

/** A page of a run that failed or held no article: which, why, when (at most MAX_LISTED_FAILURES a run). */
export interface ScanFailure {
  url: string;
  /** `failed: CRAWL_HTTP_STATUS: http://… answered HTTP 503`, `no article: no-text: the page holds no article text`. */
  reason: string;
  at: string;
}

/** A run lists at most this many of its failed pages (all are counted in its reasons). */
export const MAX_LISTED_FAILURES = 1000;
