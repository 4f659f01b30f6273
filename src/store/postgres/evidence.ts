/** Captures that prove a finding: where the body came from, its hash, and the body itself (brotli). */
import type { Evidence } from '../../domain/index.ts';
import type { EvidenceInput, EvidenceRepo, EvidenceStamp, PrunedEvidence, StampSubject } from '../ports.ts';
import { groupPruned, pruneCandidatesSql, pruneStatements } from '../evidence-prune.ts';
import { compressBody, restoreBody, rowId, toJson, warcRow } from '../codec.ts';
import { EVIDENCE_COLUMNS, evidenceOf, STAMP_COLUMNS, stampOf, type EvidenceRow, type StampRow } from '../rows.ts';
import type { PgConnection } from './db.ts';

export class PgEvidence implements EvidenceRepo {
  private readonly t: string;
  private readonly s: string;

  constructor(private readonly conn: PgConnection) {
    this.t = conn.table('evidence');
    this.s = conn.table('evidence_stamps');
  }

  async add(input: EvidenceInput): Promise<number> {
    const body = input.body ? compressBody(input.body) : null;
    const warc = input.fetchWarc ? warcRow(input.fetchWarc) : null;
    return this.conn.write(`saving evidence of ${input.finalUrl}`, async (tx) => {
      const row = await tx.row<{ id: number }>(
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
      const id = Number(row?.id ?? 0);
      if (warc && id)
        await tx.run(`INSERT INTO ${this.conn.table('evidence_warcs')} (evidence_id, warc, encoding, size, sha256) VALUES ($1, $2, $3, $4, $5)`, [
          id,
          warc.warc,
          warc.encoding,
          warc.size,
          warc.sha256,
        ]);
      return id;
    });
  }

  async fetchWarc(id: number): Promise<Buffer | null> {
    const n = rowId(id);
    if (n === null) return null;
    const row = await this.conn.row<{ warc: Buffer; encoding: string | null }>(
      `reading the WARC of evidence ${id}`,
      `SELECT warc, encoding FROM ${this.conn.table('evidence_warcs')} WHERE evidence_id = $1`,
      [n],
    );
    return row ? restoreBody(row.warc, row.encoding) : null;
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
    const t = {
      findings: this.conn.table('findings'),
      events: this.conn.table('finding_events'),
      evidence: this.t,
      stamps: this.s,
      warcs: this.conn.table('evidence_warcs'),
      images: this.conn.table('evidence_images'),
      blobs: this.conn.table('image_blobs'),
    };
    return this.conn.write('pruning the evidence of dismissed findings', async (tx) => {
      const rows = await tx.rows<{ finding_id: string; evidence_id: string; sha256: string }>(pruneCandidatesSql(t), [before]);
      const ids = [...new Set(rows.map((r) => Number(r.evidence_id)))];
      if (ids.length) for (const sql of pruneStatements(t, ids)) await tx.run(sql);
      return groupPruned(rows);
    });
  }

  async queueStamps(items: Array<{ evidenceId: number; what: StampSubject; sha256: string; tsaUrl: string }>, at: string): Promise<void> {
    if (!items.length) return;
    await this.conn.write('queueing timestamps of evidence', async (tx) => {
      for (const i of items)
        await tx.run(
          `INSERT INTO ${this.s} (evidence_id, what, sha256, tsa_url, status, attempts, next_at, created_at)
           VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5) ON CONFLICT (evidence_id, what) DO NOTHING`,
          [i.evidenceId, i.what, i.sha256, i.tsaUrl, at],
        );
    });
  }

  async dueStamps(now: string, limit: number): Promise<EvidenceStamp[]> {
    const rows = await this.conn.rows<StampRow>(
      'reading the timestamps due',
      `SELECT ${STAMP_COLUMNS} FROM ${this.s} WHERE status = 'pending' AND next_at <= $1 ORDER BY next_at, evidence_id, what LIMIT $2`,
      [now, Math.max(0, Math.trunc(limit))],
    );
    return rows.map(stampOf);
  }

  async stampsOf(evidenceId: number): Promise<EvidenceStamp[]> {
    const rows = await this.conn.rows<StampRow>(
      `reading the timestamps of evidence ${evidenceId}`,
      `SELECT ${STAMP_COLUMNS} FROM ${this.s} WHERE evidence_id = $1 ORDER BY what`,
      [evidenceId],
    );
    return rows.map(stampOf);
  }

  async stampGranted(evidenceId: number, what: StampSubject, token: Buffer, genTime: string, at: string): Promise<void> {
    await this.conn.rows(
      `keeping the timestamp of evidence ${evidenceId}`,
      `UPDATE ${this.s} SET status = 'stamped', token = $1, gen_time = $2, stamped_at = $3, attempts = attempts + 1, last_error = NULL
       WHERE evidence_id = $4 AND what = $5 AND status = 'pending'`,
      [token, genTime, at, evidenceId, what],
    );
  }

  async stampFailed(evidenceId: number, what: StampSubject, error: string, nextAt: string): Promise<void> {
    await this.conn.rows(
      `recording a failed timestamp of evidence ${evidenceId}`,
      `UPDATE ${this.s} SET attempts = attempts + 1, last_error = $1, next_at = $2 WHERE evidence_id = $3 AND what = $4 AND status = 'pending'`,
      [error.slice(0, 1000), nextAt, evidenceId, what],
    );
  }

  async pendingStamps(): Promise<number> {
    const row = await this.conn.row<{ n: string }>('counting the timestamps pending', `SELECT COUNT(*) AS n FROM ${this.s} WHERE status = 'pending'`);
    return Number(row?.n ?? 0);
  }
}
