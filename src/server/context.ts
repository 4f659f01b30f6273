/** What the routes share: the app (config, store, jobs' inputs), the background jobs, the rate limits. */
import type { Response } from 'express';
import type { App } from '../scan/index.ts';
import type { FindingsCache } from './findings-cache.ts';
import type { BackgroundJobs } from './jobs.ts';
import { principalOf } from './auth/principal.ts';
import type { SignInThrottle } from './auth/throttle.ts';
import type { TokenBuckets } from './security.ts';

export interface ServerContext {
  app: App;
  jobs: BackgroundJobs;
  /** Manual checks, per person or bootstrap token. */
  checks: TokenBuckets;
  /** Failed sign-ins per account and address. */
  signIns: SignInThrottle;
  /** How long a session lasts (ms), and whether its cookie is always Secure. */
  session: { ttlMs: number; secureCookies: boolean };
  /** The findings list's answers, kept until a finding changes. */
  findingsCache: FindingsCache;
  /** Runs `task` after the tasks queued before it (manual checks, one at a time). */
  serial<T>(task: () => Promise<T>): Promise<T>;
}

/** Who a change is recorded as, in the audit trail. */
export function actorOf(res: Response): string {
  return principalOf(res)?.actor ?? 'anonymous';
}

/** Writes one line of the audit trail, naming whoever made the request. */
export async function audit(ctx: ServerContext, res: Response, action: string, subject: string | null, detail: Record<string, unknown> | null = null) {
  const who = principalOf(res);
  await ctx.app.store.accounts.audit({ at: ctx.app.clock().toISOString(), actor: actorOf(res), userId: who?.user?.id ?? null, action, subject, detail });
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
