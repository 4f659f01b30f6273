/**
 * What every adapter's finding lists share: the sorts and the columns behind them, the statuses a
 * filter or a summary means, the validation of a list request and of its cursor, the next cursor,
 * and the days of `perDay`. The SQL itself stays in each adapter.
 */
import { CopywatchError, FINDING_KINDS, FINDING_STATUSES, type FindingKind, type FindingStatus } from '../domain/index.ts';
import type { FindingFilter } from './ports.ts';
import { badCursor, decodeCursor, encodeCursor, pageLimit, utc } from './common.ts';

type Sort = NonNullable<FindingFilter['sort']>;
export type Filter = Omit<FindingFilter, 'cursor' | 'limit' | 'sort' | 'order'>;
export type SortColumn = 'last_seen' | 'first_seen' | 'severity_rank' | 'containment';

const SORT_COLUMNS: Record<Sort, SortColumn> = {
  lastSeen: 'last_seen',
  firstSeen: 'first_seen',
  severity: 'severity_rank',
  containment: 'containment',
};

/** Statuses that still need action (the `open` count of a site). */
export const ACTIVE: FindingStatus[] = ['open', 'confirmed', 'notice-sent'];
/** Statuses a recheck visits. */
export const RECHECKED: FindingStatus[] = ['open', 'confirmed', 'notice-sent', 'resolved'];

const MAX_DAYS = 3660;
const DAY_MS = 86_400_000;

/** The statuses a filter asks for (none: any), each checked. */
export function statusesOf(filter: Filter): FindingStatus[] {
  const statuses = filter.status === undefined ? [] : Array.isArray(filter.status) ? filter.status : [filter.status];
  for (const s of statuses) {
    if (!FINDING_STATUSES.includes(s))
      throw new CopywatchError('INPUT_INVALID', `expected a finding status (${FINDING_STATUSES.join(', ')}), got ${JSON.stringify(s)}`);
  }
  return statuses;
}

/** The kind column's values a filter asks for (none: any): `text` and `image` include findings that carry both. */
export function kindsOf(filter: Filter): FindingKind[] {
  if (filter.kind === undefined) return [];
  if (!FINDING_KINDS.includes(filter.kind))
    throw new CopywatchError('INPUT_INVALID', `expected a finding kind (${FINDING_KINDS.join(', ')}), got ${JSON.stringify(filter.kind)}`);
  return filter.kind === 'text+image' ? ['text+image'] : [filter.kind, 'text+image'];
}

export interface ListRequest {
  sort: Sort;
  order: 'asc' | 'desc';
  column: SortColumn;
  limit: number;
  /** Where the page starts (after this sort value and id), from the cursor; null for the first page. */
  after: { value: string | number; id: number } | null;
}

/** The sort, order, page size and start of a list request, checked. */
export function listRequest(filter: FindingFilter): ListRequest {
  const sort = filter.sort ?? 'lastSeen';
  const order = filter.order ?? 'desc';
  if (!Object.hasOwn(SORT_COLUMNS, sort))
    throw new CopywatchError('INPUT_INVALID', `expected a sort of ${Object.keys(SORT_COLUMNS).join(', ')}, got ${JSON.stringify(sort)}`);
  if (order !== 'asc' && order !== 'desc') throw new CopywatchError('INPUT_INVALID', `expected an order of asc or desc, got ${JSON.stringify(order)}`);
  const column = SORT_COLUMNS[sort];
  const limit = pageLimit(filter.limit);
  let after: ListRequest['after'] = null;
  if (filter.cursor) {
    const [cursorSort, cursorOrder, value, id] = decodeCursor('findings', filter.cursor);
    if (cursorSort !== sort || cursorOrder !== order) {
      throw new CopywatchError('INPUT_INVALID', `the cursor belongs to a list sorted by ${String(cursorSort)} ${String(cursorOrder)}, not ${sort} ${order}`);
    }
    const numeric = column === 'severity_rank' || column === 'containment';
    if (typeof value !== (numeric ? 'number' : 'string') || typeof id !== 'number' || !Number.isSafeInteger(id)) throw badCursor('findings', filter.cursor);
    after = { value, id };
  }
  return { sort, order, column, limit, after };
}

/** The cursor after the last row of a page, or null when `rows` (fetched with limit + 1) held no more. */
export function nextCursor(request: ListRequest, rows: ReadonlyArray<Record<SortColumn | 'id', unknown>>): string | null {
  if (rows.length <= request.limit) return null;
  const last = rows[request.limit - 1];
  return encodeCursor('findings', [request.sort, request.order, last[request.column] as string | number, last.id as number]);
}

/** A recheck limit: a positive integer, or undefined for all. */
export function recheckLimit(limit: number | undefined): number | undefined {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new CopywatchError('INPUT_INVALID', `expected a positive limit, got ${String(limit)}`);
  return limit;
}

/** The `days` UTC days that end with `now`'s day, oldest first, and the time range they cover. */
export function dayRange(days: number, now: string): { from: string; until: string; days: string[] } {
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw new CopywatchError('INPUT_INVALID', `expected 1 to ${MAX_DAYS} days, got ${String(days)}`);
  const today = Date.parse(`${utc(now, 'now').slice(0, 10)}T00:00:00.000Z`);
  const list: string[] = [];
  for (let i = days - 1; i >= 0; i--) list.push(new Date(today - i * DAY_MS).toISOString().slice(0, 10));
  return { from: new Date(today - (days - 1) * DAY_MS).toISOString(), until: new Date(today + DAY_MS).toISOString(), days: list };
}

/** Every day of the range with its count, zeros included. */
export function fillDays(days: string[], rows: Array<{ day: string; count: number }>): Array<{ day: string; count: number }> {
  const counts = new Map(rows.map((r) => [r.day, r.count]));
  return days.map((day) => ({ day, count: counts.get(day) ?? 0 }));
}
