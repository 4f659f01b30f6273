/**
 * Schedules once per cluster: every `serve` and `worker` process with the queue on competes for
 * one PostgreSQL session advisory lock (per schema); the process holding it runs the schedules
 * (the same croner Scheduler as one machine: time zones, cron with seconds, overlapping runs
 * recorded as skipped, runs that fell while no process held the lock recorded as missed). The
 * lock belongs to a connection: when its process dies or loses the database, the server releases
 * it and another process takes over within `retryMs`. Should two ever believe they lead (a
 * connection the server has not yet noticed is dead), the run's one-job-at-a-time rule still lets
 * one run through and records the other as skipped.
 */
import { Cron } from 'croner';
import pg from 'pg';
import { Scheduler, type SchedulerDeps, type ScheduleSpec } from '../scan/index.ts';
import { lockKey } from '../store/postgres/locks.ts';

export class ClusterScheduler {
  private client: pg.Client | null = null;
  private inner: Scheduler | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private busy = false;

  constructor(
    private readonly url: string,
    private readonly schema: string,
    private readonly specs: ScheduleSpec[],
    private readonly deps: SchedulerDeps,
    private readonly retryMs = 5000,
  ) {}

  async start(): Promise<void> {
    if (!this.specs.length) return;
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.retryMs);
    this.timer.unref();
  }

  /** Tries to take the lead, or checks that the connection holding it is alive. */
  private async tick(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      if (this.client) {
        await this.client.query('SELECT 1');
        return;
      }
      const client = new pg.Client({ connectionString: this.url, application_name: 'copywatch-scheduler', connectionTimeoutMillis: 10_000, keepAlive: true });
      client.on('error', () => this.lose());
      await client.connect();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', lockKey(this.schema, 'scheduler'));
      if (!rows[0]?.ok || this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.inner = new Scheduler(this.specs, this.deps);
      await this.inner.start();
      this.deps.note?.('schedules: this process runs them for the cluster');
    } catch {
      this.lose();
    } finally {
      this.busy = false;
    }
  }

  private lose(): void {
    if (this.inner) this.deps.note?.('schedules: lost the lead (database connection); another process takes over');
    this.inner?.stop();
    this.inner = null;
    const client = this.client;
    this.client = null;
    void client?.end().catch(() => undefined);
  }

  /** The next time each schedule fires (whichever process runs it). */
  next(): Array<{ spec: ScheduleSpec; at: string | null }> {
    if (this.inner) return this.inner.next();
    return this.specs.map((spec) => {
      const cron = new Cron(spec.cron, { timezone: spec.timezone, paused: true });
      const at = cron.nextRun()?.toISOString() ?? null;
      cron.stop();
      return { spec, at };
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.inner?.stop();
    this.inner = null;
    const client = this.client;
    this.client = null;
    void client?.end().catch(() => undefined);
  }
}
