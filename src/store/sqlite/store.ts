/** The SQLite store: one better-sqlite3 connection behind the async ports. */
import type { Store } from '../ports.ts';
import { SqliteArticles } from './articles.ts';
import { SqliteTemplates } from './templates.ts';
import { Connection, type SqliteOptions } from './db.ts';
import { SqliteEvidence } from './evidence.ts';
import { SqliteFetchState } from './fetch-state.ts';
import { SqliteFindings } from './findings.ts';
import { SqliteScans } from './scans.ts';
import { SqliteAccounts } from './accounts.ts';
import { SqliteAlerts } from './alerts.ts';
import { SqliteImageEvidence, SqliteImages } from './images.ts';

class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly articles: SqliteArticles;
  readonly fetchState: SqliteFetchState;
  readonly evidence: SqliteEvidence;
  readonly findings: SqliteFindings;
  readonly scans: SqliteScans;
  readonly templates: SqliteTemplates;
  readonly accounts: SqliteAccounts;
  readonly alerts: SqliteAlerts;
  readonly images: SqliteImages;
  readonly imageEvidence: SqliteImageEvidence;

  constructor(private readonly conn: Connection) {
    this.articles = new SqliteArticles(conn);
    this.fetchState = new SqliteFetchState(conn);
    this.evidence = new SqliteEvidence(conn);
    this.findings = new SqliteFindings(conn);
    this.scans = new SqliteScans(conn);
    this.templates = new SqliteTemplates(conn);
    this.accounts = new SqliteAccounts(conn);
    this.alerts = new SqliteAlerts(conn);
    this.images = new SqliteImages(conn);
    this.imageEvidence = new SqliteImageEvidence(conn);
  }

  async getBlob(key: string): Promise<Buffer | null> {
    return this.conn.read(`reading blob ${key}`, () => this.conn.stmt<Buffer>('SELECT value FROM blobs WHERE key = ?').pluck().get(key)) ?? null;
  }

  async putBlob(key: string, value: Buffer): Promise<void> {
    this.conn.write(`saving blob ${key} (${value.length} bytes)`, () => {
      this.conn.stmt('INSERT INTO blobs (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
    });
  }

  async close(): Promise<void> {
    this.conn.close();
  }
}

/**
 * Opens (creating when missing) a SQLite store: WAL journal, synchronous=NORMAL, foreign keys,
 * a busy timeout (default 5 s), migrations applied. Errors are CopywatchErrors (STORE_LOCKED,
 * STORE_READONLY, STORE_FULL, STORE_FAILED) naming the file.
 */
export async function openSqliteStore(options: SqliteOptions): Promise<Store> {
  return new SqliteStore(Connection.open(options));
}
