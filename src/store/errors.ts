/**
 * The errors both store adapters give, worded alike so that a message reads the same whatever the
 * database: `db` names it (the SQLite file, or the PostgreSQL URL without its password and the
 * schema), `op` is what the store was doing. Each is one line.
 */
import { CopywatchError } from '../domain/index.ts';

/** The first line of an error's message, trimmed (an AggregateError without a message: its errors'). */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message || (error instanceof AggregateError ? error.errors.map(oneLine).join('; ') : '') : String(error);
  return (text.split('\n')[0] ?? '').trim().slice(0, 300);
}

export function lockedError(db: string, op: string, waitedMs: number, cause: unknown): CopywatchError {
  return new CopywatchError(
    'STORE_LOCKED',
    `database ${db} is locked by another process (while ${op}); gave up after waiting ${waitedMs} ms, try again when that process is done`,
    { cause },
  );
}

/** `why`: opened read-only, the file cannot be written, or what the database said. */
export function readonlyError(db: string, why: string, op: string, cause?: unknown): CopywatchError {
  return new CopywatchError('STORE_READONLY', `database ${db} is read-only (${why}) while ${op}`, { cause });
}

export function fullError(db: string, op: string, cause: unknown): CopywatchError {
  return new CopywatchError('STORE_FULL', `the disk is full (or the database reached its size limit) while ${op} in ${db}; nothing already stored was lost`, {
    cause,
  });
}

/** A constraint the data broke (a foreign key, a value the column refuses). */
export function refusedError(db: string, op: string, cause: unknown): CopywatchError {
  return new CopywatchError('INPUT_INVALID', `database ${db} refused the data while ${op}: ${oneLine(cause)}`, { cause });
}

export function failedError(db: string, op: string, cause: unknown): CopywatchError {
  return new CopywatchError('STORE_FAILED', `database ${db} failed while ${op}: ${oneLine(cause)}`, { cause });
}

export function closedError(db: string, op: string): CopywatchError {
  return new CopywatchError('STORE_FAILED', `database ${db} is closed (while ${op})`);
}

/** Throws when the database's schema `version` is newer than the `known` migrations. */
export function refuseNewerSchema(db: string, version: number, known: number): void {
  if (version > known) {
    throw new CopywatchError(
      'STORE_FAILED',
      `database ${db} has schema version ${version}, newer than this copywatch knows (${known}); use the copywatch that wrote it, or another database`,
    );
  }
}
