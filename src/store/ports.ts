/**
 * The store's ports: what the jobs, the server and the CLI need from storage, and nothing about
 * how it is kept. Adapters (sqlite/, later postgres/) implement them; the contract suite in
 * tests/store runs the same assertions against every adapter. All methods are async so that
 * synchronous (SQLite) and networked (PostgreSQL) adapters share one shape.
 *
 * Every write is atomic. Times are UTC ISO strings given by the caller (the clock is passed in).
 */
import type { AccountRepo, AlertRepo } from './ports-people.ts';
import type { EvidenceImageRepo, ImageRepo } from './ports-images.ts';
import type {
  Evidence,
  EvidenceScreenshot,
  WarcSource,
  Finding,
  FindingEvent,
  FindingKind,
  FindingStatus,
  JobKind,
  Scan,
  ScanCounts,
  ScanStatus,
  ScanFailure,
  Severity,
  SiteSummary,
  TemplateProfile,
} from '../domain/index.ts';

// ---------------------------------------------------------------- articles (the corpus)

/** An article of the publisher as the index needs it, with its text for verification and reports. */
export interface ArticleInput {
  /** Normalized URL; the article's identity. */
  url: string;
  canonicalUrl: string | null;
  /** The source (site name in the config) it was indexed from. */
  source: string;
  title: string | null;
  byline: string | null;
  publishedAt: string | null;
  credit: string | null;
  lang: string;
  text: string;
  paragraphs: string[];
  notices: string[];
  /** Chrome signature (match/chrome.ts): hashes of the page's lines outside the article. */
  chrome: Uint32Array;
  /** 64-bit simhash as 16 hex digits. */
  simhash: string;
  /** Winnowed fingerprints of the text. */
  fingerprints: Uint32Array;
  units: number;
  contentHash: number;
  /** SHA-256 of the page body it was extracted from. */
  bodySha256: string;
}

export interface StoredArticle extends ArticleInput {
  id: string;
  firstSeen: string;
  lastSeen: string;
}

/** What the corpus index is rebuilt from, without the texts. */
export interface ArticleFingerprint {
  id: string;
  simhash: string;
  fingerprints: Uint32Array;
  units: number;
  contentHash: number;
}

export interface ArticleListFilter {
  source?: string;
  /** Opaque cursor from a previous page. */
  cursor?: string;
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** Null on the last page. */
  nextCursor: string | null;
}

export interface ArticleRepo {
  /** Inserts or updates by URL; `changed` is false when the text is unchanged (lastSeen still moves). */
  upsert(input: ArticleInput, at: string): Promise<{ id: string; created: boolean; changed: boolean }>;
  get(id: string): Promise<StoredArticle | null>;
  list(filter?: ArticleListFilter): Promise<Page<Omit<StoredArticle, 'text' | 'paragraphs' | 'chrome' | 'fingerprints'>>>;
  count(): Promise<number>;
  /** Every article's fingerprints, in batches, for rebuilding the index. */
  fingerprints(batchSize?: number): AsyncIterable<ArticleFingerprint[]>;
}

// ---------------------------------------------------------------- fetch state (incremental recrawls)

export interface FetchState {
  url: string;
  etag: string | null;
  lastModified: string | null;
  sha256: string | null;
  fetchedAt: string;
  status: number;
  /** Links the page had (followed again when it answers 304), or null. */
  links: string[] | null;
}

export interface FetchStateRepo {
  get(url: string): Promise<FetchState | null>;
  put(state: FetchState): Promise<void>;
}

// ---------------------------------------------------------------- evidence

export interface EvidenceInput extends Omit<Evidence, 'id' | 'warc' | 'screenshot'> {
  /** The screenshot's facts and its PNG (kept as is), when one was asked for. */
  screenshot?: EvidenceScreenshot | null;
  screenshotPng?: Buffer | null;
  /** The raw body; the adapter keeps it compressed. Null for evidence of absence without a body. */
  body: Buffer | null;
  /** The WARC record the capture was read from (scan-warc); absent or null for a fetched page. */
  warc?: WarcSource | null;
  /** The WARC file written at fetch time (request, response as received, metadata), kept with the evidence. */
  fetchWarc?: Uint8Array | null;
}

