/**
 * The rows every store adapter keeps (the same columns under SQLite and PostgreSQL) and the
 * domain values they hold, so that the adapters give back exactly the same objects.
 */
import {
  EMPTY_COUNTS,
  type Evidence,
  type Finding,
  type FindingEvent,
  type FindingFacts,
  type FindingKind,
  type FindingStatus,
  type JobKind,
  type Passage,
  type Scan,
  type ScanCounts,
  type ScanStatus,
  type Severity,
  type Verdict,
  type Violation,
} from '../domain/index.ts';
import type { ArticleFingerprint, EvidenceStamp, FetchState, Page, StoredArticle } from './ports.ts';
import { encodeCursor } from './common.ts';
import { blobToU32, fromJson } from './codec.ts';

// ---------------------------------------------------------------- articles

export type ArticleSummary = Omit<StoredArticle, 'text' | 'paragraphs' | 'chrome' | 'fingerprints'>;

export interface SummaryRow {
  id: number;
  url: string;
  canonical_url: string | null;
  source: string;
  title: string | null;
  byline: string | null;
  published_at: string | null;
  credit: string | null;
  lang: string;
  notices: string;
  simhash: string;
  units: number;
  content_hash: number;
  body_sha256: string;
  first_seen: string;
  last_seen: string;
}

export interface ArticleRow extends SummaryRow {
  text: string;
  paragraphs: string;
  chrome: Buffer;
  fingerprints: Buffer;
}

export const ARTICLE_SUMMARY_COLUMNS =
  'id, url, canonical_url, source, title, byline, published_at, credit, lang, notices, simhash, units, content_hash, body_sha256, first_seen, last_seen';
export const ARTICLE_COLUMNS = `${ARTICLE_SUMMARY_COLUMNS}, text, paragraphs, chrome, fingerprints`;

function summaryOf(row: SummaryRow): ArticleSummary {
  return {
    id: String(row.id),
    url: row.url,
    canonicalUrl: row.canonical_url,
    source: row.source,
    title: row.title,
    byline: row.byline,
    publishedAt: row.published_at,
    credit: row.credit,
    lang: row.lang,
    notices: fromJson<string[]>(row.notices),
    simhash: row.simhash,
    units: row.units,
    contentHash: row.content_hash,
    bodySha256: row.body_sha256,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
  };
}

export function articleOf(row: ArticleRow): StoredArticle {
  return {
    ...summaryOf(row),
    text: row.text,
    paragraphs: fromJson<string[]>(row.paragraphs),
    chrome: blobToU32(row.chrome, `the chrome of article ${row.id}`),
    fingerprints: blobToU32(row.fingerprints, `the fingerprints of article ${row.id}`),
  };
}

/** A page of the article list, from its rows read with limit + 1. */
export function articlePage(rows: SummaryRow[], limit: number): Page<ArticleSummary> {
  return { items: rows.slice(0, limit).map(summaryOf), nextCursor: rows.length > limit ? encodeCursor('articles', [rows[limit - 1].id]) : null };
}

/** What the corpus index and the verification use of an article: an upsert that changes any of it `changed` the article. */
export type IndexedContent = Pick<ArticleRow, 'text' | 'simhash' | 'chrome' | 'fingerprints'>;

export function contentChanged(old: IndexedContent, next: IndexedContent): boolean {
  return old.text !== next.text || old.simhash !== next.simhash || !old.fingerprints.equals(next.fingerprints) || !old.chrome.equals(next.chrome);
}

export type FingerprintRow = Pick<ArticleRow, 'id' | 'simhash' | 'fingerprints' | 'units' | 'content_hash'>;

export const FINGERPRINT_COLUMNS = 'id, simhash, fingerprints, units, content_hash';

export function fingerprintOf(row: FingerprintRow): ArticleFingerprint {
  return {
    id: String(row.id),
    simhash: row.simhash,
    fingerprints: blobToU32(row.fingerprints, `the fingerprints of article ${row.id}`),
    units: row.units,
    contentHash: row.content_hash,
  };
}

// ---------------------------------------------------------------- fetch state

