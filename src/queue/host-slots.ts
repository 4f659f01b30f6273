/**
 * Politeness across workers: one row per origin. A request takes the origin's turn when nobody
 * holds it and its interval has passed since the last request to the origin ended (`last_end`),
 * whoever made it: the taker is named in `holder` for a lease, in one statement on the locked row.
 * When its request has ended it releases the turn, moving `last_end` to now. A worker that asks
 * while the turn is held learns to ask again one interval later (the soonest the next turn can be
 * due); one that dies holding it frees it when the lease ends. Each taker brings its own interval
 * (its delayMs, the host's Crawl-delay, its backoff). Two workers on any machines thus never start
 * requests to one origin closer than the interval after the previous one ended, and only the
 * database's clock is involved.
 */
import type { HostGate } from '../crawl/index.ts';
import type { QueueDb } from './db.ts';

export class HostSlots implements HostGate {
  private readonly t: string;

  constructor(private readonly db: QueueDb) {
    this.t = db.table('queue_host_turns');
  }

  /** Takes the turn of `origin` if it is free and due (0), else the ms to wait before asking again. */
  async take(origin: string, intervalMs: number, leaseMs: number, holder: string): Promise<number> {
    const rows = await this.db.rows<{ wait: number }>(`taking a turn at ${origin}`, `
      WITH claim AS (
        INSERT INTO ${this.t} AS s (origin, last_end, holder, lease_until)
          VALUES ($1, '-infinity', $4, clock_timestamp() + $3 * interval '1 millisecond')
        ON CONFLICT (origin) DO UPDATE SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until
          WHERE (s.holder IS NULL OR s.lease_until <= clock_timestamp())
            AND s.last_end + $2 * interval '1 millisecond' <= clock_timestamp()
        RETURNING 1
      )
      SELECT CASE WHEN EXISTS (SELECT 1 FROM claim) THEN 0
        ELSE COALESCE((SELECT CASE WHEN holder IS NOT NULL AND lease_until > clock_timestamp() THEN GREATEST(25, $2::float8)
          ELSE GREATEST(1, EXTRACT(EPOCH FROM (last_end + $2 * interval '1 millisecond' - clock_timestamp())) * 1000) END
          FROM ${this.t} WHERE origin = $1), 1) END::float8 AS wait`,
    [origin, intervalMs, leaseMs, holder]);
    return Math.max(0, rows[0]?.wait ?? 0);
  }

  /**
   * Ends `holder`'s turn: its request ended now. A turn whose lease ran out and was taken by
   * another is left to that one; `last_end` only ever moves later.
   */
  async release(origin: string, holder: string): Promise<void> {
    await this.db.rows(`ending a turn at ${origin}`, `
      UPDATE ${this.t} SET
        last_end = GREATEST(last_end, clock_timestamp()),
        holder = CASE WHEN holder = $2 THEN NULL ELSE holder END,
        lease_until = CASE WHEN holder = $2 THEN NULL ELSE lease_until END
      WHERE origin = $1`,
    [origin, holder]);
  }
}
