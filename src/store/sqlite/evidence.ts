/** Captures that prove a finding: where the body came from, its hash, and the body itself (brotli). */
import type { Evidence } from '../../domain/index.ts';
import type { EvidenceInput, EvidenceRepo, EvidenceStamp, PrunedEvidence, StampSubject } from '../ports.ts';
import { groupPruned, pruneCandidatesSql, pruneStatements } from '../evidence-prune.ts';
import { compressBody, restoreBody, rowId, toJson, warcRow } from '../codec.ts';
import { EVIDENCE_COLUMNS as COLUMNS, evidenceOf, STAMP_COLUMNS, stampOf, type EvidenceRow, type StampRow } from '../rows.ts';
import type { Connection } from './db.ts';

export class SqliteEvidence implements EvidenceRepo {
  constructor(private readonly conn: Connection) {}

  async add(input: EvidenceInput): Promise<number> {
    const body = input.body ? compressBody(input.body) : null;
    const warc = input.fetchWarc ? warcRow(input.fetchWarc) : null;
    return this.conn.write(`saving evidence of ${input.finalUrl}`, () => {
      const id = Number(
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
      );
      if (warc)
        this.conn
          .stmt('INSERT INTO evidence_warcs (evidence_id, warc, encoding, size, sha256) VALUES (?, ?, ?, ?, ?)')
          .run(id, warc.warc, warc.encoding, warc.size, warc.sha256);
      return id;
    });
  }

  async fetchWarc(id: number): Promise<Buffer | null> {
    const n = rowId(id);
    if (n === null) return null;
    return this.conn.read(`reading the WARC of evidence ${id}`, () => {
      const row = this.conn.stmt<{ warc: Buffer; encoding: string | null }>('SELECT warc, encoding FROM evidence_warcs WHERE evidence_id = ?').get(n);
      return row ? restoreBody(Buffer.from(row.warc), row.encoding) : null;
    });
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
    const t = {
      findings: 'findings',
      events: 'finding_events',
      evidence: 'evidence',
      stamps: 'evidence_stamps',
      warcs: 'evidence_warcs',
      images: 'evidence_images',
      blobs: 'image_blobs',
    };
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

  async queueStamps(items: Array<{ evidenceId: number; what: StampSubject; sha256: string; tsaUrl: string }>, at: string): Promise<void> {
    if (!items.length) return;
    this.conn.write('queueing timestamps of evidence', () => {
      const insert = this.conn.stmt(
        `INSERT INTO evidence_stamps (evidence_id, what, sha256, tsa_url, status, attempts, next_at, created_at)
         VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (evidence_id, what) DO NOTHING`,
      );
      for (const i of items) insert.run(i.evidenceId, i.what, i.sha256, i.tsaUrl, at, at);
    });
  }

  async dueStamps(now: string, limit: number): Promise<EvidenceStamp[]> {
    return this.conn.read('reading the timestamps due', () =>
      this.conn
        .stmt<StampRow>(`SELECT ${STAMP_COLUMNS} FROM evidence_stamps WHERE status = 'pending' AND next_at <= ? ORDER BY next_at, evidence_id, what LIMIT ?`)
        .all(now, Math.max(0, Math.trunc(limit)))
        .map(stampOf),
    );
  }

  async stampsOf(evidenceId: number): Promise<EvidenceStamp[]> {
    return this.conn.read(`reading the timestamps of evidence ${evidenceId}`, () =>
      this.conn.stmt<StampRow>(`SELECT ${STAMP_COLUMNS} FROM evidence_stamps WHERE evidence_id = ? ORDER BY what`).all(evidenceId).map(stampOf),
    );
  }

  async stampGranted(evidenceId: number, what: StampSubject, token: Buffer, genTime: string, at: string): Promise<void> {
    this.conn.write(`keeping the timestamp of evidence ${evidenceId}`, () =>
      this.conn
        .stmt(
          `UPDATE evidence_stamps SET status = 'stamped', token = ?, gen_time = ?, stamped_at = ?, attempts = attempts + 1, last_error = NULL
           WHERE evidence_id = ? AND what = ? AND status = 'pending'`,
        )
        .run(token, genTime, at, evidenceId, what),
    );
  }

  async stampFailed(evidenceId: number, what: StampSubject, error: string, nextAt: string): Promise<void> {
    this.conn.write(`recording a failed timestamp of evidence ${evidenceId}`, () =>
      this.conn
        .stmt(`UPDATE evidence_stamps SET attempts = attempts + 1, last_error = ?, next_at = ? WHERE evidence_id = ? AND what = ? AND status = 'pending'`)
        .run(error.slice(0, 1000), nextAt, evidenceId, what),
    );
  }

  async pendingStamps(): Promise<number> {
    return this.conn.read('counting the timestamps pending', () =>
      Number(this.conn.stmt<{ n: number }>(`SELECT COUNT(*) AS n FROM evidence_stamps WHERE status = 'pending'`).get()?.n ?? 0),
    );
  }
}