export interface FetchStateRow {
  url: string;
  etag: string | null;
  last_modified: string | null;
  sha256: string | null;
  fetched_at: string;
  status: number;
  links: string | null;
}

export const FETCH_STATE_COLUMNS = 'url, etag, last_modified, sha256, fetched_at, status, links';

export function fetchStateOf(row: FetchStateRow): FetchState {
  return {
    url: row.url,
    etag: row.etag,
    lastModified: row.last_modified,
    sha256: row.sha256,
    fetchedAt: row.fetched_at,
    status: row.status,
    links: row.links === null ? null : fromJson<string[]>(row.links),
  };
}

// ---------------------------------------------------------------- evidence

export interface EvidenceRow {
  id: number;
  requested_url: string;
  final_url: string;
  redirects: string;
  status: number;
  headers: string;
  captured_at: string;
  remote_address: string | null;
  sha256: string;
  size: number;
  article_text: string | null;
  page_text: string | null;
  note: string | null;
  warc_file: string | null;
  /** BIGINT: node-postgres returns it as a string. */
  warc_offset: number | string | null;
  warc_record_id: string | null;
  screenshot_sha256: string | null;
  screenshot_size: number | null;
  screenshot_taken_at: string | null;
  screenshot_note: string | null;
}

export const EVIDENCE_COLUMNS =
  'id, requested_url, final_url, redirects, status, headers, captured_at, remote_address, sha256, size, article_text, page_text, note, warc_file, warc_offset, warc_record_id, screenshot_sha256, screenshot_size, screenshot_taken_at, screenshot_note';

export function evidenceOf(row: EvidenceRow): Evidence {
  return {
    id: row.id,
    requestedUrl: row.requested_url,
    finalUrl: row.final_url,
    redirects: fromJson<string[]>(row.redirects),
    status: row.status,
    headers: fromJson<Record<string, string>>(row.headers),
    capturedAt: row.captured_at,
    remoteAddress: row.remote_address,
    sha256: row.sha256,
    size: row.size,
    articleText: row.article_text,
    pageText: row.page_text,
    note: row.note,
    warc: row.warc_file === null ? null : { file: row.warc_file, offset: Number(row.warc_offset ?? 0), recordId: row.warc_record_id ?? '' },
    screenshot:
      row.screenshot_sha256 === null && row.screenshot_note === null
        ? null
        : { sha256: row.screenshot_sha256, size: row.screenshot_size, takenAt: row.screenshot_taken_at, note: row.screenshot_note },
  };
}

export interface StampRow {
  evidence_id: number | string;
  what: string;
  sha256: string;
  tsa_url: string;
  status: string;
  token: Buffer | null;
  gen_time: string | null;
  attempts: number;
  next_at: string;
  last_error: string | null;
  created_at: string;
  stamped_at: string | null;
}

export const STAMP_COLUMNS = 'evidence_id, what, sha256, tsa_url, status, token, gen_time, attempts, next_at, last_error, created_at, stamped_at';

export function stampOf(r: StampRow): EvidenceStamp {
  return {
    evidenceId: Number(r.evidence_id),
    what: r.what === 'screenshot' ? 'screenshot' : 'body',
    sha256: r.sha256,
    tsaUrl: r.tsa_url,
    status: r.status === 'stamped' ? 'stamped' : 'pending',
    token: r.token ? Buffer.from(r.token) : null,
    genTime: r.gen_time,
    attempts: Number(r.attempts),
    nextAt: r.next_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    stampedAt: r.stamped_at,
  };
}

// ---------------------------------------------------------------- findings

export interface FindingRow {
  id: number;
  article_id: string;
  article_url: string;
  article_title: string | null;
  url: string;
  host: string;
  verdict: string;
  containment: number;
  matched_chars: number;
  facts: string;
  violations: string;
  severity: string;
  severity_rank: number;
  status: string;
  first_seen: string;
  last_seen: string;
  evidence_id: number | null;
  passages: string;
  scope: string;
  kind: string;
}