export interface EvidenceRepo {
  add(input: EvidenceInput): Promise<number>;
  get(id: number): Promise<Evidence | null>;
  /** The stored body, decompressed, or null. */
  body(id: number): Promise<Buffer | null>;
  /** The screenshot's PNG, or null. */
  screenshot(id: number): Promise<Buffer | null>;
  /** The WARC file written when the capture was fetched, byte for byte, or null (stored before, or not fetched). */
  fetchWarc(id: number): Promise<Buffer | null>;
  /**
   * Retention (`evidence.retainDismissedDays`), the one way evidence is ever deleted (it is
   * otherwise append-only: nothing updates a row): the captures of findings dismissed whose last
   * change (last sighting, last event) is before `before`, unless another finding still rests on
   * them. The findings' and their events' references to them are cleared. Returns what it
   * deleted, per finding, for the audit trail.
   */
  pruneDismissed(before: string): Promise<PrunedEvidence[]>;
  /**
   * RFC 3161 stamps of captures' digests (`evidence.tsa`), a queue beside the append-only
   * evidence: `queueStamps` adds pending ones (a digest already queued is left as it is);
   * `stampGranted` keeps the token of a pending one (a granted token is never changed);
   * `stampFailed` counts a failed attempt and sets when to try again.
   */
  queueStamps(items: Array<{ evidenceId: number; what: StampSubject; sha256: string; tsaUrl: string }>, at: string): Promise<void>;
  /** Pending stamps due at `now` (next attempt not after it), oldest first, at most `limit`. */
  dueStamps(now: string, limit: number): Promise<EvidenceStamp[]>;
  stampsOf(evidenceId: number): Promise<EvidenceStamp[]>;
  stampGranted(evidenceId: number, what: StampSubject, token: Buffer, genTime: string, at: string): Promise<void>;
  stampFailed(evidenceId: number, what: StampSubject, error: string, nextAt: string): Promise<void>;
  /** How many stamps are still pending. */
  pendingStamps(): Promise<number>;
}

export type StampSubject = 'body' | 'screenshot';

/** One RFC 3161 stamp of a capture's digest: granted (its DER token) or pending (retried with backoff). */
export interface EvidenceStamp {
  evidenceId: number;
  what: StampSubject;
  sha256: string;
  tsaUrl: string;
  status: 'pending' | 'stamped';
  token: Buffer | null;
  genTime: string | null;
  attempts: number;
  nextAt: string;
  lastError: string | null;
  createdAt: string;
  stampedAt: string | null;
}

/** The captures `pruneDismissed` deleted of one finding: their ids and SHA-256 digests. */
export interface PrunedEvidence {
  findingId: number;
  evidence: Array<{ id: number; sha256: string }>;
}

// ---------------------------------------------------------------- findings

/** A finding as a scan records it: the store gives it its id, status and first and last sighting. */
export type FindingInput = Omit<Finding, 'id' | 'kind' | 'status' | 'firstSeen' | 'lastSeen'>;

export interface FindingFilter {
  status?: FindingStatus | FindingStatus[];
  /** Host of the suspect URL. */
  site?: string;
  /** A rule id among the violations. */
  rule?: string;
  /** This severity or higher. */
  severity?: Severity;
  /** lastSeen at or after (UTC ISO). */
  since?: string;
  articleId?: string;
  /** What was copied: `text` (text findings, with or without the photo), `image` (findings with a photo, with or without text), `text+image` (both). */
  kind?: FindingKind;
  sort?: 'lastSeen' | 'firstSeen' | 'severity' | 'containment';
  order?: 'asc' | 'desc';
  cursor?: string;
  limit?: number;
  /** false: the list leaves each finding's passages out (an empty array): for lists that show no text, it reads far less. Default true. */
  passages?: boolean;
}

export type { SiteSummary } from '../domain/index.ts';

