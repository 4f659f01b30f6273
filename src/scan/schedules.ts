/**
 * Schedules from the config (cron expressions with time zones, croner), run by `copywatch serve`.
 * A run never overlaps the previous run of the same job (it is recorded as skipped instead), and
 * runs that should have happened while no scheduler was alive are recorded as missed.
 */
import { Cron } from 'croner';
import { describeError, isCopywatchError, type JobKind } from '../domain/index.ts';
import type { Store } from '../store/ports.ts';

export interface ScheduleSpec {
  cron: string;
  /** A job run records (JobKind), or `evidence-stamp` (the capture stamps pending: not a run, it records none). */
  job: Exclude<JobKind, 'check'> | 'evidence-stamp';
  target?: string | null;
  timezone?: string;
}

const ALIVE_KEY = 'scheduler-alive';
/** Missed runs recorded per schedule at most, when a scheduler comes back after a long absence. */
const MAX_MISSED = 20;

export interface SchedulerDeps {
  store: Store;
  clock?: () => Date;
  /** Runs a job to its end; throws when it fails (JOB_RUNNING when another process holds the store). */
  run: (spec: ScheduleSpec) => Promise<void>;
  note?: (line: string) => void;
  aliveEveryMs?: number;
}

export class Scheduler {
  private crons: Cron[] = [];
  private running = new Set<string>();
  private alive: NodeJS.Timeout | null = null;
  private readonly clock: () => Date;

  constructor(
    private readonly specs: ScheduleSpec[],
    private readonly deps: SchedulerDeps,
  ) {
    this.clock = deps.clock ?? (() => new Date());
  }

  async start(): Promise<void> {
    // No schedules (`serve --no-schedules`): nothing is written. Marking this process alive would
    // hide the runs that a scheduler, when one runs again, must record as missed.
    if (!this.specs.length) return;
    await this.recordMissed();
    for (const spec of this.specs) {
      this.crons.push(new Cron(spec.cron, { timezone: spec.timezone, catch: true }, () => void this.fire(spec)));
    }
    await this.markAlive();
    this.alive = setInterval(() => void this.markAlive().catch(() => {}), this.deps.aliveEveryMs ?? 30_000);
    this.alive.unref();
  }

  stop(): void {
    for (const c of this.crons) c.stop();
    this.crons = [];
    if (this.alive) clearInterval(this.alive);
  }

  /** The next time each schedule fires. */
  next(): Array<{ spec: ScheduleSpec; at: string | null }> {
    return this.specs.map((spec, i) => ({ spec, at: this.crons[i]?.nextRun()?.toISOString() ?? null }));
  }

  /** Runs one schedule now, as its cron would. */
  async fire(spec: ScheduleSpec): Promise<void> {
    const key = `${spec.job}:${spec.target ?? '*'}`;
    const at = this.clock().toISOString();
    if (this.running.has(key)) {
      if (spec.job !== 'evidence-stamp')
        await this.deps.store.scans.record({
          job: spec.job,
          target: spec.target ?? null,
          status: 'skipped',
          at,
          error: `the previous ${spec.job} run is still going; this run (${spec.cron}) was skipped`,
        });
      this.deps.note?.(`schedule ${spec.cron} ${spec.job}: skipped, the previous run is still going`);
      return;
    }
    this.running.add(key);
    try {
      await this.deps.run(spec);
    } catch (error) {
      if (isCopywatchError(error) && error.code === 'JOB_RUNNING' && spec.job !== 'evidence-stamp') {
        await this.deps.store.scans.record({ job: spec.job, target: spec.target ?? null, status: 'skipped', at, error: error.message });
      }
      this.deps.note?.(`schedule ${spec.cron} ${spec.job}: ${describeError(error)}`);
    } finally {
      this.running.delete(key);
    }
  }

  private async markAlive(): Promise<void> {
    await this.deps.store.putBlob(ALIVE_KEY, Buffer.from(this.clock().toISOString()));
  }

  private async recordMissed(): Promise<void> {
    const blob = await this.deps.store.getBlob(ALIVE_KEY);
    if (!blob) return; // never ran before: nothing was missed
    const since = new Date(blob.toString());
    const now = this.clock();
    for (const spec of this.specs) {
      // A missed stamping is not a missed run: the next one takes the stamps still due.
      if (spec.job === 'evidence-stamp') continue;
      const cron = new Cron(spec.cron, { timezone: spec.timezone, paused: true });
      const missed = cron
        .previousRuns(MAX_MISSED, now)
        .filter((t) => t > since)
        .reverse();
      cron.stop();
      for (const t of missed) {
        await this.deps.store.scans.record({
          job: spec.job,
          target: spec.target ?? null,
          status: 'missed',
          at: t.toISOString(),
          error: `the ${spec.job} run scheduled for ${t.toISOString()} (${spec.cron}${spec.timezone ? ` ${spec.timezone}` : ''}) did not happen: no scheduler was running between ${since.toISOString()} and ${now.toISOString()}`,
        });
        this.deps.note?.(`schedule ${spec.cron} ${spec.job}: missed the run of ${t.toISOString()}`);
      }
    }
  }
}
