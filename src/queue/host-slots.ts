/**
 * Politeness across workers: one row per origin holding the earliest time its next request may
 * start. A worker takes the turn only when it is free (`next_at` has passed), moving `next_at` on
 * by the interval in the same statement (the row is locked for it); otherwise it learns how long
 * to wait and asks again. Two workers on any machines thus never start requests to one origin
 * closer than the interval, and only the database's clock is involved. Turns are claimed when
 * due, not booked ahead: a worker whose event loop stalls while it sleeps does not fire a booked
 * turn late, on top of the next one.
 */
import type { QueueDb } from './db.ts';

export class HostSlots {
  private readonly t: string;

  constructor(private readonly db: QueueDb) {
    this.t = db.table('queue_host_slots');
  }

  /** Takes the turn of `origin` if it is due (0), else the ms until it is (ask again then). */
  async take(origin: string, intervalMs: number): Promise<number> {
    const rows = await this.db.rows<{ wait: number }>(`taking a turn at ${origin}`, `
      WITH claim AS (
        INSERT INTO ${this.t} AS s (origin, next_at) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
        ON CONFLICT (origin) DO UPDATE SET next_at = clock_timestamp() + $2 * interval '1 millisecond' WHERE s.next_at <= clock_timestamp()
        RETURNING 1
      )
      SELECT CASE WHEN EXISTS (SELECT 1 FROM claim) THEN 0
        ELSE GREATEST(1, COALESCE((SELECT EXTRACT(EPOCH FROM (next_at - clock_timestamp())) * 1000 FROM ${this.t} WHERE origin = $1), 1)) END::float8 AS wait`,
    [origin, intervalMs]);
    return rows[0]?.wait ?? 0;
  }
}
