/**
 * Reading findings: filtered lists with keyset pagination (no OFFSET: a page continues after the
 * last row of the previous one, by the sort value and then the id), counts, per-site and per-day
 * summaries, and what a recheck visits.
 */
import { CopywatchError, FINDING_STATUSES, type Finding, type FindingStatus } from '../../domain/index.ts';
import type { FindingFilter, Page, SiteSummary } from '../ports.ts';
import { decodeCursor, encodeCursor, pageLimit, severityOfRank, severityRank, utc } from '../common.ts';
import type { Param } from './driver.ts';
import type { Connection } from './db.ts';
import { findingOf, type FindingRow } from './finding-row.ts';

type Sort = NonNullable<FindingFilter['sort']>;
type Filter = Omit<FindingFilter, 'cursor' | 'limit' | 'sort' | 'order'>;

const SORT_COLUMNS: Record<Sort, 'last_seen' | 'first_seen' | 'severity_rank' | 'containment'> = {
  lastSeen: 'last_seen', firstSeen: 'first_seen', severity: 'severity_rank', containment: 'containment',
};

/** Statuses that still need action (the `open` count of a site). */
const ACTIVE: FindingStatus[] = ['open', 'confirmed', 'notice-sent'];
const RECHECKED: FindingStatus[] = ['open', 'confirmed', 'notice-sent', 'resolved'];

const MAX_DAYS = 3660;
const DAY_MS = 86_400_000;

/**
 * Above this many findings for a rule, a list walks its sort index and checks each finding's rules
 * (it soon finds a page); below it, it starts from the rule's findings and sorts them.
 */
const RULE_WALK_THRESHOLD = 1000;

/**
 * The WHERE clauses of a filter. For a page of a list (`list`), several statuses are kept from
 * driving the query (`+status`) so that it walks the sort index instead of sorting every match;
 * with `ruleWalk`, the rule is checked row by row (EXISTS) instead of starting from its findings (IN).
 */
function whereOf(filter: Filter, list = false, ruleWalk = false): { clauses: string[]; params: Param[] } {
  const clauses: string[] = [];
  const params: Param[] = [];
  const statuses = filter.status === undefined ? [] : Array.isArray(filter.status) ? filter.status : [filter.status];
  for (const s of statuses) {
    if (!FINDING_STATUSES.includes(s)) throw new CopywatchError('INPUT_INVALID', `expected a finding status (${FINDING_STATUSES.join(', ')}), got ${JSON.stringify(s)}`);
  }
  if (statuses.length) {
    clauses.push(statuses.length === 1 ? 'status = ?' : `${list ? '+' : ''}status IN (${statuses.map(() => '?').join(', ')})`);
    params.push(...statuses);
  }
  if (filter.site !== undefined) { clauses.push('host = ?'); params.push(filter.site); }
  if (filter.rule !== undefined) {
    clauses.push(ruleWalk ? 'EXISTS (SELECT 1 FROM finding_rules r WHERE r.rule_id = ? AND r.finding_id = findings.id)' : 'id IN (SELECT finding_id FROM finding_rules WHERE rule_id = ?)');
    params.push(filter.rule);
  }
  if (filter.severity !== undefined) { clauses.push('severity_rank >= ?'); params.push(severityRank(filter.severity)); }
  if (filter.since !== undefined) { clauses.push('last_seen >= ?'); params.push(utc(filter.since, 'since')); }
  if (filter.articleId !== undefined) { clauses.push('article_id = ?'); params.push(filter.articleId); }
  return { clauses, params };
}

