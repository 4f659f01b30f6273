/**
 * pg-boss 10 in the store's database, in its own schema `<storage schema>_boss`: the page jobs.
 * A job that runs past `jobTimeoutSec` (its worker died or hangs) is expired by pg-boss's
 * maintenance (any process with the queue open runs it, once per interval across the cluster)
 * and retried up to `retryLimit` times.
 */
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { QueueConfig } from '../config/index.ts';
import type { FrontierEntry } from '../crawl/index.ts';
import { CopywatchError, type DiscoveredBy } from '../domain/index.ts';
import { redact } from '../store/postgres/db.ts';
import { lockKey } from '../store/postgres/locks.ts';

export const PAGE_QUEUE = 'copywatch-page';
/** scan-warc with the queue on: one job per WARC file. */
export const WARC_QUEUE = 'copywatch-warc';

/** What a WARC file job carries: the run, the file's path (the same on every worker), and, from a schedule, the file as it was listed. */
export interface WarcJobData {
  scan: number;
  file: string;
  mark?: { size: number; mtimeMs: number };
}

/**
 * What a page job carries: the scan, the site (a target's name) and the frontier entry; a queued
 * discover's page, the search that proposed it (its site is `discover:<host>`, no target).
 */
export interface PageJobData extends FrontierEntry {
  scan: number;
  site: string;
  discoveredBy?: DiscoveredBy;
}

export function bossSchema(schema: string): string {
  return `${schema}_boss`;
}

export async function openBoss(url: string, schema: string, queue: QueueConfig, onError: (error: Error) => void = () => {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: bossSchema(schema),
    application_name: 'copywatch-boss',
    max: 4,
    // Schedules are copywatch's own (one leader per cluster, see leader.ts), not pg-boss's.
    schedule: false,
    supervise: true,
    migrate: true,
    // Expired jobs are found by the maintenance: often enough that a dead worker's job is retried soon after it expires.
    maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.ceil(queue.jobTimeoutSec / 2))),
    expireInSeconds: queue.jobTimeoutSec,
    retryLimit: queue.retryLimit,
    retryDelay: 0,
    archiveCompletedAfterSeconds: 3600,
    deleteAfterDays: 2,
  });
  boss.on('error', onError);
  // pg-boss creates and migrates its schema at start; two processes starting at once can
  // deadlock on it ("deadlock detected"), so starts are taken one at a time across the cluster.
  const gate = new pg.Client({ connectionString: url, application_name: 'copywatch-boss-start' });
  try {
    await gate.connect();
    await gate.query('SELECT pg_advisory_lock($1, $2)', lockKey(schema, 'boss-start'));
    await boss.start();
    for (const name of [PAGE_QUEUE, WARC_QUEUE]) {
      if (await boss.getQueue(name)) continue;
      try {
        await boss.createQueue(name, { name, policy: 'standard', retryLimit: queue.retryLimit, expireInSeconds: queue.jobTimeoutSec });
      } catch (error) {
        if (!(await boss.getQueue(name))) throw error; // another process created it meanwhile: fine
      }
    }
  } catch (error) {
    await boss.stop({ graceful: false, wait: false }).catch(() => undefined);
    if (error instanceof CopywatchError) throw error;
    throw new CopywatchError(
      'STORE_FAILED',
      `cannot open the job queue in ${redact(url)} (schema ${bossSchema(schema)}): ${String((error as Error).message ?? error).split('\n')[0]}`,
      { cause: error },
    );
  } finally {
    await gate.end().catch(() => undefined); // ending the session releases the lock
  }
  return boss;
}
