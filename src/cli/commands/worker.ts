/**
 * `copywatch worker`: one worker of the shared job queue (queue.enabled, storage.postgres), until
 * Ctrl-C. Run as many as the targets need, on any machines, with the same config.
 */
import type { Command } from 'commander';
import { summary } from './summaries.ts';
import { loadConfig } from '../../config/index.ts';
import { openApp } from '../../scan/index.ts';
import { queueStorage, runWorker } from '../../queue/index.ts';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(summary('worker'))
    .option('--no-schedules', 'do not compete for the schedules')
    .action(async (opts: { schedules?: boolean }, command: Command) => {
      const path = command.optsWithGlobals<{ config: string }>().config;
      const config = loadConfig(path);
      queueStorage(config); // before opening anything: a config without the queue is refused as it is
      const app = await openApp(path, { config });
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const stats = await runWorker(app, { signal: stop.signal, schedules: opts.schedules });
        process.stderr.write(`worker stopped: ${stats.jobs} jobs done, ${stats.failed} given back or failed\n`);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await app.close();
      }
    });
}
