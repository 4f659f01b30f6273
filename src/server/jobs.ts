/**
 * Jobs the API starts (POST /api/scans) run in the background, each on a thread of its own
 * (job-thread.ts: its own app on the same config and database), so that a scan's fetching,
 * extraction and matching never hold up the server's event loop: the API answers at full speed
 * while a scan runs. The request is answered as soon as the run's row exists (202 with its id),
 * and the run's heartbeat keeps the row's counts fresh for GET /api/scans/:id. When the server
 * stops, running jobs are aborted (they finish as `interrupted` and resume on their next run) and
 * waited for.
 */
import { Worker } from 'node:worker_threads';
import { CopywatchError, ERROR_CODES, type ErrorCode, type Scan } from '../domain/index.ts';
import type { App } from '../scan/index.ts';
import type { JobThreadData, JobThreadMessage } from './job-thread.ts';

export type StartableJob = 'index' | 'scan' | 'recheck' | 'discover' | 'scan-warc';

/** Compiled (dist/, run by bin/copywatch.js) or the TypeScript sources (through tsx). */
const COMPILED = import.meta.url.endsWith('.js');
const THREAD_ENTRY = new URL(COMPILED ? './job-thread.js' : './job-thread.ts', import.meta.url).href;

/** The job thread's entry: compiled, itself; else through tsx's loader (a worker thread does not inherit the loader of its parent). */
function bootstrap(): string {
  if (COMPILED) return `import(${JSON.stringify(THREAD_ENTRY)});`;
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(THREAD_ENTRY)}); });`;
}

/** How long close() waits for an aborted job to record its end before the thread is stopped. */
const CLOSE_GRACE_MS = 30_000;

export class BackgroundJobs {
  private readonly abort = new AbortController();
  private readonly running = new Map<Worker, Promise<void>>();

  constructor(
    private readonly app: App,
    private readonly options: { heartbeatMs: number; log: (line: string) => void },
  ) {}

  /** Aborts when the server stops: for manual checks, which run on the server's thread. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /**
   * Starts a job; resolves with its row once the run has started, rejects when it could not start
   * (another job holds the database, an unknown target, an empty corpus).
   */
  start(job: StartableJob, target: string | null, files?: string[]): Promise<Scan> {
    return this.launch(job, target, files).started;
  }

  /** Runs a job to its end: resolves with the finished row, rejects when it could not start or failed. */
  run(job: StartableJob, target: string | null): Promise<Scan> {
    return this.launch(job, target).ended;
  }

  private launch(job: StartableJob, target: string | null, files?: string[]): { started: Promise<Scan>; ended: Promise<Scan> } {
    if (this.abort.signal.aborted) {
      const stopped = Promise.reject(new CopywatchError('JOB_RUNNING', 'the server is stopping'));
      stopped.catch(() => {});
      return { started: stopped, ended: stopped };
    }
    const data: JobThreadData = { job, target, files, heartbeatMs: this.options.heartbeatMs, config: this.app.config };
    const thread = new Worker(bootstrap(), { eval: true, workerData: data, name: `copywatch ${job}` });
    const what = `${job}${target ? ` ${target}` : ''}`;
    let onStarted!: (scan: Scan) => void;
    let onFailed!: (error: Error) => void;
    let onEnded!: (scan: Scan) => void;
    let onEndFailed!: (error: Error) => void;
    const started = new Promise<Scan>((resolve, reject) => {
      onStarted = resolve;
      onFailed = reject;
    });
    const ended = new Promise<Scan>((resolve, reject) => {
      onEnded = resolve;
      onEndFailed = reject;
    });
    started.catch(() => {});
    ended.catch(() => {});
    let settled = false;
    const fail = (error: Error, wasStarted: boolean) => {
      if (settled) return;
      settled = true;
      if (!wasStarted) onFailed(error);
      else this.options.log(`${what} failed: ${error instanceof CopywatchError ? `${error.code}: ` : ''}${error.message}`);
      onEndFailed(error);
    };
    let wasStarted = false;
    thread.on('message', (m: JobThreadMessage) => {
      if (m.type === 'started') {
        wasStarted = true;
        onStarted(m.scan);
      } else if (m.type === 'ended') {
        settled = true;
        this.options.log(`${m.scan.job} #${m.scan.id} ${m.scan.status}`);
        onEnded(m.scan);
      } else if (m.type === 'failed') {
        const code = (m.code in ERROR_CODES ? m.code : 'INTERNAL') as ErrorCode;
        fail(new CopywatchError(code, m.message), m.started || wasStarted);
      }
    });
    thread.on('error', (error) => fail(error, wasStarted));
    const exited = new Promise<void>((resolve) => {
      thread.once('exit', (code) => {
        fail(new CopywatchError('INTERNAL', `the ${what} job's thread ended (exit code ${code}) before the job did`), wasStarted);
        this.running.delete(thread);
        resolve();
      });
    });
    this.running.set(thread, exited);
    return { started, ended };
  }

  /** Jobs running now. */
  get runningCount(): number {
    return this.running.size;
  }

  /** Aborts every running job and waits for them to record how they ended. */
  async close(): Promise<void> {
    this.abort.abort(new Error('the server is stopping'));
    await Promise.all(
      [...this.running].map(async ([thread, exited]) => {
        thread.postMessage({ type: 'abort' });
        const timer = setTimeout(() => void thread.terminate(), CLOSE_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}
