/**
 * Crawl frontiers, one per key (`scan:portal`): URLs in insertion order, queued until done. A URL
 * is known to its frontier once pushed or done, and never queued twice, whichever process pushes it.
 */
import { CopywatchError } from '../../domain/index.ts';
import type { FrontierEntry, FrontierRepo } from '../ports.ts';
import type { PgConnection, Tx } from './db.ts';
import { lockKey } from './migrations.ts';

/** URLs per statement (each statement takes them as arrays). */
const CHUNK = 10_000;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export class PgFrontier implements FrontierRepo {
  private readonly t: string;

  constructor(private readonly conn: PgConnection) {
    this.t = conn.table('frontier');
  }

  async push(key: string, entries: FrontierEntry[]): Promise<number> {
    if (!entries.length) return 0;
    return this.conn.write(`adding ${entries.length} URLs to frontier ${key}`, async (tx) => {
      await this.lock(tx, key);
      let added = 0;
      // In the given order (ids are the queue's order); a URL given twice is taken once, the first time.
      for (const part of chunks(entries)) {
        added += await tx.run(`INSERT INTO ${this.t} (key, url, depth)
          SELECT $1, e.url, e.depth FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS e (url, depth, n) ORDER BY e.n
          ON CONFLICT (key, url) DO NOTHING`, [key, part.map((e) => e.url), part.map((e) => e.depth)]);
      }
      return added;
    });
  }

  async next(key: string, limit: number): Promise<FrontierEntry[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new CopywatchError('INPUT_INVALID', `expected a positive limit, got ${String(limit)}`);
    return this.conn.rows<FrontierEntry>(`reading frontier ${key}`, `SELECT url, depth FROM ${this.t} WHERE key = $1 AND done = false ORDER BY id LIMIT $2`, [key, limit]);
  }

  /** Marks URLs done; a URL the frontier did not know is recorded as done (so it is never queued). */
  async done(key: string, urls: string[]): Promise<void> {
    if (!urls.length) return;
    const unique = [...new Set(urls)]; // one statement may not update a row twice
    await this.conn.write(`marking ${urls.length} URLs done in frontier ${key}`, async (tx) => {
      await this.lock(tx, key);
      for (const part of chunks(unique)) {
        await tx.run(`INSERT INTO ${this.t} (key, url, depth, done)
          SELECT $1, u.url, 0, true FROM unnest($2::text[]) WITH ORDINALITY AS u (url, n) ORDER BY u.n
          ON CONFLICT (key, url) DO UPDATE SET done = true`, [key, part]);
      }
    });
  }

  async counts(key: string): Promise<{ queued: number; done: number }> {
    const row = await this.conn.row<{ queued: number; done: number }>(`counting frontier ${key}`,
      `SELECT COUNT(*) FILTER (WHERE NOT done) AS queued, COUNT(*) FILTER (WHERE done) AS done FROM ${this.t} WHERE key = $1`, [key]);
    return { queued: row?.queued ?? 0, done: row?.done ?? 0 };
  }

  /**
   * Writes to one frontier take turns (an advisory lock on the key until the transaction ends):
   * two processes pushing overlapping URLs in different orders would otherwise lock each other's
   * rows crosswise and deadlock.
   */
  private async lock(tx: Tx, key: string): Promise<void> {
    await tx.run('SELECT pg_advisory_xact_lock($1, $2)', lockKey(this.conn.schema, `frontier:${key}`));
  }

  async clear(key: string): Promise<void> {
    await this.conn.rows(`clearing frontier ${key}`, `DELETE FROM ${this.t} WHERE key = $1`, [key]);
  }
}
