/**
 * Politeness across workers: one row per origin. A request takes the origin's turn when nobody
 * holds it and it is due (`next_at` has passed), holding it for a lease (`next_at` is moved to the
 * lease's end, `holder` names the taker), all in one statement on the locked row; when its request
 * has ended it releases the turn, and the next is due the interval after that. A worker that asks
 * while the turn is held learns to ask again one interval later (the soonest the next turn can be
 * due); one that dies holding it frees it when the lease ends. Two workers on any machines thus
 * never start requests to one origin closer than the interval after the previous one ended, and
 * only the database's clock is involved.
 */
import type { HostGate } from '../crawl/index.ts';
import type { QueueDb } from './db.ts';

export class HostSlots implements HostGate {
  private readonly t: string;

  constructor(private readonly db: QueueDb) {
    this.t = db.table('queue_host_slots');
  }

  /** Takes the turn of `origin` if it is free and due (0), else the ms to wait before asking again. */
  async take(origin: string, intervalMs: number, leaseMs: number, holder: string): Promise<number> {
    const rows = await this.db.rows<{ wait: number }>(`taking a turn at ${origin}`, `
      WITH claim AS (
        INSERT INTO ${this.t} AS s (origin, next_at, holder) VALUES ($1, clock_timestamp() + $3 * interval '1 millisecond', $4)
        ON CONFLICT (origin) DO UPDATE SET next_at = EXCLUDED.next_at, holder = EXCLUDED.holder WHERE s.next_at <= clock_timestamp()
        RETURNING 1
      )
      SELECT CASE WHEN EXISTS (SELECT 1 FROM claim) THEN 0
        ELSE COALESCE((SELECT CASE WHEN holder IS NOT NULL THEN $2::float8
          ELSE GREATEST(1, EXTRACT(EPOCH FROM (next_at - clock_timestamp())) * 1000) END FROM ${this.t} WHERE origin = $1), 1) END::float8 AS wait`,
    [origin, intervalMs, leaseMs, holder]);
    return Math.max(0, rows[0]?.wait ?? 0);
  }

  /**
   * Ends `holder`'s turn: the next is due `intervalMs` from now. A turn whose lease ran out and
   * was taken by another is left to that one, only ever moved later.
   */
  async release(origin: string, intervalMs: number, holder: string): Promise<void> {
    await this.db.rows(`ending a turn at ${origin}`, `
      UPDATE ${this.t} SET
        next_at = CASE WHEN holder = $3 THEN clock_timestamp() + $2 * interval '1 millisecond'
          ELSE GREATEST(next_at, clock_timestamp() + $2 * interval '1 millisecond') END,
        holder = CASE WHEN holder = $3 THEN NULL ELSE holder END
      WHERE origin = $1`,
    [origin, intervalMs, holder]);
  }
}
