/** What the crawler last got from a URL (validators, hash, links), for incremental recrawls. */
import type { FetchState, FetchStateRepo } from '../ports.ts';
import { toJson } from '../codec.ts';
import { FETCH_STATE_COLUMNS, fetchStateOf, type FetchStateRow } from '../rows.ts';
import type { Connection } from './db.ts';

export class SqliteFetchState implements FetchStateRepo {
  constructor(private readonly conn: Connection) {}

  async get(url: string): Promise<FetchState | null> {
    const row = this.conn.read(`reading the fetch state of ${url}`, () =>
      this.conn.stmt<FetchStateRow>(`SELECT ${FETCH_STATE_COLUMNS} FROM fetch_state WHERE url = ?`).get(url),
    );
    return row ? fetchStateOf(row) : null;
  }

  async put(state: FetchState): Promise<void> {
    this.conn.write(`saving the fetch state of ${state.url}`, () => {
      this.conn
        .stmt(
          `INSERT INTO fetch_state (url, etag, last_modified, sha256, fetched_at, status, links)
        VALUES (@url, @etag, @last_modified, @sha256, @fetched_at, @status, @links)
        ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, sha256 = excluded.sha256,
        fetched_at = excluded.fetched_at, status = excluded.status, links = excluded.links`,
        )
        .run({
          url: state.url,
          etag: state.etag,
          last_modified: state.lastModified,
          sha256: state.sha256,
          fetched_at: state.fetchedAt,
          status: state.status,
          links: state.links === null || state.links === undefined ? null : toJson(state.links),
        });
    });
  }
}
