/**
 * Politeness across workers: one row per origin holding the earliest start of its next request.
 * Taking a turn moves it on by the interval in one statement (the row is locked for it), so two
 * workers on any machines never start requests to one origin closer than the interval; the
 * database's clock is the only clock involved. The caller waits the returned time, then sends.
 */
import type { QueueDb } from './db.ts';

export class HostSlots {
  private readonly t: string;

  constructor(private readonly db: QueueDb) {
    this.t = db.table('queue_host_slots');
  }

  /** Reserves the next start for `origin`, `intervalMs` after the previous one; resolves to the wait (ms). */
  async take(origin: string, intervalMs: number): Promise<number> {
    const rows = await this.db.rows<{ wait: number }>(`taking a turn at ${origin}`, `
      WITH now AS (SELECT clock_timestamp() AS t)
      INSERT INTO ${this.t} AS s (origin, next_at) SELECT $1, now.t + $2 * interval '1 millisecond' FROM now
      ON CONFLICT (origin) DO UPDATE SET next_at = greatest(s.next_at, clock_timestamp()) + $2 * interval '1 millisecond'
      RETURNING GREATEST(0, EXTRACT(EPOCH FROM (s.next_at - $2 * interval '1 millisecond' - clock_timestamp())) * 1000)::float8 AS wait`,
    [origin, intervalMs]);
    return rows[0]?.wait ?? 0;
  }
}