export const FINDING_COLUMNS = `id, article_id, article_url, article_title, url, host, verdict, containment, matched_chars, facts, violations,
  severity, severity_rank, status, first_seen, last_seen, evidence_id, passages, scope, kind`;

/** The same with the passages left out, read as an empty list (list({passages: false})). */
export const FINDING_COLUMNS_WITHOUT_PASSAGES = FINDING_COLUMNS.replace('passages', `'[]' AS passages`);

export function findingOf(row: FindingRow): Finding {
  return {
    id: row.id,
    kind: row.kind as FindingKind,
    articleId: row.article_id,
    articleUrl: row.article_url,
    articleTitle: row.article_title,
    url: row.url,
    host: row.host,
    verdict: row.verdict as Verdict,
    containment: row.containment,
    matchedChars: row.matched_chars,
    facts: fromJson<FindingFacts>(row.facts),
    violations: fromJson<Violation[]>(row.violations),
    severity: row.severity as Severity,
    status: row.status as FindingStatus,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    evidenceId: row.evidence_id,
    passages: fromJson<Passage[]>(row.passages),
    scope: row.scope as Finding['scope'],
  };
}

export interface EventRow {
  finding_id: number;
  at: string;
  actor: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
  evidence_id: number | null;
}

export const EVENT_COLUMNS = 'finding_id, at, actor, from_status, to_status, note, evidence_id';

export function eventOf(r: EventRow): FindingEvent {
  return {
    findingId: r.finding_id,
    at: r.at,
    actor: r.actor,
    from: r.from_status as FindingStatus | null,
    to: r.to_status as FindingStatus,
    note: r.note,
    evidenceId: r.evidence_id,
  };
}

// ---------------------------------------------------------------- scans

export interface ScanRow {
  id: number;
  job: string;
  target: string | null;
  status: string;
  started_at: string;
  ended_at: string | null;
  counts: string;
  reasons: string;
  error: string | null;
  owner: string | null;
  heartbeat_at: string | null;
}

export const SCAN_COLUMNS = 'id, job, target, status, started_at, ended_at, counts, reasons, error, owner, heartbeat_at';

export function scanOf(row: ScanRow): Scan {
  return {
    id: row.id,
    job: row.job as JobKind,
    target: row.target,
    status: row.status as ScanStatus,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    counts: { ...EMPTY_COUNTS, ...fromJson<Partial<ScanCounts>>(row.counts) },
    reasons: fromJson<Record<string, number>>(row.reasons),
    error: row.error,
    owner: row.owner,
    heartbeatAt: row.heartbeat_at,
  };
}

/** Why a new run may not start while `run` is running (JOB_RUNNING), or null when `run` is stale at `at`. */
export function runningConflict(run: ScanRow, at: string, staleAfterMs: number): string | null {
  const beat = run.heartbeat_at ?? run.started_at;
  if (Date.parse(at) - Date.parse(beat) >= staleAfterMs) return null;
  return `a scan is already running on this database (run #${run.id} by ${run.owner ?? 'an unknown process'} since ${run.started_at}: ${run.job}${run.target ? ` of ${run.target}` : ''}, last heartbeat ${beat})`;
}

/**
 * Whether a run of `job` may start while a live run of `running` holds the database. A manual
 * check (one URL, a few seconds) runs beside anything, and anything beside it: a rights officer
 * can check a URL while a scan runs. Runs of scan-warc (no crawling: files read, findings upserted)
 * run beside each other, so that several processes can split a crawl segment's files. Jobs that
 * crawl (index, scan, recheck) run one at a time, and not beside scan-warc.
 */
export function runsBeside(job: JobKind, running: JobKind): boolean {
  return job === 'check' || running === 'check' || (job === 'scan-warc' && running === 'scan-warc');
}

/** The error a stale run is marked interrupted with. */
export function staleNote(run: ScanRow, owner: string, job: JobKind): string {
  return `no heartbeat since ${run.heartbeat_at ?? run.started_at}; marked interrupted by ${owner} starting a ${job} run`;
}

export const DEFAULT_STALE_AFTER_MS = 120_000;
