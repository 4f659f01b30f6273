/**
 * `copywatch serve`: the dashboard and the HTTP API, and the schedules of the config, in one
 * process until Ctrl-C. Jobs started by a schedule or from the dashboard run in this process, each
 * on a thread of its own; the database lets one crawling job run at a time (another is refused,
 * or recorded as skipped), and manual checks run beside it.
 */
import type { Command } from 'commander';
import { summary } from './summaries.ts';
import { openApp, runScheduledStamp, Scheduler, startAlertLoop, type App, type ScheduleSpec } from '../../scan/index.ts';
import { clusterScheduler } from '../../queue/index.ts';
import { startServer } from '../../server/index.ts';
import { BackgroundJobs } from '../../server/jobs.ts';
import { positiveInt } from './extract.ts';

/** How often serve queues and delivers alerts (ms). */
const ALERT_EVERY_MS = 15_000;

export interface ServeOptions {
  port?: number;
  host?: string;
  schedules?: boolean;
}

/** Serves until `stop` aborts; resolves once everything is closed. */
export async function serve(
  app: App,
  options: ServeOptions,
  stop: AbortSignal,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<void> {
  // Scheduled jobs run as the API's do, each on a thread of its own: the API stays responsive while they run.
  const jobs = new BackgroundJobs(app, { heartbeatMs: 500, log });
  const run = async (spec: ScheduleSpec) => {
    // Stamping asks the TSA only: no thread, no crawl, nothing that holds the store's run lock.
    if (spec.job === 'evidence-stamp') log(`schedule ${spec.cron} evidence-stamp: ${await runScheduledStamp(app)}`);
    else await jobs.run(spec.job, spec.target ?? null);
  };
  // With the queue on, the schedules run in one process of the cluster (serve or worker), whichever holds the lead.
  const scheduler =
    options.schedules === false
      ? new Scheduler([], { store: app.store, run })
      : app.config.queue.enabled
        ? clusterScheduler(app, run, log)
        : new Scheduler(app.config.schedules, { store: app.store, clock: app.clock, run, note: log });
  // The schedules start before the server listens: when they cannot start, nothing is left
  // answering with a store that is about to close; the error ends the command.
  await scheduler.start();
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(app, { host: options.host ?? app.config.server.host, port: options.port ?? app.config.server.port, jobs, log });
  } catch (error) {
    scheduler.stop();
    throw error;
  }
  log(`dashboard and API on ${server.url}  (sign in with an account: copywatch users add; or the bootstrap server.token from ${app.config.file})`);
  // Alerts: queued and delivered every 15 s (not with --no-schedules, which writes nothing).
  const alerts = options.schedules !== false && app.config.alerts.length ? startAlertLoop(app, ALERT_EVERY_MS, log) : null;
  for (const { spec, at } of scheduler.next())
    log(`schedule ${spec.cron}${spec.timezone ? ` (${spec.timezone})` : ''}: ${spec.job}${spec.target ? ` ${spec.target}` : ''}, next at ${at ?? 'never'}`);
  if (!stop.aborted) await new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }));
  log(
    jobs.runningCount
      ? `stopping: the running job${jobs.runningCount > 1 ? 's finish' : ' finishes'} as interrupted and resume${jobs.runningCount > 1 ? '' : 's'} on its next run`
      : 'stopping',
  );
  scheduler.stop();
  await alerts?.stop();
  await server.close(); // aborts the running jobs and waits for them to record how they ended
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(summary('serve'))
    .option('--port <n>', 'port (default server.port of the config)', (v) => positiveInt(v, '--port'))
    .option('--host <address>', 'address to listen on (default server.host of the config)')
    .option('--no-schedules', 'do not run the schedules')
    .action(async (opts: ServeOptions, command: Command) => {
      const app = await openApp(command.optsWithGlobals<{ config: string }>().config);
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await serve(app, opts, stop.signal);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await app.close();
      }
    });
}
