/**
 * `copywatch scan` with the queue on: starts the run (one job at a time per database, as ever),
 * queues the targets' seeds (e-paper editions, start URLs, sitemaps, feeds) as page jobs, then
 * waits while workers take them: progress from the counts the workers add, the run's heartbeat,
 * and its end once no page of it is left (the last worker ends it; the waiting process too, should
 * that worker die between its last page and the end). Ctrl-C ends the run as interrupted: workers
 * drop its remaining jobs. Killed, the run goes on in the workers and ends when they are done.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { SiteConfig } from '../config/index.ts';
import { seedEntries, type FrontierEntry } from '../crawl/index.ts';
import { describeError, type Scan } from '../domain/index.ts';
import { OWNER, silentProgress, staleAfter, type App, type JobOptions } from '../scan/index.ts';
import { LOST_PAGE } from './pages.ts';
import { openQueue, type Queue } from './queue.ts';

export async function runQueuedScan(app: App, targets: SiteConfig[], options: JobOptions & { target?: string | null; queue?: Queue } = {}): Promise<Scan> {
  return runQueuedJob(app, 'scan', options.target ?? null, options, async (scan, { db, pages }) => {
    const seeds: Array<{ site: SiteConfig; admitted: FrontierEntry[] }> = [];
    for (const site of targets) seeds.push({ site, ...(await pages.admit(scan.id, site.name, seedEntries(site, app.clock()), site.maxPages)) });
    await db.tx(`queueing the seeds of run #${scan.id}`, async (client) => {
      for (const { site, admitted } of seeds) await pages.enqueue(client, scan.id, site.name, admitted);
    });
  });
}

/**
 * A run through the workers (a queued scan, scan-warc or discover): starts its row, queues its jobs
 * (`queueWork`, each with its row in queue_pages), then follows it to its end (see above).
 */
export async function runQueuedJob(
  app: App,
  job: 'scan' | 'scan-warc' | 'discover',
  target: string | null,
  options: JobOptions & { queue?: Queue },
  queueWork: (scan: Scan, queue: Queue, signal: AbortSignal) => Promise<void>,
): Promise<Scan> {
  const queue = options.queue ?? (await openQueue(app.config));
  const now = () => app.clock().toISOString();
  const progress = options.progress ?? silentProgress;
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  options.signal?.addEventListener('abort', onSignal, { once: true });
  if (options.handleSignals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  try {
    const scan = await app.store.scans.start({
      job,
      target,
      owner: OWNER,
      at: now(),
      staleAfterMs: await staleAfter(app.store),
    });
    options.onStart?.(scan);
    const { pages } = queue;
    try {
      await pages.purge();
      await queueWork(scan, queue, abort.signal);
      const pollMs = app.config.queue.pollMs;
      const heartbeatMs = options.heartbeatMs ?? 2000;
      let lastBeat = 0;
      let lastReap = Date.now();
      for (;;) {
        const row = await app.store.scans.get(scan.id);
        if (!row || row.status !== 'running') return row ?? scan;
        if (abort.signal.aborted) {
          await pages.end(scan.id, 'interrupted', now(), 'interrupted');
          return (await app.store.scans.get(scan.id)) ?? scan;
        }
        if (await pages.end(scan.id, 'done', now())) continue;
        if (Date.now() - lastBeat >= heartbeatMs) {
          lastBeat = Date.now();
          const { counts, reasons } = await pages.totals(scan.id);
          progress.update(counts);
          await app.store.scans.heartbeat(scan.id, counts, reasons, now()).catch(() => undefined); // ended meanwhile: seen next turn
        }
        // Pages whose jobs were lost for good (failed their last retry without a worker to record it).
        if (Date.now() - lastReap >= Math.max(10_000, app.config.queue.jobTimeoutSec * 1000)) {
          lastReap = Date.now();
          const lost = await pages.reapOrphans(scan.id);
          const at = now();
          // Named with the run's failed pages: each job was killed or failed on every try, so the worker's own reason is lost with it.
          await app.store.scans.addFailures(
            scan.id,
            lost.map((url) => ({ url, reason: `${LOST_PAGE}: its job ended without a result on every try (a worker killed or stopped each time)`, at })),
          );
        }
        await delay(pollMs, undefined, { signal: abort.signal }).catch(() => undefined); // woken by Ctrl-C
      }
    } catch (error) {
      await pages.end(scan.id, abort.signal.aborted ? 'interrupted' : 'failed', now(), describeError(error)).catch(() => undefined);
      throw error;
    }
  } finally {
    if (options.handleSignals) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    options.signal?.removeEventListener('abort', onSignal);
    if (!options.queue) await queue.close();
  }
}
