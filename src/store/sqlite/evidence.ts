/** Captures that prove a finding: where the body came from, its hash, and the body itself (brotli). */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { Evidence } from '../../domain/index.ts';
import type { EvidenceInput, EvidenceRepo } from '../ports.ts';
import { fromJson, rowId, toJson } from './codec.ts';
import type { Connection } from './db.ts';

interface EvidenceRow {
  id: number;
  requested_url: string;
  final_url: string;
  redirects: string;
  status: number;
  headers: string;
  captured_at: string;
  remote_address: string | null;
  sha256: string;
  size: number;
  article_text: string | null;
  page_text: string | null;
  note: string | null;
}

const COLUMNS = 'id, requested_url, final_url, redirects, status, headers, captured_at, remote_address, sha256, size, article_text, page_text, note';

/** Brotli at quality 5: about as small as gzip -9 on HTML, and fast enough for multi-megabyte pages. */
function compress(body: Buffer): Buffer {
  return brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  });
}

export class SqliteEvidence implements EvidenceRepo {
  constructor(private readonly conn: Connection) {}

  async add(input: EvidenceInput): Promise<number> {
    const body = input.body ? compress(input.body) : null;
    return this.conn.write(`saving evidence of ${input.finalUrl}`, () => Number(this.conn.stmt(`INSERT INTO evidence
      (requested_url, final_url, redirects, status, headers, captured_at, remote_address, sha256, size, article_text, page_text, note, body, body_encoding)
      VALUES (@requested_url, @final_url, @redirects, @status, @headers, @captured_at, @remote_address, @sha256, @size, @article_text, @page_text, @note, @body, @body_encoding)`).run({
      requested_url: input.requestedUrl, final_url: input.finalUrl, redirects: toJson(input.redirects), status: input.status,
      headers: toJson(input.headers), captured_at: input.capturedAt, remote_address: input.remoteAddress, sha256: input.sha256,
      size: input.size, article_text: input.articleText, page_text: input.pageText, note: input.note, body, body_encoding: body ? 'br' : null,
    }).lastInsertRowid));
  }

  async get(id: number): Promise<Evidence | null> {
    const n = rowId(id);
    if (n === null) return null;
    const row = this.conn.read(`reading evidence ${id}`, () => this.conn.stmt<EvidenceRow>(`SELECT ${COLUMNS} FROM evidence WHERE id = ?`).get(n));
    if (!row) return null;
    return {
      id: row.id, requestedUrl: row.requested_url, finalUrl: row.final_url, redirects: fromJson<string[]>(row.redirects), status: row.status,
      headers: fromJson<Record<string, string>>(row.headers), capturedAt: row.captured_at, remoteAddress: row.remote_address,
      sha256: row.sha256, size: row.size, articleText: row.article_text, pageText: row.page_text, note: row.note,
    };
  }

  async body(id: number): Promise<Buffer | null> {
    const n = rowId(id);
    if (n === null) return null;
    return this.conn.read(`reading the body of evidence ${id}`, () => {
      const row = this.conn.stmt<{ body: Buffer | null; body_encoding: string | null }>('SELECT body, body_encoding FROM evidence WHERE id = ?').get(n);
      if (!row?.body) return null;
      return row.body_encoding === 'br' ? brotliDecompressSync(row.body) : row.body;
    });
  }
}
