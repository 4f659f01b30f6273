/**
 * `copywatch worker`: takes page jobs from the queue, up to `queue.batch` at once (and scan-warc's
 * WARC file jobs, one at a time), until stopped;
 * keeps its corpus index current as other processes add articles; competes for the cluster's
 * schedules. Stopping (SIGINT/SIGTERM) gives the jobs in hand back to the queue at once (they are
 * failed, so retried by another worker); a worker killed outright leaves them to expire.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import { describeError } from '../domain/index.ts';
import { CrawlerAdapter, OWNER, runIndex, runRecheck, runScheduledStamp, type App, type ScheduleSpec } from '../scan/index.ts';
import { runDiscoverJob } from './discover-job.ts';
import { runScanJob } from './scan-job.ts';
import { runScheduledScanWarc } from './warc-job.ts';
import { runWarcFileJob } from './warc-file-job.ts';
import { PAGE_QUEUE, WARC_QUEUE, type PageJobData, type WarcJobData } from './boss.ts';
import { CorpusRefresh } from './corpus-refresh.ts';
import { ClusterScheduler } from './leader.ts';
import { PageJobs } from './page-job.ts';
import { openQueue, queueStorage, type Queue } from './queue.ts';

export interface WorkerOptions {
  signal: AbortSignal;
  log?: (line: string) => void;
  /** Compete for the schedules of the config (default true). */
  schedules?: boolean;
  /** Called once the worker takes jobs. */
  onReady?: (worker: WorkerStats) => void;
}

export interface WorkerStats {
  jobs: number;
  failed: number;
  corpusSize: number;
  corpusApplied: number;
}

/** A schedule's job, as `serve` runs it (a scan goes through the queue). */
function runScheduled(app: App, spec: ScheduleSpec, signal: AbortSignal): Promise<unknown> {
  if (spec.job === 'index') return runIndex(app, { signal });
  if (spec.job === 'scan') return runScanJob(app, { target: spec.target ?? null, signal });
  // Discovery searches here, in the process that holds the schedules' lead (its queries share one daily budget); its pages go through the queue.
  if (spec.job === 'discover') return runDiscoverJob(app, { signal });
  if (spec.job === 'scan-warc') return runScheduledScanWarc(app, { signal });
  if (spec.job === 'evidence-stamp') return runScheduledStamp(app);
  return runRecheck(app, { signal });
}

/** The cluster's scheduler for a config with the queue on (serve and worker use it). */
export function clusterScheduler(app: App, run: (spec: ScheduleSpec) => Promise<void>, note?: (line: string) => void): ClusterScheduler {
  const { url, schema } = queueStorage(app.config);
  return new ClusterScheduler(url, schema, app.config.schedules, { store: app.store, clock: app.clock, run, note });
}

