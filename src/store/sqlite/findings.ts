/**
 * Findings: one per original article and suspect URL, with the audit trail of every status change.
 * Writes live here; the reads are in finding-queries.ts, the class this one extends.
 */
import { CopywatchError, findingKindOf, type Finding, type FindingEvent, type FindingStatus } from '../../domain/index.ts';
import type { FindingInput, FindingRepo } from '../ports.ts';
import { severityRank, utc } from '../common.ts';
import { ACTIVE } from '../finding-lists.ts';
import { checkTransition, factsOnSighting, statusOnSighting } from '../transitions.ts';
import { later, rowId, toJson } from '../codec.ts';
import { FindingQueries } from './finding-queries.ts';
import { EVENT_COLUMNS, FINDING_COLUMNS, eventOf, findingOf, type EventRow, type FindingRow } from '../rows.ts';

export class SqliteFindings extends FindingQueries implements FindingRepo {
  async upsert(input: FindingInput, at: string, actor: string): Promise<{ finding: Finding; created: boolean; reopened: boolean }> {
    const seen = utc(at, 'the finding sighting');
    const values = {
      article_id: input.articleId,
      article_url: input.articleUrl,
      article_title: input.articleTitle,
      url: input.url,
      host: input.host,
      verdict: input.verdict,
      containment: input.containment,
      matched_chars: input.matchedChars,
      facts: toJson(input.facts),
      violations: toJson(input.violations),
      severity: input.severity,
      severity_rank: severityRank(input.severity),
      evidence_id: input.evidenceId,
      passages: toJson(input.passages),
      scope: input.scope,
      kind: findingKindOf(input.facts),
    };
    return this.conn.write(`saving the finding of article ${input.articleId} on ${input.url}`, () => {
      const old = this.conn
        .stmt<{ id: number; status: FindingStatus; last_seen: string; facts: string }>(
          'SELECT id, status, last_seen, facts FROM findings WHERE article_id = ? AND url = ?',
        )
        .get(input.articleId, input.url);
      let id: number;
      let reopened = false;
      if (!old) {
        id = Number(
          this.conn
            .stmt(
              `INSERT INTO findings (article_id, article_url, article_title, url, host, verdict, containment, matched_chars,
          facts, violations, severity, severity_rank, status, first_seen, last_seen, evidence_id, passages, scope, kind)
          VALUES (@article_id, @article_url, @article_title, @url, @host, @verdict, @containment, @matched_chars, @facts, @violations,
          @severity, @severity_rank, 'open', @seen, @seen, @evidence_id, @passages, @scope, @kind)`,
            )
            .run({ ...values, seen }).lastInsertRowid,
        );
        this.event(id, seen, actor, null, 'open', null, input.evidenceId);
      } else {
        id = old.id;
        const status = statusOnSighting(old.status);
        reopened = status !== old.status;
        this.conn
          .stmt(
            `UPDATE findings SET article_url = @article_url, article_title = @article_title, host = @host, verdict = @verdict,
          containment = @containment, matched_chars = @matched_chars, facts = @facts, violations = @violations, severity = @severity,
          severity_rank = @severity_rank, status = @status, last_seen = @last_seen, evidence_id = COALESCE(@evidence_id, evidence_id),
          passages = @passages, scope = @scope, kind = @kind WHERE id = @id`,
          )
          .run({ ...values, facts: toJson(factsOnSighting(input.facts, old.facts)), status, last_seen: later(old.last_seen, seen), id });
        if (reopened) this.event(id, seen, actor, 'resolved', 'open', 'seen again', input.evidenceId);
        this.conn.stmt('DELETE FROM finding_rules WHERE finding_id = ?').run(id);
      }
      const addRule = this.conn.stmt('INSERT OR IGNORE INTO finding_rules (rule_id, finding_id) VALUES (?, ?)');
      for (const v of input.violations) addRule.run(v.ruleId, id);
      return { finding: this.load(id), created: !old, reopened };
    });
  }

  async touch(url: string, at: string): Promise<number> {
    const seen = utc(at, 'the sighting');
    return this.conn.write(`noting the findings on ${url} as seen again`, () =>
      Number(
        this.conn
          .stmt(`UPDATE findings SET last_seen = ? WHERE url = ? AND status IN (${ACTIVE.map(() => '?').join(', ')}) AND last_seen < ?`)
          .run(seen, url, ...ACTIVE, seen).changes,
      ),
    );
  }

  async markUnresolved(id: number, at: string): Promise<string> {
    const when = utc(at, 'the failed lookup');
    return this.conn.write(`noting that the host of finding ${id} does not resolve`, () => {
      const row = this.conn
        .stmt<{ since: string }>('UPDATE findings SET unresolved_since = COALESCE(unresolved_since, ?) WHERE id = ? RETURNING unresolved_since AS since')
        .get(when, rowId(id));
      if (!row) throw new CopywatchError('NOT_FOUND', `finding ${id} does not exist`);
      return row.since;
    });
  }

  async resolvedAgain(id: number): Promise<void> {
    this.conn.write(`noting that the host of finding ${id} resolves`, () => {
      this.conn.stmt('UPDATE findings SET unresolved_since = NULL WHERE id = ? AND unresolved_since IS NOT NULL').run(rowId(id));
    });
  }

  async get(id: number): Promise<Finding | null> {
    const n = rowId(id);
    if (n === null) return null;
    const row = this.conn.read(`reading finding ${id}`, () => this.conn.stmt<FindingRow>(`SELECT ${FINDING_COLUMNS} FROM findings WHERE id = ?`).get(n));
    return row ? findingOf(row) : null;
  }

  async setStatus(
    id: number,
    to: FindingStatus,
    change: { actor: string; note?: string | null; at: string; evidenceId?: number | null; system?: boolean },
  ): Promise<Finding> {
    const at = utc(change.at, 'the status change');
    return this.conn.write(`changing the status of finding ${id}`, () => {
      const row = this.conn.stmt<{ status: FindingStatus }>('SELECT status FROM findings WHERE id = ?').get(rowId(id));
      if (!row) throw new CopywatchError('NOT_FOUND', `finding ${id} does not exist`);
      checkTransition(id, row.status, to, change.system === true);
      const evidenceId = change.evidenceId ?? null;
      this.conn.stmt('UPDATE findings SET status = ?, evidence_id = COALESCE(?, evidence_id) WHERE id = ?').run(to, evidenceId, id);
      this.event(id, at, change.actor, row.status, to, change.note ?? null, evidenceId);
      return this.load(id);
    });
  }

  async events(id: number): Promise<FindingEvent[]> {
    const rows = this.conn.read(`reading the events of finding ${id}`, () =>
      this.conn.stmt<EventRow>(`SELECT ${EVENT_COLUMNS} FROM finding_events WHERE finding_id = ? ORDER BY id`).all(rowId(id)),
    );
    return rows.map(eventOf);
  }

  private event(id: number, at: string, actor: string, from: FindingStatus | null, to: FindingStatus, note: string | null, evidenceId: number | null): void {
    this.conn
      .stmt('INSERT INTO finding_events (finding_id, at, actor, from_status, to_status, note, evidence_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, at, actor, from, to, note, evidenceId);
  }

  private load(id: number): Finding {
    const row = this.conn.stmt<FindingRow>(`SELECT ${FINDING_COLUMNS} FROM findings WHERE id = ?`).get(id);
    if (!row) throw new CopywatchError('INTERNAL', `finding ${id} vanished inside its own transaction`);
    return findingOf(row);
  }
}
