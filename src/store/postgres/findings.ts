/**
 * Findings: one per original article and suspect URL, with the audit trail of every status change.
 * Writes live here; the reads are in finding-queries.ts, the class this one extends.
 *
 * Several processes may see the same copy at once: the finding row is locked (SELECT ... FOR
 * UPDATE) for the whole upsert, and a first sighting inserts with ON CONFLICT DO NOTHING, so that
 * the process that loses the race waits for the winner and then updates the one finding.
 */
import { CopywatchError, findingKindOf, type Finding, type FindingEvent, type FindingStatus } from '../../domain/index.ts';
import type { FindingInput, FindingRepo } from '../ports.ts';
import { severityRank, utc } from '../common.ts';
import { later, rowId, toJson } from '../codec.ts';
import { EVENT_COLUMNS, FINDING_COLUMNS, eventOf, findingOf, type EventRow, type FindingRow } from '../rows.ts';
import { ACTIVE } from '../finding-lists.ts';
import { checkTransition, factsOnSighting, statusOnSighting } from '../transitions.ts';
import type { PgConnection, Tx } from './db.ts';
import { PgFindingQueries } from './finding-queries.ts';

export class PgFindings extends PgFindingQueries implements FindingRepo {
  private readonly eventsTable: string;

  constructor(conn: PgConnection) {
    super(conn);
    this.eventsTable = conn.table('finding_events');
  }

  async upsert(input: FindingInput, at: string, actor: string): Promise<{ finding: Finding; created: boolean; reopened: boolean }> {
    const seen = utc(at, 'the finding sighting');
    // $1..$15, in the order of the columns of the INSERT below.
    const values = [
      input.articleId,
      input.articleUrl,
      input.articleTitle,
      input.url,
      input.host,
      input.verdict,
      input.containment,
      input.matchedChars,
      toJson(input.facts),
      toJson(input.violations),
      input.severity,
      severityRank(input.severity),
      input.evidenceId,
      toJson(input.passages),
      input.scope,
    ];
    const kind = findingKindOf(input.facts);
    const select = `SELECT id, status, last_seen, facts FROM ${this.t} WHERE article_id = $1 AND url = $2 FOR UPDATE`;
    return this.conn.write(`saving the finding of article ${input.articleId} on ${input.url}`, async (tx) => {
      let old = await tx.row<{ id: number; status: FindingStatus; last_seen: string; facts: string }>(select, [input.articleId, input.url]);
      let id = 0;
      let reopened = false;
      if (!old) {
        const inserted = await tx.row<{ id: number }>(
          `INSERT INTO ${this.t} (article_id, article_url, article_title, url, host, verdict, containment,
          matched_chars, facts, violations, severity, severity_rank, evidence_id, passages, scope, status, first_seen, last_seen, kind)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'open', $16, $16, $17)
          ON CONFLICT (article_id, url) DO NOTHING RETURNING id`,
          [...values, seen, kind],
        );
        if (inserted) {
          id = inserted.id;
          await this.event(tx, id, seen, actor, null, 'open', null, input.evidenceId);
        } else {
          // Another process created it meanwhile (and has committed): this is a later sighting.
          old = await tx.row<{ id: number; status: FindingStatus; last_seen: string; facts: string }>(select, [input.articleId, input.url]);
          if (!old) throw new CopywatchError('INTERNAL', `the finding of article ${input.articleId} on ${input.url} is neither insertable nor there`);
        }
      }
      if (old) {
        id = old.id;
        const status = statusOnSighting(old.status);
        reopened = status !== old.status;
        await tx.run(
          `UPDATE ${this.t} SET article_url = $2, article_title = $3, host = $5, verdict = $6, containment = $7, matched_chars = $8,
          facts = $9, violations = $10, severity = $11, severity_rank = $12, evidence_id = COALESCE($13, evidence_id), passages = $14, scope = $15,
          status = $16, last_seen = $17, kind = $19 WHERE id = $18 AND article_id = $1 AND url = $4`,
          [...values.slice(0, 8), toJson(factsOnSighting(input.facts, old.facts)), ...values.slice(9), status, later(old.last_seen, seen), id, kind],
        );
        if (reopened) await this.event(tx, id, seen, actor, 'resolved', 'open', 'seen again', input.evidenceId);
        await tx.run(`DELETE FROM ${this.rules} WHERE finding_id = $1`, [id]);
      }
      await tx.run(`INSERT INTO ${this.rules} (rule_id, finding_id) SELECT DISTINCT r, $2::bigint FROM unnest($1::text[]) AS r ON CONFLICT DO NOTHING`, [
        input.violations.map((v) => v.ruleId),
        id,
      ]);
      return { finding: await this.load(tx, id), created: !old, reopened };
    });
  }

