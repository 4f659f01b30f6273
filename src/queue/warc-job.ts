/**
 * scan-warc as the CLI, the server and the schedules start it: in this process (scan/jobs.ts), or,
 * with the queue on, one job per WARC file on the queue, taken by `copywatch worker`s (each
 * reads its file at the same path: a folder every worker sees), the run ending once every file
 * job has. As scan-job.ts, the choice lives here, above scan/.
 */
import { resolve } from 'node:path';
import type { Scan } from '../domain/index.ts';
import { checkWarcInputs, runScanWarc, runScanWarcDir, warcLabel, type App, type JobOptions } from '../scan/index.ts';
import type { WarcJobData } from './boss.ts';

type QueuedFile = Omit<WarcJobData, 'scan'>;

async function runQueuedWarc(app: App, files: QueuedFile[], options: JobOptions): Promise<Scan> {
  const { runQueuedJob } = await import('./queued-scan.ts');
  return runQueuedJob(app, 'scan-warc', warcLabel(files.map((f) => f.file)), options, (scan, { db, pages }) =>
    db.tx(`queueing the WARC files of run #${scan.id}`, (client) => pages.enqueueFiles(client, scan.id, files, app.config.warc.jobTimeoutSec)),
  );
}

export async function runScanWarcJob(app: App, files: string[], options: JobOptions = {}): Promise<Scan> {
  if (!app.config.queue.enabled) return runScanWarc(app, files, options);
  await checkWarcInputs(app, files);
  return runQueuedWarc(
    app,
    files.map((f) => ({ file: resolve(f) })),
    options,
  );
}

/** A schedule's scan-warc: the new or changed files of warc.dir, through the queue when it is on. */
export function runScheduledScanWarc(app: App, options: JobOptions = {}): Promise<Scan> {
  return runScanWarcDir(app, {
    ...options,
    queued: app.config.queue.enabled
      ? (pending) =>
          runQueuedWarc(
            app,
            pending.map((p) => ({ file: p.path, mark: p.mark })),
            options,
          )
      : undefined,
  });
}
