/** Captures that prove a finding: where the body came from, its hash, and the body itself (brotli). */
import type { Evidence } from '../../domain/index.ts';
import type { EvidenceInput, EvidenceRepo, PrunedEvidence } from '../ports.ts';
import { groupPruned, pruneCandidatesSql, pruneStatements } from '../evidence-prune.ts';
import { compressBody, restoreBody, rowId, toJson } from '../codec.ts';
import { EVIDENCE_COLUMNS, evidenceOf, type EvidenceRow } from '../rows.ts';
import type { PgConnection } from './db.ts';

export class PgEvidence implements EvidenceRepo {
  private readonly t: string;

  constructor(private readonly conn: PgConnection) {
    this.t = conn.table('evidence');
  }

  async add(input: EvidenceInput): Promise<number> {
    const body = input.body ? compressBody(input.body) : null;
    const row = await this.conn.row<{ id: number }>(
      `saving evidence of ${input.finalUrl}`,
      `INSERT INTO ${this.t}
      (requested_url, final_url, redirects, status, headers, captured_at, remote_address, sha256, size, article_text, page_text, note, body, body_encoding, warc_file, warc_offset, warc_record_id,
        screenshot, screenshot_sha256, screenshot_size, screenshot_taken_at, screenshot_note)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) RETURNING id`,
      [
        input.requestedUrl,
        input.finalUrl,
        toJson(input.redirects),
        input.status,
        toJson(input.headers),
        input.capturedAt,
        input.remoteAddress,
        input.sha256,
        input.size,
        input.articleText,
        input.pageText,
        input.note,
        body,
        body ? 'br' : null,
        input.warc?.file ?? null,
        input.warc?.offset ?? null,
        input.warc?.recordId ?? null,
        input.screenshotPng ?? null,
        input.screenshot?.sha256 ?? null,
        input.screenshot?.size ?? null,
        input.screenshot?.takenAt ?? null,
        input.screenshot?.note ?? null,
      ],
    );
    return row?.id ?? 0;
  }

  async get(id: number): Promise<Evidence | null> {
    const n = rowId(id);
    if (n === null) return null;
    const row = await this.conn.row<EvidenceRow>(`reading evidence ${id}`, `SELECT ${EVIDENCE_COLUMNS} FROM ${this.t} WHERE id = $1`, [n]);
    return row ? evidenceOf(row) : null;
  }

  async body(id: number): Promise<Buffer | null> {
    const n = rowId(id);
    if (n === null) return null;
    const row = await this.conn.row<{ body: Buffer | null; body_encoding: string | null }>(
      `reading the body of evidence ${id}`,
      `SELECT body, body_encoding FROM ${this.t} WHERE id = $1`,
      [n],
    );
    if (!row?.body) return null;
    return restoreBody(row.body, row.body_encoding);
  }

  async screenshot(id: number): Promise<Buffer | null> {
    const n = rowId(id);
    if (n === null) return null;
    const row = await this.conn.row<{ screenshot: Buffer | null }>(
      `reading the screenshot of evidence ${id}`,
      `SELECT screenshot FROM ${this.t} WHERE id = $1`,
      [n],
    );
    return row?.screenshot ?? null;
  }

  async pruneDismissed(before: string): Promise<PrunedEvidence[]> {
    const t = { findings: this.conn.table('findings'), events: this.conn.table('finding_events'), evidence: this.t };
    return this.conn.write('pruning the evidence of dismissed findings', async (tx) => {
      const rows = await tx.rows<{ finding_id: string; evidence_id: string; sha256: string }>(pruneCandidatesSql(t), [before]);
      const ids = [...new Set(rows.map((r) => Number(r.evidence_id)))];
      if (ids.length) for (const sql of pruneStatements(t, ids)) await tx.run(sql);
      return groupPruned(rows);
    });
  }
}