export interface FindingRepo {
  /**
   * The same article on the same URL is one finding: created once (status open, an event from
   * `actor`), then updated (lastSeen, verdict, facts, evidence) on every sighting. A resolved
   * finding seen again is reopened (an event records it). Dismissed findings stay dismissed.
   */
  upsert(input: FindingInput, at: string, actor: string): Promise<{ finding: Finding; created: boolean; reopened: boolean }>;
  get(id: number): Promise<Finding | null>;
  list(filter?: FindingFilter): Promise<Page<Finding>>;
  count(filter?: Omit<FindingFilter, 'cursor' | 'limit' | 'sort' | 'order'>): Promise<number>;
  /**
   * Changes the status, keeping an audit event. Manual changes must follow MANUAL_TRANSITIONS
   * (else CopywatchError FINDING_TRANSITION); `system: true` (recheck) may resolve and reopen.
   */
  setStatus(
    id: number,
    to: FindingStatus,
    change: { actor: string; note?: string | null; at: string; evidenceId?: number | null; system?: boolean },
  ): Promise<Finding>;
  /**
   * The page at `url` was fetched again unchanged (a 304, or the same body): the copies on it are
   * still there, so lastSeen of its open, confirmed and notice-sent findings moves on to `at`.
   * Returns how many findings it touched.
   */
  touch(url: string, at: string): Promise<number>;
  events(id: number): Promise<FindingEvent[]>;
  /**
   * A recheck found at `at` that the finding's host name does not resolve. Returns since when it
   * has not: the first `at` of this run of failed lookups (kept until `resolvedAgain`).
   */
  markUnresolved(id: number, at: string): Promise<string>;
  /** A recheck reached the finding's host: a run of failed lookups, if any, is over. */
  resolvedAgain(id: number): Promise<void>;
  /** Findings a recheck looks at: open, confirmed, notice-sent and resolved. */
  forRecheck(limit?: number): Promise<Finding[]>;
  sites(): Promise<SiteSummary[]>;
  /**
   * A number that changes whenever a finding or its rules are written, by any process on this
   * store (a database trigger keeps it): what a cache of lists, counts and summaries keys on.
   */
  version(): Promise<number>;
  /** Findings first seen per UTC day, for the last `days` days. */
  perDay(days: number, now: string): Promise<Array<{ day: string; count: number }>>;
}

// ---------------------------------------------------------------- scans

export interface ScanRepo {
  /**
   * Starts a run. Refuses (CopywatchError JOB_RUNNING, naming the other run) while another job
   * holds the database, unless that one is stale (no heartbeat for `staleAfterMs`), which is then
   * marked interrupted.
   */
  start(input: { job: JobKind; target: string | null; owner: string; at: string; staleAfterMs?: number }): Promise<Scan>;
  heartbeat(id: number, counts: ScanCounts, reasons: Record<string, number>, at: string): Promise<void>;
  finish(
    id: number,
    status: Exclude<ScanStatus, 'running'>,
    counts: ScanCounts,
    reasons: Record<string, number>,
    at: string,
    error?: string | null,
  ): Promise<Scan>;
  /** A run that did not happen (skipped because the previous one still runs, or missed). */
  record(input: { job: JobKind; target: string | null; status: 'skipped' | 'missed'; at: string; error: string }): Promise<Scan>;
  get(id: number): Promise<Scan | null>;
  list(limit?: number): Promise<Scan[]>;
  /** The latest run of a job (any status), or null. */
  latest(job: JobKind, target?: string | null): Promise<Scan | null>;
  /** Lists pages of a run that failed or held no article: a URL once per run, MAX_LISTED_FAILURES at most (the rest are dropped). */
  addFailures(id: number, failures: ScanFailure[]): Promise<void>;
  /** The listed failed pages of a run, in the order they were listed. */
  failures(id: number, limit?: number): Promise<ScanFailure[]>;
}

// ---------------------------------------------------------------- site templates (learned from a site's pages)

export interface StoredTemplate {
  /** The host whose pages it was learned from (lower case). */
  host: string;
  profile: TemplateProfile;
  updatedAt: string;
}

/** Each host's template profile (extract/profile.ts), kept between runs: one row a host, replaced whole. */
export interface TemplateRepo {
  /** The host's profile, or null (none yet, or a row that no longer reads as one). */
  get(host: string): Promise<StoredTemplate | null>;
  put(host: string, profile: TemplateProfile, at: string): Promise<void>;
}

export type { ProtectedImageInput, StoredImage } from './ports-images.ts';
export type { AccountRepo, AlertDelivery, AlertEvent, AlertInput, AlertRepo, QueuedAlert, StoredSession } from './ports-people.ts';

// ---------------------------------------------------------------- the store

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  articles: ArticleRepo;
  fetchState: FetchStateRepo;
  evidence: EvidenceRepo;
  findings: FindingRepo;
  scans: ScanRepo;
  templates: TemplateRepo;
  accounts: AccountRepo;
  alerts: AlertRepo;
  /** The publisher's photos. */
  images: ImageRepo;
  /** The bytes of the images image findings name (their original and the copy), kept as evidence. */
  imageEvidence: EvidenceImageRepo;
  /** Key/value blobs (the saved corpus index, schedule bookkeeping). */
  getBlob(key: string): Promise<Buffer | null>;
  putBlob(key: string, value: Buffer): Promise<void>;
  close(): Promise<void>;
}