function sql(clauses: string[]): string {
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

function badCursor(cursor: string): CopywatchError {
  return new CopywatchError('INPUT_INVALID', `the cursor "${cursor.slice(0, 40)}" is not one the findings list gave`);
}

export class FindingQueries {
  constructor(private readonly conn: Connection) {}

  async list(filter: FindingFilter): Promise<Page<Finding>> {
    const sort = filter.sort ?? 'lastSeen';
    const order = filter.order ?? 'desc';
    if (!Object.hasOwn(SORT_COLUMNS, sort)) throw new CopywatchError('INPUT_INVALID', `expected a sort of ${Object.keys(SORT_COLUMNS).join(', ')}, got ${JSON.stringify(sort)}`);
    if (order !== 'asc' && order !== 'desc') throw new CopywatchError('INPUT_INVALID', `expected an order of asc or desc, got ${JSON.stringify(order)}`);
    const column = SORT_COLUMNS[sort];
    const limit = pageLimit(filter.limit);
    const { clauses, params } = this.conn.read('listing findings', () => whereOf(filter, true, filter.rule !== undefined && this.ruleCount(filter.rule) > RULE_WALK_THRESHOLD));
    if (filter.cursor) {
      const [cursorSort, cursorOrder, value, id] = decodeCursor('findings', filter.cursor);
      if (cursorSort !== sort || cursorOrder !== order) {
        throw new CopywatchError('INPUT_INVALID', `the cursor belongs to a list sorted by ${String(cursorSort)} ${String(cursorOrder)}, not ${sort} ${order}`);
      }
      const numeric = column === 'severity_rank' || column === 'containment';
      if (typeof value !== (numeric ? 'number' : 'string') || typeof id !== 'number' || !Number.isSafeInteger(id)) throw badCursor(filter.cursor);
      clauses.push(`(${column}, id) ${order === 'desc' ? '<' : '>'} (?, ?)`);
      params.push(value, id);
    }
    const direction = order === 'desc' ? 'DESC' : 'ASC';
    const rows = this.conn.read('listing findings', () => this.conn.stmt<FindingRow>(
      `SELECT * FROM findings ${sql(clauses)} ORDER BY ${column} ${direction}, id ${direction} LIMIT ?`).all(...params, limit + 1));
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(findingOf),
      nextCursor: rows.length > limit && last ? encodeCursor('findings', [sort, order, last[column], last.id]) : null,
    };
  }

  private ruleCount(rule: string): number {
    return this.conn.stmt<number>('SELECT COUNT(*) FROM finding_rules WHERE rule_id = ?').pluck().get(rule) ?? 0;
  }

  async count(filter: Filter): Promise<number> {
    const { clauses, params } = whereOf(filter);
    return this.conn.read('counting findings', () => this.conn.stmt<number>(`SELECT COUNT(*) FROM findings ${sql(clauses)}`).pluck().get(...params) ?? 0);
  }

  /** Open, confirmed, notice-sent and resolved findings, least recently seen first; all of them unless `limit`. */
  async forRecheck(limit?: number): Promise<Finding[]> {
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new CopywatchError('INPUT_INVALID', `expected a positive limit, got ${String(limit)}`);
    const rows = this.conn.read('listing findings to recheck', () => this.conn.stmt<FindingRow>(
      `SELECT * FROM findings WHERE status IN (${RECHECKED.map(() => '?').join(', ')}) ORDER BY last_seen, id LIMIT ?`).all(...RECHECKED, limit ?? -1));
    return rows.map(findingOf);
  }

  /** Per suspect host: findings, those still needing action, the highest severity, the last sighting; most open first. */
  async sites(): Promise<SiteSummary[]> {
    const rows = this.conn.read('summarizing findings per site', () => this.conn.stmt<{ host: string; findings: number; open: number; rank: number; last_seen: string }>(
      `SELECT host, COUNT(*) AS findings, SUM(status IN (${ACTIVE.map(() => '?').join(', ')})) AS open, MAX(severity_rank) AS rank, MAX(last_seen) AS last_seen
       FROM findings GROUP BY host ORDER BY open DESC, rank DESC, findings DESC, host`).all(...ACTIVE));
    return rows.map((r) => ({ host: r.host, findings: r.findings, open: r.open, maxSeverity: severityOfRank(r.rank), lastSeen: r.last_seen }));
  }

  /** Findings first seen on each UTC day of the `days` days that end with `now`'s day, oldest first, zeros included. */
  async perDay(days: number, now: string): Promise<Array<{ day: string; count: number }>> {
    if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw new CopywatchError('INPUT_INVALID', `expected 1 to ${MAX_DAYS} days, got ${String(days)}`);
    const today = Date.parse(`${utc(now, 'now').slice(0, 10)}T00:00:00.000Z`);
    const from = new Date(today - (days - 1) * DAY_MS).toISOString();
    const until = new Date(today + DAY_MS).toISOString();
    const rows = this.conn.read('counting findings per day', () => this.conn.stmt<{ day: string; count: number }>(
      'SELECT substr(first_seen, 1, 10) AS day, COUNT(*) AS count FROM findings WHERE first_seen >= ? AND first_seen < ? GROUP BY day').all(from, until));
    const counts = new Map(rows.map((r) => [r.day, r.count]));
    const out: Array<{ day: string; count: number }> = [];
    for (let i = days - 1; i >= 0; i--) {
      const day = new Date(today - i * DAY_MS).toISOString().slice(0, 10);
      out.push({ day, count: counts.get(day) ?? 0 });
    }
    return out;
  }
}