  async touch(url: string, at: string): Promise<number> {
    const seen = utc(at, 'the sighting');
    const rows = await this.conn.rows(
      `noting the findings on ${url} as seen again`,
      `UPDATE ${this.t} SET last_seen = $1 WHERE url = $2 AND status = ANY($3::text[]) AND last_seen < $1 RETURNING id`,
      [seen, url, ACTIVE],
    );
    return rows.length;
  }

  async markUnresolved(id: number, at: string): Promise<string> {
    const when = utc(at, 'the failed lookup');
    const row = await this.conn.row<{ since: string }>(
      `noting that the host of finding ${id} does not resolve`,
      `UPDATE ${this.t} SET unresolved_since = COALESCE(unresolved_since, $1) WHERE id = $2 RETURNING unresolved_since AS since`,
      [when, rowId(id)],
    );
    if (!row) throw new CopywatchError('NOT_FOUND', `finding ${id} does not exist`);
    return row.since;
  }

  async resolvedAgain(id: number): Promise<void> {
    await this.conn.rows(
      `noting that the host of finding ${id} resolves`,
      `UPDATE ${this.t} SET unresolved_since = NULL WHERE id = $1 AND unresolved_since IS NOT NULL`,
      [rowId(id)],
    );
  }

  async get(id: number): Promise<Finding | null> {
    const n = rowId(id);
    if (n === null) return null;
    const row = await this.conn.row<FindingRow>(`reading finding ${id}`, `SELECT ${FINDING_COLUMNS} FROM ${this.t} WHERE id = $1`, [n]);
    return row ? findingOf(row) : null;
  }

  async setStatus(
    id: number,
    to: FindingStatus,
    change: { actor: string; note?: string | null; at: string; evidenceId?: number | null; system?: boolean },
  ): Promise<Finding> {
    const at = utc(change.at, 'the status change');
    return this.conn.write(`changing the status of finding ${id}`, async (tx) => {
      const row = await tx.row<{ status: FindingStatus }>(`SELECT status FROM ${this.t} WHERE id = $1 FOR UPDATE`, [rowId(id)]);
      if (!row) throw new CopywatchError('NOT_FOUND', `finding ${id} does not exist`);
      checkTransition(id, row.status, to, change.system === true);
      const evidenceId = change.evidenceId ?? null;
      await tx.run(`UPDATE ${this.t} SET status = $1, evidence_id = COALESCE($2, evidence_id) WHERE id = $3`, [to, evidenceId, id]);
      await this.event(tx, id, at, change.actor, row.status, to, change.note ?? null, evidenceId);
      return this.load(tx, id);
    });
  }

  async events(id: number): Promise<FindingEvent[]> {
    const rows = await this.conn.rows<EventRow>(
      `reading the events of finding ${id}`,
      `SELECT ${EVENT_COLUMNS} FROM ${this.eventsTable} WHERE finding_id = $1 ORDER BY id`,
      [rowId(id)],
    );
    return rows.map(eventOf);
  }

  private async event(
    tx: Tx,
    id: number,
    at: string,
    actor: string,
    from: FindingStatus | null,
    to: FindingStatus,
    note: string | null,
    evidenceId: number | null,
  ): Promise<void> {
    await tx.run(`INSERT INTO ${this.eventsTable} (finding_id, at, actor, from_status, to_status, note, evidence_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      id,
      at,
      actor,
      from,
      to,
      note,
      evidenceId,
    ]);
  }

  private async load(tx: Tx, id: number): Promise<Finding> {
    const row = await tx.row<FindingRow>(`SELECT ${FINDING_COLUMNS} FROM ${this.t} WHERE id = $1`, [id]);
    if (!row) throw new CopywatchError('INTERNAL', `finding ${id} vanished inside its own transaction`);
    return findingOf(row);
  }
}
