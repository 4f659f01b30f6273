/**
 * Keeps a worker's corpus index current while other processes (an index job, on any machine) add
 * or change articles: every article carries a revision (`rev`, a sequence taken again whenever its
 * text changes, store migration 2); the worker reads the articles past the last revision it saw.
 *
 * Revisions are taken inside the writing transaction, so a smaller one may commit after a larger
 * one was read: each read starts again from the watermark of the read before the last (an overlap
 * of one interval, far longer than a write transaction), and an article already applied at the
 * same revision is not applied twice. Articles are never removed from the corpus (no command
 * removes one), so there is nothing else to follow.
 */
import { simhashFromHex } from '../fingerprint/index.ts';
import type { Corpus } from '../scan/index.ts';
import { blobToU32 } from '../store/codec.ts';
import type { QueueDb } from './db.ts';

interface Row {
  id: number;
  simhash: string;
  fingerprints: Buffer;
  units: number;
  content_hash: number;
  rev: number;
}

export class CorpusRefresh {
  private watermark = 0;
  private previous = 0;
  /** id → rev of the articles applied in the overlap window. */
  private recent = new Map<string, number>();
  private readonly t: string;

  constructor(
    private readonly db: QueueDb,
    private readonly batch = 5000,
  ) {
    this.t = db.table('articles');
  }

  /** Call before loading the index: what is written after this is read by `poll`. */
  async mark(): Promise<void> {
    const rows = await this.db.rows<{ rev: number | null }>('reading the corpus revision', `SELECT MAX(rev)::float8 AS rev FROM ${this.t}`);
    this.watermark = this.previous = Number(rows[0]?.rev ?? 0);
  }

  /** Applies what changed since the last poll; returns how many articles it applied. */
  async poll(corpus: Corpus): Promise<number> {
    const from = this.previous;
    const seen = new Map<string, number>();
    let after = from;
    let applied = 0;
    for (;;) {
      const rows = await this.db.rows<Row>(
        'reading changed articles',
        `SELECT id::float8 AS id, simhash, fingerprints, units::float8 AS units,
        content_hash::float8 AS content_hash, rev::float8 AS rev FROM ${this.t} WHERE rev > $1 ORDER BY rev LIMIT $2`,
        [after, this.batch],
      );
      for (const r of rows) {
        const id = String(r.id);
        seen.set(id, r.rev);
        if (this.recent.get(id) === r.rev) continue;
        corpus.update({
          id,
          simhash: simhashFromHex(r.simhash),
          fingerprints: blobToU32(r.fingerprints, `the fingerprints of article ${id}`),
          units: r.units,
          contentHash: r.content_hash,
        });
        applied++;
      }
      if (rows.length) after = rows[rows.length - 1].rev;
      if (rows.length < this.batch) break;
    }
    this.previous = this.watermark;
    this.watermark = Math.max(this.watermark, after);
    this.recent = seen;
    return applied;
  }
}
