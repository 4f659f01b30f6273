/**
 * The PostgreSQL connection: a pg pool, the schema every table lives in, reads, write
 * transactions (retried on a deadlock), and the mapping of PostgreSQL's errors to CopywatchErrors
 * with stable codes and one-line messages that name the database and the operation.
 */
import { Pool, types as pgTypes, type PoolClient, type QueryResultRow } from 'pg';
import { CopywatchError } from '../../domain/index.ts';
import { closedError, failedError, fullError, lockedError, oneLine, readonlyError, refusedError } from '../errors.ts';
import { MIGRATIONS, migrate, type Migration } from './migrations.ts';

export interface PostgresOptions {
  /** A connection URL, `postgres://user:pass@host:5432/db`. */
  url: string;
  /** The schema (namespace) that holds copywatch's tables, created when missing. Default `public`. */
  schema?: string;
  /** Connections the pool opens at most. Default 10. */
  maxConnections?: number;
  /** How long a statement waits for a row or lock another process holds before STORE_LOCKED (ms). Default 5000. */
  lockTimeoutMs?: number;
  /** How long to wait for a connection before STORE_FAILED (ms). Default 10000. */
  connectTimeoutMs?: number;
  /** The migrations to apply (tests only). Default the adapter's. */
  migrations?: readonly Migration[];
}

const DEFAULT_SCHEMA = 'public';
const DEFAULT_LOCK_TIMEOUT_MS = 5000;
/** A schema name copywatch accepts: lower-case letters, digits and `_`, so that it needs no quoting anywhere. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Deadlocks and serialization failures: the transaction is rolled back whole and run again, up to this many times. */
const ATTEMPTS = 3;

/**
 * int8 (ids, counts, sizes) as numbers, not strings: every id and count copywatch keeps stays far
 * below 2^53. Given to the pool only, so that other users of pg in the process are not affected.
 */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pgTypes.builtins.INT8 && format !== 'binary' ? Number : pgTypes.getTypeParser(oid, format as 'text')) as typeof pgTypes.getTypeParser,
};

/**
 * PostgreSQL text cannot hold U+0000; SQLite can. A NUL in a string becomes U+FFFD (one UTF-16
 * unit too, so offsets into the text stay right). JSON is unaffected (JSON.stringify escapes NUL).
 */
export function storedText(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
}

function param(value: unknown): unknown {
  if (typeof value === 'string') return storedText(value);
  if (Array.isArray(value)) return value.map(param);
  return value;
}

/** What a transaction runs statements with. */
export class Tx {
  constructor(private readonly client: PoolClient) {}

  async rows<R extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.client.query<R>(sql, params.map(param))).rows;
  }

  async row<R extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<R | undefined> {
    return (await this.rows<R>(sql, params))[0];
  }

  /** Runs a statement; the number of rows it touched. */
  async run(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.client.query(sql, params.map(param))).rowCount ?? 0;
  }
}

export class PgConnection {
  private closed = false;

  private constructor(
    private readonly pool: Pool,
    /** The database as messages name it: the URL without its password, and the schema. */
    readonly name: string,
    /** The schema, safe to write into SQL as it is (checked against SCHEMA_NAME). */
    readonly schema: string,
    private readonly lockTimeoutMs: number,
  ) {}

  static async open(options: PostgresOptions): Promise<PgConnection> {
    const schema = options.schema ?? DEFAULT_SCHEMA;
    const name = `${redact(options.url)} (schema ${schema})`;
    if (!SCHEMA_NAME.test(schema)) {
      throw new CopywatchError('CONFIG_INVALID', `expected a schema name of lower-case letters, digits and _ (at most 63), got ${JSON.stringify(schema)}`);
    }
    const lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    const pool = new Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      lock_timeout: lockTimeoutMs,
      // A process that hangs inside a transaction does not hold its locks for ever.
      idle_in_transaction_session_timeout: 60_000,
      application_name: 'copywatch',
      types: TYPES,
    });
    // An idle connection the server dropped: the pool forgets it and the next query opens another.
    pool.on('error', () => undefined);
    const conn = new PgConnection(pool, name, schema, lockTimeoutMs);
    try {
      const client = await pool.connect();
      try {
        await migrate(client, name, schema, options.migrations ?? MIGRATIONS);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw mapError(error, name, 'opening', lockTimeoutMs);
    }
    return conn;
  }

  /** Runs one statement (a read, or a write that is one statement) on a pooled connection. */
  async rows<R extends QueryResultRow>(op: string, sql: string, params: unknown[] = []): Promise<R[]> {
    this.checkOpen(op);
    try {
      return (await this.pool.query<R>(sql, params.map(param))).rows;
    } catch (error) {
      throw mapError(error, this.name, op, this.lockTimeoutMs);
    }
  }

  async row<R extends QueryResultRow>(op: string, sql: string, params: unknown[] = []): Promise<R | undefined> {
    return (await this.rows<R>(op, sql, params))[0];
  }

  /**
   * Runs `fn` in one transaction (READ COMMITTED): all of it is stored, or none. A deadlock or a
   * serialization failure rolls it back and runs it again (at most 3 times in all), so `fn` must
   * do nothing but statements on `tx`.
   */
  async write<T>(op: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    this.checkOpen(op);
    for (let attempt = 1; ; attempt++) {
      let client: PoolClient;
      try {
        client = await this.pool.connect();
      } catch (error) {
        throw mapError(error, this.name, op, this.lockTimeoutMs);
      }
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(new Tx(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        if (attempt < ATTEMPTS && retryable(error)) continue;
        throw mapError(error, this.name, op, this.lockTimeoutMs);
      } finally {
        client.release(broken);
      }
    }
  }

  /** A quoted table name in the schema. */
  table(name: string): string {
    return `"${this.schema}".${name}`;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private checkOpen(op: string): void {
    if (this.closed) throw closedError(this.name, op);
  }
}

/** The URL without its password (and without query parameters, which may hold one). */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    u.search = '';
    return u.toString().replace(/:@/, '@');
  } catch {
    return 'the PostgreSQL database';
  }
}

function sqlState(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
}

function retryable(error: unknown): boolean {
  const code = sqlState(error);
  return code === '40P01' || code === '40001';
}

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** Maps any error from pg or PostgreSQL to a CopywatchError with a stable code. */
export function mapError(error: unknown, name: string, op: string, lockTimeoutMs: number): CopywatchError {
  if (error instanceof CopywatchError) return error;
  const code = sqlState(error);
  const options = { cause: error };
  if (code === '55P03' || code === '57014') return lockedError(name, op, lockTimeoutMs, error);
  if (retryable(error)) {
    return new CopywatchError('STORE_LOCKED', `database ${name} is busy with another process (while ${op}): ${oneLine(error)}; try again`, options);
  }
  if (code === '25006' || code === '42501') return readonlyError(name, oneLine(error), op, error);
  if (code === '53100') return fullError(name, op, error);
  if (code.startsWith('23') || code.startsWith('22')) return refusedError(name, op, error);
  if (
    NETWORK.has(code) ||
    code.startsWith('08') ||
    code.startsWith('57P') ||
    /timeout exceeded when trying to connect|Connection terminated/i.test(oneLine(error))
  ) {
    return new CopywatchError('STORE_FAILED', `cannot reach database ${name} (while ${op}): ${oneLine(error) || code}`, options);
  }
  return failedError(name, op, error);
}
