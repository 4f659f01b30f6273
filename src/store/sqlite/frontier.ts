/**
 * Crawl frontiers, one per key (`scan:portal`): URLs in insertion order, queued until done. A URL
 * is known to its frontier once pushed or done, and never queued twice.
 */
import { CopywatchError } from '../../domain/index.ts';
import type { FrontierEntry, FrontierRepo } from '../ports.ts';
import type { Connection } from './db.ts';

export class SqliteFrontier implements FrontierRepo {
  constructor(private readonly conn: Connection) {}

  async push(key: string, entries: FrontierEntry[]): Promise<number> {
    if (!entries.length) return 0;
    return this.conn.write(`adding ${entries.length} URLs to frontier ${key}`, () => {
      const insert = this.conn.stmt('INSERT INTO frontier (key, url, depth) VALUES (?, ?, ?) ON CONFLICT (key, url) DO NOTHING');
      let added = 0;
      for (const e of entries) added += insert.run(key, e.url, e.depth).changes;
      return added;
    });
  }

  async next(key: string, limit: number): Promise<FrontierEntry[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new CopywatchError('INPUT_INVALID', `expected a positive limit, got ${String(limit)}`);
    return this.conn.read(`reading frontier ${key}`, () =>
      this.conn.stmt<FrontierEntry>('SELECT url, depth FROM frontier WHERE key = ? AND done = 0 ORDER BY id LIMIT ?').all(key, limit));
  }

  /** Marks URLs done; a URL the frontier did not know is recorded as done (so it is never queued). */
  async done(key: string, urls: string[]): Promise<void> {
    if (!urls.length) return;
    this.conn.write(`marking ${urls.length} URLs done in frontier ${key}`, () => {
      const mark = this.conn.stmt('INSERT INTO frontier (key, url, depth, done) VALUES (?, ?, 0, 1) ON CONFLICT (key, url) DO UPDATE SET done = 1');
      for (const url of urls) mark.run(key, url);
    });
  }

  async counts(key: string): Promise<{ queued: number; done: number }> {
    return this.conn.read(`counting frontier ${key}`, () => {
      const count = this.conn.stmt<number>('SELECT COUNT(*) FROM frontier WHERE key = ? AND done = ?').pluck();
      return { queued: count.get(key, 0) ?? 0, done: count.get(key, 1) ?? 0 };
    });
  }

  async clear(key: string): Promise<void> {
    this.conn.write(`clearing frontier ${key}`, () => {
      this.conn.stmt('DELETE FROM frontier WHERE key = ?').run(key);
    });
  }
}
