/**
 * Helpers every store adapter shares, so that they behave alike under the contract suite: page
 * limits, opaque cursors, UTC times, and the finding status machine.
 */
import { CopywatchError, SEVERITIES, type Severity } from '../domain/index.ts';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

/** The page size asked for: default 50, at most 500; anything not a positive integer is refused. */
export function pageLimit(limit: number | undefined, fallback = DEFAULT_LIMIT, max = MAX_LIMIT): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1) throw new CopywatchError('INPUT_INVALID', `expected a limit of 1 to ${max}, got ${String(limit)}`);
  return Math.min(limit, max);
}

/** An opaque cursor: the list it belongs to and the position after which the next page starts. */
export function encodeCursor(list: string, position: Array<string | number>): string {
  return Buffer.from(JSON.stringify([list, ...position]), 'utf8').toString('base64url');
}

/** The error for a cursor that is not one `list` gave. */
export function badCursor(list: string, cursor: string): CopywatchError {
  return new CopywatchError('INPUT_INVALID', `the cursor "${cursor.slice(0, 40)}" is not one the ${list} list gave`);
}

/** The position a cursor holds; refused when it is not one `list` gave. */
export function decodeCursor(list: string, cursor: string): Array<string | number> {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  if (!Array.isArray(parts) || parts[0] !== list || !parts.slice(1).every((p) => typeof p === 'string' || typeof p === 'number')) throw badCursor(list, cursor);
  return parts.slice(1) as Array<string | number>;
}

/** The id a cursor of an id-ordered list holds. */
export function cursorId(list: string, cursor: string): number {
  const [id] = decodeCursor(list, cursor);
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw badCursor(list, cursor);
  return id;
}

/**
 * Every row of an id-ordered read, in batches of `batchSize` (at least 1): `read(after, size)`
 * gives up to `size` rows with ids above `after`, in id order.
 */
export async function* idBatches<R extends { id: number }>(batchSize: number, read: (after: number, size: number) => R[] | Promise<R[]>): AsyncGenerator<R[]> {
  const size = Math.max(1, Math.floor(batchSize));
  for (let after = 0; ;) {
    const rows = await read(after, size);
    if (!rows.length) return;
    yield rows;
    if (rows.length < size) return;
    after = rows[rows.length - 1].id;
  }
}

const NO_ZONE = /T\d\d:\d\d(:\d\d(\.\d+)?)?$/;

/**
 * A time as the store keeps it: UTC ISO with milliseconds (`2024-01-09T08:00:00.000Z`), so that
 * times compare as strings. A time without a zone is read as UTC; a date alone as its midnight UTC.
 */
export function utc(value: string, what: string): string {
  const ms = typeof value === 'string' ? Date.parse(NO_ZONE.test(value) ? `${value}Z` : value) : Number.NaN;
  if (Number.isNaN(ms)) throw new CopywatchError('INPUT_INVALID', `expected a UTC ISO time for ${what}, got ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}

/** Severities in order, as numbers that sort: info 0 < low 1 < medium 2 < high 3 < critical 4. */
export function severityRank(severity: Severity): number {
  const rank = SEVERITIES.indexOf(severity);
  if (rank < 0) throw new CopywatchError('INPUT_INVALID', `expected a severity (${SEVERITIES.join(', ')}), got ${JSON.stringify(severity)}`);
  return rank;
}

export function severityOfRank(rank: number): Severity {
  return SEVERITIES[rank] ?? 'info';
}
