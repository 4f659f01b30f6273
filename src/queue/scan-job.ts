/**
 * `copywatch scan` as the CLI, the server and the schedules start it: in this process
 * (scan/jobs.ts runScan), or, with the queue on, through the workers (queued-scan.ts, loaded only
 * then: a scan without the queue never loads pg-boss). The choice lives here, above scan/, so
 * scan/ never reaches up into the queue.
 */
import { CopywatchError, type Scan } from '../domain/index.ts';
import { pickSites, runScan, type App, type JobOptions } from '../scan/index.ts';

export async function runScanJob(app: App, options: JobOptions & { target?: string | null } = {}): Promise<Scan> {
  if (!app.config.queue.enabled) return runScan(app, options);
  const targets = pickSites(await app.targets(), options.target, 'target');
  // Several machines: the pages go to `copywatch worker` processes through the job queue.
  if (!(await app.store.articles.count())) throw new CopywatchError('INPUT_INVALID', 'the corpus is empty: run `copywatch index` first');
  const { runQueuedScan } = await import('./queued-scan.ts');
  return runQueuedScan(app, targets, options);
}
