/**
 * One WARC file job in a worker: the file judged as scan-warc judges it in one process, its counts
 * kept with its row in queue_pages (the run's totals are their sum), the file remembered as judged
 * when a schedule queued it, and the run ended when it was the last. A worker killed in the file
 * leaves the job to expire and run again: findings are upserts, nothing is recorded twice.
 */
import { EMPTY_COUNTS, isCopywatchError, type ScanCounts, type ScanFailure } from '../domain/index.ts';
import { markWarcScanned, reasonRecorder, scanWarcFileIn, silentProgress, type App, type Corpus, type JobControl } from '../scan/index.ts';
import type { WarcJobData } from './boss.ts';
import { WARC_SITE, type ScanPages } from './pages.ts';

export async function runWarcFileJob(
  deps: { app: App; corpus: Corpus; pages: ScanPages },
  job: WarcJobData,
  signal: AbortSignal,
  lastAttempt: boolean,
): Promise<void> {
  const { app, pages } = deps;
  const now = () => app.clock().toISOString();
  const state = await pages.state(job.scan, WARC_SITE, job.file);
  if (!state.running) return;
  if (!state.done) {
    const counts: ScanCounts = { ...EMPTY_COUNTS };
    const reasons: Record<string, number> = {};
    const failures: ScanFailure[] = [];
    const ctl: JobControl = {
      scan: { id: job.scan } as JobControl['scan'],
      counts,
      reason: reasonRecorder(reasons, failures, now),
      signal,
      progress: silentProgress,
      now,
    };
    try {
      await scanWarcFileIn(app, deps.corpus, ctl, job.file);
    } catch (error) {
      if (!lastAttempt || signal.aborted) throw error;
      counts.failed++;
      const why = isCopywatchError(error) ? `${error.code}: ${error.message}` : 'INTERNAL';
      ctl.reason(`failed: warc ${isCopywatchError(error) ? error.code : 'INTERNAL'} (after the last retry)`, { url: job.file, detail: `failed: ${why}` });
    }
    if (signal.aborted) throw new Error('interrupted');
    if (job.mark && !counts.failed) await markWarcScanned(app.store, job.file, job.mark);
    await pages.finish(job.scan, WARC_SITE, job.file, counts, reasons);
    if (failures.length) await app.store.scans.addFailures(job.scan, failures);
    await pages.heartbeat(job.scan, now());
  }
  await pages.end(job.scan, 'done', now());
}
