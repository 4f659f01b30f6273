/**
 * better-sqlite3, typed for what the adapter uses (the package ships no types and
 * @types/better-sqlite3 is not a dependency). Loaded with require: it is a CommonJS native addon.
 */
import { createRequire } from 'node:module';

export type Param = string | number | bigint | Buffer | null;

/** Positional parameters, or one object of named ones (`@name` in the SQL). */
type Params = Param[] | [Record<string, Param>];

interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface Statement<Row = unknown> {
  run(...params: Params): RunResult;
  get(...params: Params): Row | undefined;
  all(...params: Params): Row[];
  iterate(...params: Params): IterableIterator<Row>;
  pluck(toggle?: boolean): Statement<Row>;
}

interface Transaction<A extends unknown[], R> {
  (...args: A): R;
  deferred(...args: A): R;
  immediate(...args: A): R;
  exclusive(...args: A): R;
}

export interface Database {
  readonly name: string;
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare<Row = unknown>(sql: string): Statement<Row>;
  exec(sql: string): Database;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): Transaction<A, R>;
  close(): Database;
}

interface DatabaseOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
  /** Busy timeout, ms. */
  timeout?: number;
}

export type DatabaseConstructor = new (filename: string, options?: DatabaseOptions) => Database;

const require = createRequire(import.meta.url);

/** The better-sqlite3 constructor. */
export const BetterSqlite3 = require('better-sqlite3') as DatabaseConstructor;

/** An error from SQLite (better-sqlite3's SqliteError): a `code` such as `SQLITE_BUSY`. */
export function sqliteCode(error: unknown): string | null {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_')) return error.code;
  return null;
}
