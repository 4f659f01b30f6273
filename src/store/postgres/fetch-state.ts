/** What the crawler last got from a URL (validators, hash, links), for incremental recrawls. */
import type { FetchState, FetchStateRepo } from '../ports.ts';
import { toJson } from '../codec.ts';
import { FETCH_STATE_COLUMNS, fetchStateOf, type FetchStateRow } from '../rows.ts';
import type { PgConnection } from './db.ts';

export class PgFetchState implements FetchStateRepo {
  private readonly t: string;

  constructor(private readonly conn: PgConnection) {
    this.t = conn.table('fetch_state');
  }

  async get(url: string): Promise<FetchState | null> {
    const row = await this.conn.row<FetchStateRow>(`reading the fetch state of ${url}`, `SELECT ${FETCH_STATE_COLUMNS} FROM ${this.t} WHERE url = $1`, [url]);
    return row ? fetchStateOf(row) : null;
  }

  async put(state: FetchState): Promise<void> {
    await this.conn.rows(
      `saving the fetch state of ${state.url}`,
      `INSERT INTO ${this.t} (url, etag, last_modified, sha256, fetched_at, status, links)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, sha256 = excluded.sha256,
      fetched_at = excluded.fetched_at, status = excluded.status, links = excluded.links`,
      [
        state.url,
        state.etag,
        state.lastModified,
        state.sha256,
        state.fetchedAt,
        state.status,
        state.links === null || state.links === undefined ? null : toJson(state.links),
      ],
    );
  }
}
