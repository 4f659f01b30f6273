/**
 * `copywatch evidence stamp`: asks the TSA (`evidence.tsa`) for the capture stamps still pending
 * (queued while it was down), those due by their backoff or, with `all`, every one. The schedule
 * job `evidence-stamp` runs the same (those due) from `copywatch serve` or the cluster's leader.
 */
import { CopywatchError } from '../domain/index.ts';
import type { App } from './app.ts';
import { CaptureStamps, type StampRound } from './tsa-stamp.ts';

export async function stampPending(app: App, { all = false }: { all?: boolean } = {}): Promise<StampRound> {
  const tsa = app.config.evidence.tsa;
  if (!tsa) throw new CopywatchError('INPUT_INVALID', 'evidence stamp: evidence.tsa is not set in the config: there is no Time-Stamp Authority to ask');
  const stamps = new CaptureStamps(app.store, tsa, app.config.crawler.userAgent, app.clock);
  const total: StampRound = { stamped: 0, failed: 0, pending: 0, reasons: [] };
  // Rounds of 100 until none is due or the TSA cannot be reached (a round stops there).
  for (;;) {
    const r = await stamps.round(100, { all });
    total.stamped += r.stamped;
    total.failed += r.failed;
    total.pending = r.pending;
    total.reasons.push(...r.reasons);
    if (r.failed || !r.stamped) return total;
  }
}

/** The `evidence-stamp` schedule's run: the stamps due, and one line of what became of them (with the first failure's reason). */
export async function runScheduledStamp(app: App): Promise<string> {
  const r = await stampPending(app);
  const line = `${r.stamped} stamped, ${r.failed} failed, ${r.pending} pending`;
  return r.failed ? `${line}; not stamped: ${r.reasons[0] ?? 'the TSA did not stamp'}` : line;
}
