/**
 * Reading findings: filtered lists with keyset pagination (no OFFSET: a page continues after the
 * last row of the previous one, by the sort value and then the id), counts, per-site and per-day
 * summaries, and what a recheck visits.
 */
import type { Finding } from '../../domain/index.ts';
import type { FindingFilter, Page, SiteSummary } from '../ports.ts';
import { severityOfRank, severityRank, utc } from '../common.ts';
import { ACTIVE, RECHECKED, dayRange, fillDays, kindsOf, listRequest, nextCursor, recheckLimit, statusesOf, type Filter } from '../finding-lists.ts';
import { FINDING_COLUMNS, FINDING_COLUMNS_WITHOUT_PASSAGES, findingOf, type FindingRow } from '../rows.ts';
import type { Param } from './driver.ts';
import type { Connection } from './db.ts';

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
  const statuses = statusesOf(filter);
  if (statuses.length) {
    clauses.push(statuses.length === 1 ? 'status = ?' : `${list ? '+' : ''}status IN (${statuses.map(() => '?').join(', ')})`);
    params.push(...statuses);
  }
  if (filter.site !== undefined) {
    clauses.push('host = ?');
    params.push(filter.site);
  }
  if (filter.rule !== undefined) {
    clauses.push(
      ruleWalk
        ? 'EXISTS (SELECT 1 FROM finding_rules r WHERE r.rule_id = ? AND r.finding_id = findings.id)'
        : 'id IN (SELECT finding_id FROM finding_rules WHERE rule_id = ?)',
    );
    params.push(filter.rule);
  }
  if (filter.severity !== undefined) {
    clauses.push('severity_rank >= ?');
    params.push(severityRank(filter.severity));
  }
  if (filter.since !== undefined) {
    clauses.push('last_seen >= ?');
    params.push(utc(filter.since, 'since'));
  }
  if (filter.articleId !== undefined) {
    clauses.push('article_id = ?');
    params.push(filter.articleId);
  }
  const kinds = kindsOf(filter);
  if (kinds.length) {
    clauses.push(`kind IN (${kinds.map(() => '?').join(', ')})`);
    params.push(...kinds);
  }
  return { clauses, params };
}

function sql(clauses: string[]): string {
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

/** The reading half of the findings repository (findings.ts extends it with the writes). */
export class FindingQueries {
  constructor(protected readonly conn: Connection) {}

  async list(filter: FindingFilter = {}): Promise<Page<Finding>> {
    const request = listRequest(filter);
    const { column, order, limit } = request;
    const { clauses, params } = this.conn.read('listing findings', () =>
      whereOf(filter, true, filter.rule !== undefined && this.ruleCount(filter.rule) > RULE_WALK_THRESHOLD),
    );
    if (request.after) {
      clauses.push(`(${column}, id) ${order === 'desc' ? '<' : '>'} (?, ?)`);
      params.push(request.after.value, request.after.id);
    }
    const direction = order === 'desc' ? 'DESC' : 'ASC';
    const columns = filter.passages === false ? FINDING_COLUMNS_WITHOUT_PASSAGES : FINDING_COLUMNS;
    const rows = this.conn.read('listing findings', () =>
      this.conn
        .stmt<FindingRow>(`SELECT ${columns} FROM findings ${sql(clauses)} ORDER BY ${column} ${direction}, id ${direction} LIMIT ?`)
        .all(...params, limit + 1),
    );
    return { items: rows.slice(0, limit).map(findingOf), nextCursor: nextCursor(request, rows) };
  }

  private ruleCount(rule: string): number {
    return this.conn.stmt<number>('SELECT COUNT(*) FROM finding_rules WHERE rule_id = ?').pluck().get(rule) ?? 0;
  }

  async count(filter: Filter = {}): Promise<number> {
    const { clauses, params } = whereOf(filter);
    return this.conn.read(
      'counting findings',
      () =>
        this.conn
          .stmt<number>(`SELECT COUNT(*) FROM findings ${sql(clauses)}`)
          .pluck()
          .get(...params) ?? 0,
    );
  }

  /** Open, confirmed, notice-sent and resolved findings, least recently seen first; all of them unless `limit`. */
  async forRecheck(limit?: number): Promise<Finding[]> {
    recheckLimit(limit);
    const rows = this.conn.read('listing findings to recheck', () =>
      this.conn
        .stmt<FindingRow>(`SELECT ${FINDING_COLUMNS} FROM findings WHERE status IN (${RECHECKED.map(() => '?').join(', ')}) ORDER BY last_seen, id LIMIT ?`)
        .all(...RECHECKED, limit ?? -1),
    );
    return rows.map(findingOf);
  }

  /** Per suspect host: findings, those still needing action, the highest severity, the last sighting; most open first. */
  async sites(): Promise<SiteSummary[]> {
    const rows = this.conn.read('summarizing findings per site', () =>
      this.conn
        .stmt<{ host: string; findings: number; open: number; rank: number; last_seen: string }>(
          `SELECT host, COUNT(*) AS findings, SUM(status IN (${ACTIVE.map(() => '?').join(', ')})) AS open, MAX(severity_rank) AS rank, MAX(last_seen) AS last_seen
       FROM findings GROUP BY host ORDER BY open DESC, rank DESC, findings DESC, host`,
        )
        .all(...ACTIVE),
    );
    return rows.map((r) => ({ host: r.host, findings: r.findings, open: r.open, maxSeverity: severityOfRank(r.rank), lastSeen: r.last_seen }));
  }

  async version(): Promise<number> {
    return this.conn.read(
      "reading the findings' version",
      () => this.conn.stmt<number>(`SELECT n FROM data_versions WHERE name = 'findings'`).pluck().get() ?? 0,
    );
  }

  /** Findings first seen on each UTC day of the `days` days that end with `now`'s day, oldest first, zeros included. */
  async perDay(days: number, now: string): Promise<Array<{ day: string; count: number }>> {
    const range = dayRange(days, now);
    const rows = this.conn.read('counting findings per day', () =>
      this.conn
        .stmt<{ day: string; count: number }>(
          'SELECT substr(first_seen, 1, 10) AS day, COUNT(*) AS count FROM findings WHERE first_seen >= ? AND first_seen < ? GROUP BY day',
        )
        .all(range.from, range.until),
    );
    return fillDays(range.days, rows);
  }
}
