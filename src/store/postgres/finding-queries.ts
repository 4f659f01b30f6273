/**
 * Reading findings: filtered lists with keyset pagination (no OFFSET: a page continues after the
 * last row of the previous one, by the sort value and then the id), counts, per-site and per-day
 * summaries, and what a recheck visits. Validation, cursors and days are shared with SQLite
 * (../finding-lists.ts); only the SQL is PostgreSQL's.
 */
import type { Finding } from '../../domain/index.ts';
import type { FindingFilter, Page, SiteSummary } from '../ports.ts';
import { severityOfRank, severityRank, utc } from '../common.ts';
import { ACTIVE, RECHECKED, dayRange, fillDays, kindsOf, listRequest, nextCursor, recheckLimit, statusesOf, type Filter } from '../finding-lists.ts';
import { FINDING_COLUMNS, FINDING_COLUMNS_WITHOUT_PASSAGES, findingOf, type FindingRow } from '../rows.ts';
import type { PgConnection } from './db.ts';

/** The WHERE clause of a filter, its parameters numbered from $1, and a function that adds more. */
function whereOf(filter: Filter, rules: string): { clauses: string[]; params: unknown[]; p: (value: unknown) => string } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const statuses = statusesOf(filter);
  if (statuses.length) clauses.push(statuses.length === 1 ? `status = ${p(statuses[0])}` : `status = ANY(${p(statuses)}::text[])`);
  if (filter.site !== undefined) clauses.push(`host = ${p(filter.site)}`);
  if (filter.rule !== undefined) clauses.push(`EXISTS (SELECT 1 FROM ${rules} r WHERE r.rule_id = ${p(filter.rule)} AND r.finding_id = f.id)`);
  if (filter.severity !== undefined) clauses.push(`severity_rank >= ${p(severityRank(filter.severity))}`);
  if (filter.since !== undefined) clauses.push(`last_seen >= ${p(utc(filter.since, 'since'))}`);
  if (filter.articleId !== undefined) clauses.push(`article_id = ${p(filter.articleId)}`);
  const kinds = kindsOf(filter);
  if (kinds.length) clauses.push(`kind = ANY(${p(kinds)}::text[])`);
  return { clauses, params, p };
}

function sql(clauses: string[]): string {
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

/** The reading half of the findings repository (findings.ts extends it with the writes). */
export class PgFindingQueries {
  protected readonly t: string;
  protected readonly rules: string;

  constructor(protected readonly conn: PgConnection) {
    this.t = conn.table('findings');
    this.rules = conn.table('finding_rules');
  }

  async list(filter: FindingFilter = {}): Promise<Page<Finding>> {
    const request = listRequest(filter);
    const { column, order, limit } = request;
    const { clauses, params, p } = whereOf(filter, this.rules);
    if (request.after) clauses.push(`(${column}, id) ${order === 'desc' ? '<' : '>'} (${p(request.after.value)}, ${p(request.after.id)})`);
    const direction = order === 'desc' ? 'DESC' : 'ASC';
    const rows = await this.conn.rows<FindingRow>(
      'listing findings',
      `SELECT ${filter.passages === false ? FINDING_COLUMNS_WITHOUT_PASSAGES : FINDING_COLUMNS} FROM ${this.t} f ${sql(clauses)} ORDER BY ${column} ${direction}, id ${direction} LIMIT ${p(limit + 1)}`,
      params,
    );
    return { items: rows.slice(0, limit).map(findingOf), nextCursor: nextCursor(request, rows) };
  }

  async version(): Promise<number> {
    return Number(
      (await this.conn.row<{ n: string }>("reading the findings' version", `SELECT n FROM ${this.conn.table('data_versions')} WHERE name = 'findings'`))?.n ??
        0,
    );
  }

  async count(filter: Filter = {}): Promise<number> {
    const { clauses, params } = whereOf(filter, this.rules);
    return (await this.conn.row<{ n: number }>('counting findings', `SELECT COUNT(*) AS n FROM ${this.t} f ${sql(clauses)}`, params))?.n ?? 0;
  }

  /** Open, confirmed, notice-sent and resolved findings, least recently seen first; all of them unless `limit`. */
  async forRecheck(limit?: number): Promise<Finding[]> {
    const rows = await this.conn.rows<FindingRow>(
      'listing findings to recheck',
      `SELECT ${FINDING_COLUMNS} FROM ${this.t} WHERE status = ANY($1::text[]) ORDER BY last_seen, id LIMIT $2`,
      [RECHECKED, recheckLimit(limit) ?? null],
    );
    return rows.map(findingOf);
  }

  /** Per suspect host: findings, those still needing action, the highest severity, the last sighting; most open first. */
  async sites(): Promise<SiteSummary[]> {
    const rows = await this.conn.rows<{ host: string; findings: number; open: number; rank: number; last_seen: string }>(
      'summarizing findings per site',
      `SELECT host, COUNT(*) AS findings, COUNT(*) FILTER (WHERE status = ANY($1::text[])) AS open, MAX(severity_rank) AS rank, MAX(last_seen) AS last_seen
       FROM ${this.t} GROUP BY host ORDER BY open DESC, rank DESC, findings DESC, host`,
      [ACTIVE],
    );
    return rows.map((r) => ({ host: r.host, findings: r.findings, open: r.open, maxSeverity: severityOfRank(r.rank), lastSeen: r.last_seen }));
  }

  /** Findings first seen on each UTC day of the `days` days that end with `now`'s day, oldest first, zeros included. */
  async perDay(days: number, now: string): Promise<Array<{ day: string; count: number }>> {
    const range = dayRange(days, now);
    const rows = await this.conn.rows<{ day: string; count: number }>(
      'counting findings per day',
      `SELECT substr(first_seen, 1, 10) AS day, COUNT(*) AS count FROM ${this.t} WHERE first_seen >= $1 AND first_seen < $2 GROUP BY 1`,
      [range.from, range.until],
    );
    return fillDays(range.days, rows);
  }
}
