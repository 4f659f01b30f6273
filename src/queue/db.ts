/**
 * The queue's own tables, in the store's PostgreSQL schema next to the store's tables (pg-boss
 * keeps its jobs in `<schema>_boss`):
 * - `queue_pages`: every URL a queued scan has enqueued, per scan and site, and whether it is done.
 *   A URL is enqueued once per scan and site (its primary key), whichever worker finds it; the
 *   scan is over when none of its rows is left undone.
 *   A done page keeps its own counts (pages fetched, findings, reasons): written with `done` in one
 *   transaction, so a page counts once however often its job ran, and no two workers ever wait
 *   on one shared counter row; a scan's totals are their sum.
 * - `queue_sites`: pages admitted per scan and site, against the site's maxPages.
 * - `queue_host_turns`: per origin, who holds its turn (a request under way, until its lease ends)
 *   and when its last request ended (politeness shared by every worker).
 * - `queue_host_waiters`: per origin, the workers waiting for its turn, in the order they first
 *   asked (so that no worker waits for ever while another keeps taking the turns).
 * Created at open (IF NOT EXISTS, under an advisory lock, so processes starting together agree).
 */
import pg from 'pg';
import { CopywatchError } from '../domain/index.ts';
import { mapError, redact } from '../store/postgres/db.ts';
import { lockKey } from '../store/postgres/locks.ts';

export type Client = pg.PoolClient;

const TABLES = (s: string) => `
  CREATE TABLE IF NOT EXISTS "${s}".queue_pages (
    scan_id BIGINT NOT NULL,
    site TEXT COLLATE "C" NOT NULL,
    url TEXT COLLATE "C" NOT NULL,
    depth INTEGER NOT NULL,
    kind TEXT NOT NULL,
    done BOOLEAN NOT NULL DEFAULT false,
    counts TEXT,                       -- JSON {name: n} of the page once done (counts, and reasons as "reason:...")
    PRIMARY KEY (scan_id, site, url)
  );
  CREATE INDEX IF NOT EXISTS queue_pages_pending ON "${s}".queue_pages (scan_id) WHERE NOT done;
  CREATE TABLE IF NOT EXISTS "${s}".queue_sites (
    scan_id BIGINT NOT NULL,
    site TEXT COLLATE "C" NOT NULL,
    pages INTEGER NOT NULL,            -- pages admitted so far (at most the site's maxPages)
    granted INTEGER NOT NULL,          -- what the last admission granted
    PRIMARY KEY (scan_id, site)
  );
  DROP TABLE IF EXISTS "${s}".queue_host_slots;   -- before 2026-12: next starts booked ahead
  CREATE TABLE IF NOT EXISTS "${s}".queue_host_turns (
    origin TEXT COLLATE "C" PRIMARY KEY,
    last_end TIMESTAMPTZ NOT NULL,     -- when the last request to the origin ended
    holder TEXT,                       -- who holds the turn (a request under way), or null
    holder_pid INTEGER,                -- the backend of the holder's presence connection: gone when the holder died
    lease_until TIMESTAMPTZ            -- the holder's turn ends then at the latest
  );
  CREATE TABLE IF NOT EXISTS "${s}".queue_host_waiters (
    origin TEXT COLLATE "C" NOT NULL,
    holder TEXT COLLATE "C" NOT NULL,  -- a process's state of the origin that asked for a turn and was told to wait
    since TIMESTAMPTZ NOT NULL,        -- when it first asked: turns go to the longest waiting
    seen TIMESTAMPTZ NOT NULL,         -- when it last asked: a waiter that stopped asking is passed over
    PRIMARY KEY (origin, holder)
  );
`;

/** Deadlocks and serialization failures are retried this many times in all. */
const ATTEMPTS = 4;

export class QueueDb {
  readonly name: string;

  private constructor(
    readonly pool: pg.Pool,
    readonly schema: string,
    private readonly url: string,
  ) {
    this.name = `${redact(url)} (schema ${schema})`;
  }

  /** A connection of its own, outside the pool (kept open by its owner; `end()` it). */
  async dedicated(op: string): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 10_000, application_name: 'copywatch-presence' });
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      throw mapError(error, this.name, op, 5000);
    }
    return client;
  }

  static async open(url: string, schema: string, maxConnections = 6): Promise<QueueDb> {
    const pool = new pg.Pool({
      connectionString: url,
      max: maxConnections,
      connectionTimeoutMillis: 10_000,
      application_name: 'copywatch-queue',
      idle_in_transaction_session_timeout: 60_000,
    });
    pool.on('error', () => undefined);
    const db = new QueueDb(pool, schema, url);
    await db
      .tx('creating the queue tables', async (c) => {
        await c.query('SELECT pg_advisory_xact_lock($1, $2)', lockKey(schema, 'queue-tables'));
        await c.query(TABLES(schema));
      })
      .catch(async (error) => {
        await pool.end().catch(() => undefined);
        throw error;
      });
    return db;
  }

  /** A quoted table of the schema. */
  table(name: string): string {
    return `"${this.schema}".${name}`;
  }

  async rows<R extends pg.QueryResultRow>(op: string, sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (error) {
      throw mapError(error, this.name, op, 5000);
    }
  }

  /** Runs `fn` in one transaction, retried whole after a deadlock. */
  async tx<T>(op: string, fn: (client: Client) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: Client;
      try {
        client = await this.pool.connect();
      } catch (error) {
        throw mapError(error, this.name, op, 5000);
      }
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        const code = (error as { code?: string }).code;
        if (attempt < ATTEMPTS && (code === '40P01' || code === '40001')) continue;
        throw error instanceof CopywatchError ? error : mapError(error, this.name, op, 5000);
      } finally {
        client.release(broken);
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
