/**
 * Jobs the API starts (POST /api/scans) run in this process, in the background: the request is
 * answered as soon as the run's row exists (202 with its id), and the run's heartbeat keeps the
 * row's counts fresh for GET /api/scans/:id. When the server stops, running jobs are aborted (they
 * finish as `interrupted` and resume on their next run) and waited for.
 */
import type { Scan } from '../domain/index.ts';
import { describeError } from '../domain/index.ts';
import type { App } from '../scan/app.ts';
import { runIndex, runRecheck, runScan, type JobOptions } from '../scan/jobs.ts';

export type StartableJob = 'index' | 'scan' | 'recheck';

export class BackgroundJobs {
  private readonly abort = new AbortController();
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly app: App, private readonly options: { heartbeatMs: number; log: (line: string) => void }) {}

  /** Aborts when the server stops: for jobs and manual checks alike. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /**
   * Starts a job; resolves with its row once the run has started, rejects when it could not start
   * (another job holds the database, an unknown target, an empty corpus).
   */
  start(job: StartableJob, target: string | null): Promise<Scan> {
    return new Promise<Scan>((resolve, reject) => {
      let started = false;
      const options: JobOptions = {
        signal: this.abort.signal,
        heartbeatMs: this.options.heartbeatMs,
        onStart: (scan) => {
          started = true;
          resolve(scan);
        },
      };
      const run = job === 'index' ? runIndex(this.app, { ...options, source: target })
        : job === 'scan' ? runScan(this.app, { ...options, target })
          : runRecheck(this.app, options);
      const tracked = run.then(
        (scan) => this.options.log(`${scan.job} #${scan.id} ${scan.status}`),
        (error) => {
          if (!started) reject(error);
          else this.options.log(`${job}${target ? ` ${target}` : ''} failed: ${describeError(error)}`);
        },
      ).finally(() => this.running.delete(tracked));
      this.running.add(tracked);
    });
  }

  /** How many jobs this process runs now. */
  get size(): number {
    return this.running.size;
  }

  /** Aborts every running job and waits for them to record how they ended. */
  async close(): Promise<void> {
    this.abort.abort(new Error('the server is stopping'));
    await Promise.allSettled([...this.running]);
  }
}
