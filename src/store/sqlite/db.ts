/**
 * The SQLite connection: opening (directory, pragmas, migrations), cached statements, reads and
 * write transactions, and the mapping of SQLite's errors to CopywatchErrors with stable codes and
 * one-line messages that name the database file and the operation.
 */
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CopywatchError } from '../../domain/index.ts';
import { closedError, failedError, fullError, lockedError, oneLine, readonlyError, refusedError } from '../errors.ts';
import { BetterSqlite3, sqliteCode, type Database, type Statement } from './driver.ts';
import { MIGRATIONS, migrate } from './migrations.ts';

export interface SqliteOptions {
  /** The database file; its directory is created when missing. */
  path: string;
  /** Open for reading only: every write fails with STORE_READONLY. */
  readonly?: boolean;
  /** How long to wait for another process's lock before STORE_LOCKED (default 5000 ms). */
  busyTimeoutMs?: number;
  /** PRAGMA max_page_count for this connection (tests use it to simulate a full disk). */
  maxPageCount?: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export class Connection {
  private readonly statements = new Map<string, Statement>();
  private closed = false;

  private constructor(
    readonly db: Database,
    readonly file: string,
    /** Why writes are refused (opened read-only, file not writable), or null. */
    readonly readonlyReason: string | null,
    private readonly busyTimeoutMs: number,
  ) {}

  static open(options: SqliteOptions): Connection {
    const memory = options.path === ':memory:';
    const file = memory ? ':memory:' : resolve(options.path);
    const busy = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    let reason: string | null = options.readonly ? 'opened read-only' : null;
    if (!memory) {
      if (options.readonly && !existsSync(file)) throw new CopywatchError('STORE_FAILED', `database ${file} does not exist (opening it read-only)`);
      try {
        mkdirSync(dirname(file), { recursive: true });
      } catch (error) {
        throw (
          errnoError(error, file, 'creating its directory') ??
          new CopywatchError('STORE_FAILED', `cannot create the directory of database ${file}: ${oneLine(error)}`, { cause: error })
        );
      }
      if (!reason && existsSync(file) && !writable(file)) reason = 'the file cannot be written';
    }
    let db: Database;
    try {
      db = new BetterSqlite3(file, { readonly: reason !== null, fileMustExist: reason !== null, timeout: busy });
    } catch (error) {
      if (sqliteCode(error) === 'SQLITE_CANTOPEN' && !memory && !writable(dirname(file))) {
        throw new CopywatchError('STORE_READONLY', `cannot create database ${file}: its directory cannot be written`, { cause: error });
      }
      throw mapError(error, file, 'opening', null, busy);
    }
    const conn = new Connection(db, file, reason, busy);
    try {
      if (!reason && !memory) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, file, MIGRATIONS, { readonly: reason !== null });
      if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxPageCount))}`);
    } catch (error) {
      db.close();
      if (sqliteCode(error) === 'SQLITE_CANTOPEN' && !memory && !writable(dirname(file))) {
        throw new CopywatchError(
          'STORE_READONLY',
          `cannot open database ${file}: its directory cannot be written (SQLite needs it for the -wal and -shm files)`,
          { cause: error },
        );
      }
      throw mapError(error, file, 'opening', reason, busy);
    }
    return conn;
  }

  /** A prepared statement, cached by its SQL. */
  stmt<Row = unknown>(sql: string): Statement<Row> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as Statement<Row>;
  }

  /** Runs a read; SQLite errors become CopywatchErrors naming `op`. */
  read<T>(op: string, fn: () => T): T {
    this.checkOpen(op);
    try {
      return fn();
    } catch (error) {
      throw mapError(error, this.file, op, this.readonlyReason, this.busyTimeoutMs);
    }
  }

  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE): all of it is stored, or none. */
  write<T>(op: string, fn: () => T): T {
    this.checkOpen(op);
    if (this.readonlyReason) {
      throw readonlyError(this.file, this.readonlyReason, op);
    }
    try {
      return this.db.transaction(fn).immediate();
    } catch (error) {
      throw mapError(error, this.file, op, this.readonlyReason, this.busyTimeoutMs);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    this.db.close();
  }

  private checkOpen(op: string): void {
    if (this.closed) throw closedError(this.file, op);
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A file-system error (mkdir, open) as a store error, or null for others. */
function errnoError(error: unknown, file: string, op: string): CopywatchError | null {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new CopywatchError('STORE_READONLY', `database ${file} is read-only while ${op}: ${oneLine(error)}`, { cause: error });
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') return fullError(file, op, error);
  return null;
}

/** Maps any error thrown by SQLite or the file system to a CopywatchError with a stable code. */
function mapError(error: unknown, file: string, op: string, readonlyReason: string | null, busyTimeoutMs: number): CopywatchError {
  if (error instanceof CopywatchError) return error;
  const code = sqliteCode(error) ?? '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return lockedError(file, op, busyTimeoutMs, error);
  if (code.startsWith('SQLITE_READONLY')) return readonlyError(file, readonlyReason ?? oneLine(error), op, error);
  if (code === 'SQLITE_FULL') return fullError(file, op, error);
  if (code.startsWith('SQLITE_CONSTRAINT')) return refusedError(file, op, error);
  return (code ? null : errnoError(error, file, op)) ?? failedError(file, op, error);
}
