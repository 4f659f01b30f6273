/**
 * Politeness across workers: one row per origin. A request takes the origin's turn when nobody
 * holds it and its interval has passed since the last request to the origin ended (`last_end`),
 * whoever made it: the taker is named in `holder` for a lease, in one statement on the locked row.
 * When its request has ended it releases the turn, moving `last_end` to now. A worker that asks
 * while the turn is held learns to ask again one interval later (the soonest the next turn can be
 * due). Each taker brings its own interval (its delayMs, the host's Crawl-delay, its backoff).
 * Two workers on any machines thus never start requests to one origin closer than the interval
 * after the previous one ended, and only the database's clock is involved.
 *
 * A holder that dies (kill -9, a lost machine) frees its turns at once: each process keeps one
 * presence connection open, its backend pid is recorded with the turns it holds, and a turn
 * whose pid is no longer among PostgreSQL's backends is freed, its request counted as ended then
 * (the dead request ended at the latest when its process did). The lease, a fetch's time cap and a
 * margin, frees a turn whose holder lives but never released it.
 */
import type pg from 'pg';
import type { HostGate } from '../crawl/index.ts';
import type { QueueDb } from './db.ts';

/** How long past its interval a waiter that stopped asking keeps its place in the line. */
const WAITER_GRACE_MS = 5000;

export class HostSlots implements HostGate {
  private readonly t: string;
  private readonly w: string;
  private presence: Promise<{ client: pg.Client; pid: number }> | null = null;
  private closed = false;

  constructor(private readonly db: QueueDb) {
    this.t = db.table('queue_host_turns');
    this.w = db.table('queue_host_waiters');
  }

  /** The pid of this process's presence connection (opened on first use, again after it broke). */
  private async pid(): Promise<number> {
    if (this.closed) throw new Error('the host turns are closed');
    this.presence ??= (async () => {
      const client = await this.db.dedicated('opening the presence connection');
      const broken = () => {
        this.presence = null;
        client.end().catch(() => undefined);
      };
      client.on('error', broken);
      client.on('end', broken);
      const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      return { client, pid };
    })().catch((error) => {
      this.presence = null;
      throw error;
    });
    return (await this.presence).pid;
  }

  /**
   * Takes the turn of `origin` if it is free, due, and nobody has waited for it longer (0); else
   * the ms to wait before asking again. An asker told to wait is a waiter from then until it takes
   * a turn; one that stops asking (its jobs ended) is passed over once it has not asked for
   * its interval and WAITER_GRACE_MS.
   */
  async take(origin: string, intervalMs: number, leaseMs: number, holder: string): Promise<number> {
    const pid = await this.pid();
    const since = (
      await this.db.rows<{ since: string }>(
        `asking for a turn at ${origin}`,
        `
      INSERT INTO ${this.w} (origin, holder, since, seen) VALUES ($1, $2, clock_timestamp(), clock_timestamp())
      ON CONFLICT (origin, holder) DO UPDATE SET seen = EXCLUDED.seen
      RETURNING since::text AS since`,
        [origin, holder],
      )
    )[0].since; // as text: microseconds, which a Date would cut
    const rows = await this.db.rows<{ wait: number; held: boolean }>(
      `taking a turn at ${origin}`,
      `
      WITH ahead AS (
        SELECT EXISTS (SELECT 1 FROM ${this.w} w WHERE w.origin = $1 AND w.holder <> $4
          AND (w.since, w.holder) < ($6::timestamptz, $4::text)
          AND w.seen > clock_timestamp() - ($2 + ${WAITER_GRACE_MS}) * interval '1 millisecond') AS waiting
      ), claim AS (
        INSERT INTO ${this.t} AS s (origin, last_end, holder, holder_pid, lease_until)
          VALUES ($1, '-infinity', $4, $5, clock_timestamp() + $3 * interval '1 millisecond')
        ON CONFLICT (origin) DO UPDATE SET holder = EXCLUDED.holder, holder_pid = EXCLUDED.holder_pid, lease_until = EXCLUDED.lease_until
          WHERE s.holder IS NULL AND s.last_end + $2 * interval '1 millisecond' <= clock_timestamp() AND NOT (SELECT waiting FROM ahead)
        RETURNING 1
      ), left_line AS (
        DELETE FROM ${this.w} w WHERE w.origin = $1
          AND ((w.holder = $4 AND EXISTS (SELECT 1 FROM claim)) OR w.seen < clock_timestamp() - interval '1 hour')
      ), cur AS (SELECT * FROM ${this.t} WHERE origin = $1)
      SELECT CASE WHEN EXISTS (SELECT 1 FROM claim) THEN 0
          WHEN (SELECT holder FROM cur) IS NOT NULL OR (SELECT waiting FROM ahead) THEN GREATEST(25, $2::float8)
          ELSE COALESCE((SELECT GREATEST(1, EXTRACT(EPOCH FROM (last_end + $2 * interval '1 millisecond' - clock_timestamp())) * 1000) FROM cur), 1)
        END::float8 AS wait,
        NOT EXISTS (SELECT 1 FROM claim) AND (SELECT holder FROM cur) IS NOT NULL AS held`,
      [origin, intervalMs, leaseMs, holder, pid, since],
    );
    const row = rows[0];
    if (row?.held) await this.freeIfAbandoned(origin);
    return Math.max(0, row?.wait ?? 0);
  }

  /** Frees the turn of `origin` when its holder died or its lease ran out; its request counts as ended then. */
  private async freeIfAbandoned(origin: string): Promise<void> {
    await this.db.rows(
      `freeing an abandoned turn at ${origin}`,
      `
      UPDATE ${this.t} s SET holder = NULL, holder_pid = NULL, lease_until = NULL,
        last_end = GREATEST(s.last_end, LEAST(clock_timestamp(), s.lease_until))
      WHERE s.origin = $1 AND s.holder IS NOT NULL
        AND (s.lease_until <= clock_timestamp() OR NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = s.holder_pid))`,
      [origin],
    );
  }

  /**
   * Ends `holder`'s turn: its request ended now. A turn freed meanwhile (its lease ran out) and
   * taken by another is left to that one; `last_end` only ever moves later.
   */
  async release(origin: string, holder: string): Promise<void> {
    await this.db.rows(
      `ending a turn at ${origin}`,
      `
      UPDATE ${this.t} SET
        last_end = GREATEST(last_end, clock_timestamp()),
        holder = CASE WHEN holder = $2 THEN NULL ELSE holder END,
        holder_pid = CASE WHEN holder = $2 THEN NULL ELSE holder_pid END,
        lease_until = CASE WHEN holder = $2 THEN NULL ELSE lease_until END
      WHERE origin = $1`,
      [origin, holder],
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    const presence = await this.presence?.catch(() => null);
    this.presence = null;
    await presence?.client.end().catch(() => undefined);
  }
}
