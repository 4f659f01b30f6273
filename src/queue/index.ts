/**
 * Several machines: the job queue (pg-boss 10 in the store's PostgreSQL), `copywatch worker`,
 * queued scans, politeness and schedules held across processes. Used only with `queue.enabled`.
 */
export { bossSchema, openBoss, PAGE_QUEUE, type PageJobData } from './boss.ts';
export { CorpusRefresh } from './corpus-refresh.ts';
export { QueueDb } from './db.ts';
export { HostSlots } from './host-slots.ts';
export { ClusterScheduler } from './leader.ts';
export { PageJobs } from './page-job.ts';
export { ScanPages } from './pages.ts';
export { openQueue, queueStorage, type Queue } from './queue.ts';
export { runQueuedScan, seedsOf } from './queued-scan.ts';
export { clusterScheduler, runScheduled, runWorker, type WorkerOptions, type WorkerStats } from './worker.ts';