export async function runWorker(app: App, options: WorkerOptions): Promise<WorkerStats> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const q = app.config.queue;
  const queue: Queue = await openQueue(app.config, (error) => log(`worker ${OWNER}: queue: ${error.message.split('\n')[0]}`));
  const stats: WorkerStats = { jobs: 0, failed: 0, corpusSize: 0, corpusApplied: 0 };
  const stop = new AbortController();
  const onStop = () => stop.abort();
  options.signal.addEventListener('abort', onStop, { once: true });
  if (options.signal.aborted) stop.abort();
  const jobsAbort = new AbortController();
  let scheduler: ClusterScheduler | null = null;
  const scheduled = new Set<Promise<unknown>>();
  let refreshTimer: NodeJS.Timeout | null = null;
  let crawler: CrawlerAdapter | null = null;
  const stopped = new Promise<void>((r) => stop.signal.addEventListener('abort', () => r(), { once: true }));
  /** Resolves after `ms`, or at once when the worker stops. */
  const pause = (ms: number) => delay(ms, undefined, { signal: stop.signal }).catch(() => undefined);
  try {
    const refresh = new CorpusRefresh(queue.db);
    await refresh.mark();
    crawler = new CrawlerAdapter(app.config.crawler, app.store, app.clock, {
      hostGate: queue.slots,
    });
    const deps = { app, corpus: await app.corpus(), crawler, pages: queue.pages };
    const pageJobs = new PageJobs(deps);
    stats.corpusSize = deps.corpus.size;

    let refreshing = false;
    const refreshCorpus = async () => {
      if (refreshing) return;
      refreshing = true;
      try {
        stats.corpusApplied += await refresh.poll(deps.corpus);
        stats.corpusSize = deps.corpus.size;
      } catch (error) {
        log(`worker ${OWNER}: corpus refresh failed: ${describeError(error)}`);
      } finally {
        refreshing = false;
      }
    };
    refreshTimer = setInterval(() => void refreshCorpus(), q.corpusRefreshMs);
    refreshTimer.unref();

    if (options.schedules !== false && app.config.schedules.length) {
      scheduler = clusterScheduler(
        app,
        async (spec) => {
          const run = runScheduled(app, spec, stop.signal);
          scheduled.add(run);
          try {
            await run;
          } finally {
            scheduled.delete(run);
          }
        },
        log,
      );
      await scheduler.start();
    }
    log(`worker ${OWNER}: ${stats.corpusSize} articles in the corpus, ${q.batch} jobs at once, queue polled every ${q.pollMs} ms`);
    options.onReady?.(stats);

    const inFlight = new Set<Promise<void>>();
    let warcInFlight = 0;
    // A job that ends may have queued the links it found: look for them at once rather than after pollMs.
    let wake: () => void = () => {};
    const handle = async (job: PgBoss.JobWithMetadata<PageJobData | WarcJobData>) => {
      const last = job.retryCount >= job.retryLimit;
      const queueName = job.name === WARC_QUEUE ? WARC_QUEUE : PAGE_QUEUE;
      const what = 'file' in job.data ? job.data.file : job.data.url;
      // A job is given up before the queue expires it (and hands it to another worker, or fails
      // it): work on it past that would land beside the retry's, or after it was counted failed.
      const timeoutSec = queueName === WARC_QUEUE ? app.config.warc.jobTimeoutSec : q.jobTimeoutSec;
      const signal = AbortSignal.any([jobsAbort.signal, AbortSignal.timeout(Math.max(1000, timeoutSec * 1000 - 1000))]);
      try {
        if ('file' in job.data) await runWarcFileJob(deps, job.data, signal, last);
        else await pageJobs.run(job.data, signal, last);
        await queue.boss.complete(queueName, job.id);
        stats.jobs++;
      } catch (error) {
        stats.failed++;
        if (!jobsAbort.signal.aborted) log(`worker ${OWNER}: ${what}: ${describeError(error)} (attempt ${job.retryCount + 1} of ${job.retryLimit + 1})`);
        await queue.boss.fail(queueName, job.id, { message: describeError(error) }).catch(() => undefined);
      }
    };
    while (!stop.signal.aborted) {
      const free = q.batch - inFlight.size;
      if (free <= 0) {
        await Promise.race([...inFlight, stopped]);
        continue;
      }
      let jobs: Array<PgBoss.JobWithMetadata<PageJobData | WarcJobData>> = [];
      try {
        jobs = (await queue.boss.fetch<PageJobData>(PAGE_QUEUE, { batchSize: free, includeMetadata: true })) ?? [];
        // WARC files (scan-warc): one at a time per worker, each a long job of its own.
        if (jobs.length < free && !warcInFlight)
          jobs.push(...((await queue.boss.fetch<WarcJobData>(WARC_QUEUE, { batchSize: 1, includeMetadata: true })) ?? []));
      } catch (error) {
        log(`worker ${OWNER}: cannot take jobs: ${describeError(error)}`);
        await pause(Math.max(q.pollMs, 1000));
        continue;
      }
      for (const job of jobs) {
        const warc = job.name === WARC_QUEUE;
        if (warc) warcInFlight++;
        const p: Promise<void> = handle(job).finally(() => {
          if (warc) warcInFlight--;
          inFlight.delete(p);
          wake();
        });
        inFlight.add(p);
      }
      if (!jobs.length)
        await Promise.race([
          pause(q.pollMs),
          new Promise<void>((r) => {
            wake = r;
          }),
        ]);
    }
    // Stopping: the jobs in hand go back to the queue now, not after they expire; a scheduled job
    // (aborted too) records how it ended before the store closes, as in `serve`.
    scheduler?.stop();
    jobsAbort.abort();
    await Promise.all(inFlight);
    await Promise.allSettled(scheduled);
    return stats;
  } finally {
    if (refreshTimer) clearInterval(refreshTimer);
    scheduler?.stop();
    options.signal.removeEventListener('abort', onStop);
    await crawler?.close().catch(() => undefined);
    await queue.close();
  }
}
