/**
 * The frame every job runs in: a scan row (start, heartbeat, end, counts, reasons, error), a
 * terminal progress line, and interruption: SIGINT/SIGTERM abort the job, which then finishes as
 * `interrupted` and resumes on its next run. A job killed with SIGKILL leaves its row `running`;
 * the next job finds it stale (no heartbeat) and marks it interrupted.
 */
import { hostname } from 'node:os';
import { EMPTY_COUNTS, MAX_LISTED_FAILURES, describeError, type JobKind, type Scan, type ScanCounts, type ScanFailure } from '../domain/index.ts';
import type { Store } from '../store/ports.ts';
import type { StageTimings } from './judge.ts';
import { silentProgress, type Progress } from './progress.ts';

export interface JobControl {
  scan: Scan;
  counts: ScanCounts;
  /**
   * Counts a reason a page was skipped or failed; with `page`, a page that failed or held no
   * article, it is also listed by URL (scans.failures), with `detail` (else the key) as its reason.
   */
  reason(key: string, page?: { url: string; detail?: string }): void;
  signal: AbortSignal;
  progress: Progress;
  /** UTC ISO now. */
  now(): string;
  /** When set (benchmarks), the page handlers add the ms they spend per stage to it. */
  timings?: StageTimings;
}

export interface JobEnv {
  store: Store;
  clock?: () => Date;
  progress?: Progress;
  heartbeatMs?: number;
  /** Stop when this aborts (the server stopping, a test). SIGINT/SIGTERM also stop a CLI job. */
  signal?: AbortSignal;
  handleSignals?: boolean;
  /** Called with the run's row as soon as it is started (the server answers 202 with its id). */
  onStart?: (scan: Scan) => void;
  /** Stage timings to fill (benchmarks); absent, nothing is timed. */
  timings?: StageTimings;
}

export const OWNER = `${hostname()}:${process.pid}`;

export async function runJob<T>(env: JobEnv, job: JobKind, target: string | null, body: (ctl: JobControl) => Promise<T>): Promise<{ scan: Scan; result: T }> {
  const clock = env.clock ?? (() => new Date());
  const now = () => clock().toISOString();
  const scan = await env.store.scans.start({ job, target, owner: OWNER, at: now(), staleAfterMs: await staleAfter(env.store) });
  env.onStart?.(scan);
  const counts: ScanCounts = { ...EMPTY_COUNTS };
  const reasons: Record<string, number> = {};
  const abort = new AbortController();
  const onSignal = () => abort.abort(new Error('interrupted'));
  if (env.signal) env.signal.addEventListener('abort', onSignal, { once: true });
  if (env.handleSignals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  const progress = env.progress ?? silentProgress;
  // Failed pages wait here for the next heartbeat; past the store's cap they are only counted.
  const failures: ScanFailure[] = [];
  const flush = () => (failures.length ? env.store.scans.addFailures(scan.id, failures.splice(0)) : Promise.resolve());
  let beating = Promise.resolve();
  const timer = setInterval(() => {
    beating = beating
      .then(() => env.store.scans.heartbeat(scan.id, counts, reasons, now()))
      .then(flush)
      .catch(() => {});
    progress.update(counts);
  }, env.heartbeatMs ?? 2000);
  timer.unref();
  const ctl: JobControl = { scan, counts, reason: reasonRecorder(reasons, failures, now), signal: abort.signal, progress, now, timings: env.timings };
  try {
    const result = await body(ctl);
    clearInterval(timer);
    await beating;
    await flush().catch(() => {});
    const status = abort.signal.aborted ? 'interrupted' : 'done';
    const finished = await env.store.scans.finish(scan.id, status, counts, reasons, now());
    return { scan: finished, result };
  } catch (error) {
    clearInterval(timer);
    await beating;
    await flush().catch(() => {});
    const status = abort.signal.aborted ? 'interrupted' : 'failed';
    await env.store.scans.finish(scan.id, status, counts, reasons, now(), describeError(error)).catch(() => {});
    throw error;
  } finally {
    if (env.handleSignals) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    env.signal?.removeEventListener('abort', onSignal);
  }
}

/**
 * JobControl.reason over `reasons` (counts by key) and `failures` (the pages to list, at most
 * MAX_LISTED_FAILURES gathered here; the store keeps the cap per run).
 */
export function reasonRecorder(reasons: Record<string, number>, failures: ScanFailure[], now: () => string): JobControl['reason'] {
  let listed = 0;
  return (key, page) => {
    reasons[key] = (reasons[key] ?? 0) + 1;
    if (page && listed < MAX_LISTED_FAILURES) {
      listed++;
      failures.push({ url: page.url, reason: page.detail ?? key, at: now() });
    }
  };
}

/** True when `owner` (host:pid) is a process of this machine that no longer exists. */
function deadHere(owner: string | null): boolean {
  const m = owner ? /^(.*):(\d+)$/.exec(owner) : null;
  if (!m || m[1] !== hostname()) return false;
  try {
    process.kill(Number(m[2]), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * When every run still marked running belongs to a process of this machine that is gone (killed
 * with SIGKILL, a power cut), they are stale at once: the new run need not wait for the
 * heartbeat timeout. Otherwise the store's default applies.
 */
export async function staleAfter(store: Store): Promise<number | undefined> {
  const running = (await store.scans.list(50)).filter((s) => s.status === 'running');
  return running.length && running.every((s) => deadHere(s.owner)) ? 0 : undefined;
}
