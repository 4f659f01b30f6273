/**
 * A job the API started, on its own thread (jobs.ts starts it): its own app on the same config
 * and database, so that the scan's fetching, extraction and matching never hold up the server's
 * event loop, at a lower priority (niceness 10 on Linux) so that the API is served first when the
 * cores are busy. Talks to the server in three messages: `started` (the run's row), then `ended` (the
 * finished row) or `failed` (code and message); the server may send `abort` (it is stopping: the
 * run ends as interrupted and resumes on its next run).
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadedConfig } from '../config/index.ts';
import { CopywatchError, type Scan } from '../domain/index.ts';
import { openApp, runIndex, runRecheck, type JobOptions } from '../scan/index.ts';
import { runDiscoverJob } from '../queue/discover-job.ts';
import { runScanJob } from '../queue/scan-job.ts';
import { runScanWarcJob, runScheduledScanWarc } from '../queue/warc-job.ts';

export interface JobThreadData {
  job: 'index' | 'scan' | 'recheck' | 'discover' | 'scan-warc';
  target: string | null;
  /** scan-warc: the WARC files' paths (inside warc.dir, checked by the route); none from a schedule (the new files of warc.dir). */
  files?: string[];
  heartbeatMs: number;
  config: LoadedConfig;
}

export type JobThreadMessage =
  { type: 'started'; scan: Scan } | { type: 'ended'; scan: Scan } | { type: 'failed'; started: boolean; code: string; message: string };

/** Niceness of a job's thread: when the machine is busy, the API's thread is served first. */
export const JOB_NICENESS = 10;

/**
 * Lowers this thread's priority (Linux: a thread is a task of its own, /proc/thread-self names
 * it); elsewhere, or when it cannot be done, the job runs at the server's priority.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isSafeInteger(tid) && tid > 0) setPriority(tid, JOB_NICENESS);
  } catch {
    // not Linux, or not allowed: no matter
  }
}

lowerPriority();
const port = parentPort!;
const { job, target, files, heartbeatMs, config } = workerData as JobThreadData;
const abort = new AbortController();
const onMessage = (m: { type: string }) => {
  if (m?.type === 'abort') abort.abort(new Error('the server is stopping'));
};
port.on('message', onMessage);
const send = (m: JobThreadMessage) => port.postMessage(m);

let started = false;
const failed = (error: unknown) =>
  send({ type: 'failed', started, code: error instanceof CopywatchError ? error.code : 'INTERNAL', message: (error as Error)?.message ?? String(error) });
const app = await openApp(config.file, { config }).catch((error: unknown) => {
  failed(error);
  return null;
});
if (app) {
  try {
    const options: JobOptions = {
      signal: abort.signal,
      heartbeatMs,
      onStart: (scan) => {
        started = true;
        send({ type: 'started', scan });
      },
    };
    const scan =
      job === 'index'
        ? await runIndex(app, { ...options, source: target })
        : job === 'scan'
          ? await runScanJob(app, { ...options, target })
          : job === 'discover'
            ? (await runDiscoverJob(app, options)).scan
            : job === 'scan-warc'
              ? files
                ? await runScanWarcJob(app, files, options)
                : await runScheduledScanWarc(app, options) // a schedule: the files of warc.dir not judged yet
              : await runRecheck(app, options);
    send({ type: 'ended', scan });
  } catch (error) {
    failed(error);
  } finally {
    await app.close().catch(() => {});
  }
}
// Nothing left to wait for: the thread ends.
port.off('message', onMessage);
