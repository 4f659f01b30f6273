/** Captures that prove a finding: where the body came from, its hash, and the body itself (brotli). */
import type { Evidence } from '../../domain/index.ts';
import type { EvidenceInput, EvidenceRepo, PrunedEvidence } from '../ports.ts';
import { groupPruned, pruneCandidatesSql, pruneStatements } from '../evidence-prune.ts';
import { compressBody, restoreBody, rowId, toJson } from '../codec.ts';
import { EVIDENCE_COLUMNS as COLUMNS, evidenceOf, type EvidenceRow } from '../rows.ts';
import type { Connection } from './db.ts';

export class SqliteEvidence implements EvidenceRepo {
  constructor(private readonly conn: Connection) {}

  async add(input: EvidenceInput): Promise<number> {
    const body = input.body ? compressBody(input.body) : null;
    return this.conn.write(`saving evidence of ${input.finalUrl}`, () =>
      Number(
        this.conn
          .stmt(
            `INSERT INTO evidence
      (requested_url, final_url, redirects, status, headers, captured_at, remote_address, sha256, size, article_text, page_text, note, body, body_encoding, warc_file, warc_offset, warc_record_id,
        screenshot, screenshot_sha256, screenshot_size, screenshot_taken_at, screenshot_note)
      VALUES (@requested_url, @final_url, @redirects, @status, @headers, @captured_at, @remote_address, @sha256, @size, @article_text, @page_text, @note, @body, @body_encoding,
        @warc_file, @warc_offset, @warc_record_id, @screenshot, @screenshot_sha256, @screenshot_size, @screenshot_taken_at, @screenshot_note)`,
          )
          .run({
            requested_url: input.requestedUrl,
            final_url: input.finalUrl,
            redirects: toJson(input.redirects),
            status: input.status,
            headers: toJson(input.headers),
            captured_at: input.capturedAt,
            remote_address: input.remoteAddress,
            sha256: input.sha256,
            size: input.size,
            article_text: input.articleText,
            page_text: input.pageText,
            note: input.note,
            body,
            body_encoding: body ? 'br' : null,
            warc_file: input.warc?.file ?? null,
            warc_offset: input.warc?.offset ?? null,
            warc_record_id: input.warc?.recordId ?? null,
            screenshot: input.screenshotPng ?? null,
            screenshot_sha256: input.screenshot?.sha256 ?? null,
            screenshot_size: input.screenshot?.size ?? null,
            screenshot_taken_at: input.screenshot?.takenAt ?? null,
            screenshot_note: input.screenshot?.note ?? null,
          }).lastInsertRowid,
      ),
    );
  }

  async get(id: number): Promise<Evidence | null> {
    const n = rowId(id);
    if (n === null) return null;
    const row = this.conn.read(`reading evidence ${id}`, () => this.conn.stmt<EvidenceRow>(`SELECT ${COLUMNS} FROM evidence WHERE id = ?`).get(n));
    return row ? evidenceOf(row) : null;
  }

  async body(id: number): Promise<Buffer | null> {
    const n = rowId(id);
    if (n === null) return null;
    return this.conn.read(`reading the body of evidence ${id}`, () => {
      const row = this.conn.stmt<{ body: Buffer | null; body_encoding: string | null }>('SELECT body, body_encoding FROM evidence WHERE id = ?').get(n);
      if (!row?.body) return null;
      return restoreBody(row.body, row.body_encoding);
    });
  }

  async screenshot(id: number): Promise<Buffer | null> {
    const n = rowId(id);
    if (n === null) return null;
    return this.conn.read(`reading the screenshot of evidence ${id}`, () => {
      const row = this.conn.stmt<{ screenshot: Buffer | null }>('SELECT screenshot FROM evidence WHERE id = ?').get(n);
      return row?.screenshot ? Buffer.from(row.screenshot) : null;
    });
  }

  async pruneDismissed(before: string): Promise<PrunedEvidence[]> {
    const t = { findings: 'findings', events: 'finding_events', evidence: 'evidence' };
    return this.conn.write('pruning the evidence of dismissed findings', () => {
      const rows = this.conn
        .stmt<{ finding_id: number; evidence_id: number; sha256: string }>(pruneCandidatesSql(t).replaceAll('$1', '@before'))
        .all({ before });
      const pruned = groupPruned(rows);
      const ids = [...new Set(rows.map((r) => r.evidence_id))];
      if (ids.length) for (const sql of pruneStatements(t, ids)) this.conn.stmt(sql).run();
      return pruned;
    });
  }
}
