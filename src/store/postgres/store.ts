/** The PostgreSQL store: a pg pool behind the async ports, for several processes and machines. */
import type { Store } from '../ports.ts';
import { PgArticles } from './articles.ts';
import { PgTemplates } from './templates.ts';
import { PgConnection, type PostgresOptions } from './db.ts';
import { PgEvidence } from './evidence.ts';
import { PgFetchState } from './fetch-state.ts';
import { PgFindings } from './findings.ts';
import { PgScans } from './scans.ts';
import { PgAccounts } from './accounts.ts';
import { PgAlerts } from './alerts.ts';
import { PgImageEvidence, PgImages } from './images.ts';

/** Blobs are read in parts of this many bytes (a corpus snapshot of a million articles is ~400 MB). */
const BLOB_CHUNK = 64 * 1024 * 1024;

class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly articles: PgArticles;
  readonly fetchState: PgFetchState;
  readonly evidence: PgEvidence;
  readonly findings: PgFindings;
  readonly scans: PgScans;
  readonly templates: PgTemplates;
  readonly accounts: PgAccounts;
  readonly alerts: PgAlerts;
  readonly images: PgImages;
  readonly imageEvidence: PgImageEvidence;
  private readonly blobs: string;

  constructor(private readonly conn: PgConnection) {
    this.articles = new PgArticles(conn);
    this.fetchState = new PgFetchState(conn);
    this.evidence = new PgEvidence(conn);
    this.findings = new PgFindings(conn);
    this.scans = new PgScans(conn);
    this.templates = new PgTemplates(conn);
    this.accounts = new PgAccounts(conn);
    this.alerts = new PgAlerts(conn);
    this.images = new PgImages(conn);
    this.imageEvidence = new PgImageEvidence(conn);
    this.blobs = conn.table('blobs');
  }

  async getBlob(key: string): Promise<Buffer | null> {
    // One round trip for a blob of one part: its size, and its value when that fits in a part.
    const head = await this.conn.row<{ size: number; value: Buffer | null }>(
      `reading blob ${key}`,
      `SELECT octet_length(value) AS size, CASE WHEN octet_length(value) <= $2 THEN value END AS value FROM ${this.blobs} WHERE key = $1`,
      [key, BLOB_CHUNK],
    );
    if (!head) return null;
    if (head.value) return head.value;
    const { size } = head;
    // bytea comes as hex text: one value over 256 MB would be a string longer than V8 allows. In parts.
    const parts: Buffer[] = [];
    for (let at = 0; at < size; at += BLOB_CHUNK) {
      const part = await this.conn.row<{ value: Buffer }>(
        `reading blob ${key} (${at} of ${size} bytes)`,
        `SELECT substring(value FROM $2 FOR $3) AS value FROM ${this.blobs} WHERE key = $1`,
        [key, at + 1, BLOB_CHUNK],
      );
      if (!part) return null; // removed meanwhile
      parts.push(part.value);
    }
    return Buffer.concat(parts);
  }

  async putBlob(key: string, value: Buffer): Promise<void> {
    await this.conn.rows(
      `saving blob ${key} (${value.length} bytes)`,
      `INSERT INTO ${this.blobs} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [key, value],
    );
  }

  async close(): Promise<void> {
    await this.conn.close();
  }
}

/**
 * Opens a PostgreSQL store: a connection pool on `url`, the tables in `schema` (default
 * `public`, created when missing), migrations applied under an advisory lock. Errors are
 * CopywatchErrors (STORE_LOCKED, STORE_READONLY, STORE_FULL, STORE_FAILED) naming the database
 * (its URL without the password) and the schema.
 */
export async function openPostgresStore(options: PostgresOptions): Promise<Store> {
  return new PostgresStore(await PgConnection.open(options));
}
