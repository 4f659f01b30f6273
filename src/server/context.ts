/** What the routes share: the app (config, store, jobs' inputs), the background jobs, the rate limits. */
import type { Response } from 'express';
import type { App } from '../scan/index.ts';
import type { FindingsCache } from './findings-cache.ts';
import type { BackgroundJobs } from './jobs.ts';
import { roleOf, type TokenBuckets } from './security.ts';

export interface ServerContext {
  app: App;
  jobs: BackgroundJobs;
  /** Manual checks, per token. */
  checks: TokenBuckets;
  /** The findings list's answers, kept until a finding changes. */
  findingsCache: FindingsCache;
  /** Runs `task` after the tasks queued before it (manual checks, one at a time). */
  serial<T>(task: () => Promise<T>): Promise<T>;
}

/** Who a change is recorded as, in the audit trail. */
export function actorOf(res: Response): string {
  return roleOf(res) === 'admin' ? 'api (admin token)' : 'api';
}

/** A queue of one: each task starts when the one before it has settled. */
export function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const run = tail.then(task, task);
    tail = run.catch(() => {});
    return run;
  };
}
