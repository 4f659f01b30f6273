/**
 * Several machines: the job queue (pg-boss 10 in the store's PostgreSQL), `copywatch worker`,
 * queued scans, politeness and schedules held across processes. Used only with `queue.enabled`.
 * (scan-job.ts loads queued-scan.ts only when the queue is on.)
 */
export { queueStorage } from './queue.ts';
export { clusterScheduler, runWorker, type WorkerStats } from './worker.ts';
