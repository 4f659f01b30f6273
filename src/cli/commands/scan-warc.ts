/**
 * `copywatch scan-warc <file|url...>`: judges the HTML responses of WARC files (local, or downloaded as they are read) against the corpus
 * (src/scan/jobs-warc.ts), as one run with progress on stderr, and prints what it did.
 */
import type { Command } from 'commander';
import { terminalProgress } from '../../scan/index.ts';
import { runScanWarcJob } from '../../queue/warc-job.ts';
import { printFailures, scanSummary, withApp } from './jobs.ts';
import { summary } from './summaries.ts';

export function registerScanWarc(program: Command): void {
  program
    .command('scan-warc <file|url...>')
    .description(summary('scan-warc'))
    .action(async (files: string[], _opts: unknown, command: Command) => {
      await withApp(command, async (app) => {
        const progress = terminalProgress('scan-warc');
        const scan = await runScanWarcJob(app, files, { progress, handleSignals: true });
        progress.done(scan.counts, scanSummary(scan));
        await printFailures(app, scan);
        if (scan.status !== 'done') process.exitCode = 1;
      });
    });
}
