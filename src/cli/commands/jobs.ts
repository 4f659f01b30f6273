/**
 * The job commands: `index`, `scan`, `check`, `recheck`. Each opens the app from `--config`, runs
 * one job (a scan row, progress on stderr, interruption by Ctrl-C), and prints what it did.
 */
import type { Command } from 'commander';
import { summary } from './summaries.ts';
import type { Finding, Scan } from '../../domain/index.ts';
import { checkRecord, openApp, runAlerts, runCheck, runIndex, runRecheck, terminalProgress, type App } from '../../scan/index.ts';
import { runScanJob } from '../../queue/scan-job.ts';
import { clean } from '../print.ts';

interface GlobalOptions {
  config: string;
}

/** Opens the app for a command and always closes it. */
export async function withApp<T>(command: Command, body: (app: App) => Promise<T>): Promise<T> {
  const { config } = command.optsWithGlobals<GlobalOptions>();
  const app = await openApp(config);
  try {
    return await body(app);
  } finally {
    await app.close();
  }
}

export function scanSummary(scan: Scan): string {
  const c = scan.counts;
  const parts = [
    `${scan.job} #${scan.id} ${scan.status}`,
    ...(scan.job === 'scan-warc' ? [`${c.pagesFetched} HTML responses judged`] : [`${c.pagesFetched} pages fetched`, `${c.notModified} unchanged`]),
    scan.job === 'index' ? `${c.articles} articles` : `${c.matches} matches`,
    `${c.findingsNew} new findings`,
    `${c.findingsUpdated} seen again`,
  ];
  if (c.findingsReopened) parts.push(`${c.findingsReopened} reopened`);
  if (c.findingsResolved) parts.push(`${c.findingsResolved} resolved`);
  parts.push(`${c.failed} failed`, `${c.skipped} skipped`);
  const reasons = Object.entries(scan.reasons ?? {})
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8);
  const tail = reasons.length ? `\n  reasons: ${reasons.map(([k, n]) => `${clean(k, 80)} ×${n}`).join('; ')}` : '';
  return `${parts.join(', ')}${tail}`;
}

/** The run's failed pages, named (the first `max`), for the end of `index`, `scan`, `recheck` and `scan-warc`. */
export async function printFailures(app: App, scan: Scan, max = 20): Promise<void> {
  const failures = await app.store.scans.failures(scan.id, max + 1);
  if (!failures.length) return;
  const lines = failures.slice(0, max).map((f) => `  ${clean(f.url, 160)}  ${clean(f.reason, 200)}`);
  const more = failures.length > max ? `\n  … more in GET /api/scans/${scan.id} or the dashboard's Scans page` : '';
  process.stdout.write(`pages that failed or held no article:\n${lines.join('\n')}${more}\n`);
}

export function findingLine(f: Finding): string {
  const rules = f.violations.map((v) => v.ruleId).join(',') || '-';
  // A photo alone has no text verdict: the column says `photo`; a photo found with the text is named at the end.
  const verdict = f.kind === 'image' ? 'photo' : f.verdict;
  const photo = f.facts.image ? `  photo ${clean(f.facts.image.copy.url, 100)} (${f.facts.image.transforms.join(', ') || 'identical'})` : '';
  return `#${f.id} ${f.severity.padEnd(8)} ${verdict.padEnd(7)} ${(f.containment * 100).toFixed(0).padStart(3)}% ${f.status.padEnd(11)} ${clean(f.url, 120)}  ← ${clean(f.articleTitle ?? f.articleUrl, 40)}  [${rules}]${photo}`;
}

/** After a run: the alerts of the findings it opened, queued and sent (a failing channel keeps them queued; the run's exit code is its own). */
async function sendAlerts(app: App): Promise<void> {
  if (!app.config.alerts.length) return;
  const r = await runAlerts(app, (line) => process.stderr.write(`${line}\n`));
  if (r.queued || r.delivered || r.failed) process.stderr.write(`alerts: ${r.queued} queued, ${r.delivered} delivered, ${r.failed} waiting to be retried\n`);
}

export function registerJobs(program: Command): void {
  program
    .command('index')
    .description(summary('index'))
    .option('--source <name>', 'index only this source')
    .action(async (opts: { source?: string }, command: Command) => {
      await withApp(command, async (app) => {
        const progress = terminalProgress('index');
        const scan = await runIndex(app, { source: opts.source ?? null, progress, handleSignals: true });
        progress.done(scan.counts, scanSummary(scan));
        await printFailures(app, scan);
        process.stdout.write(`corpus: ${(await app.corpus()).size} articles\n`);
        if (scan.status !== 'done') process.exitCode = 1;
      });
    });

  program
    .command('scan')
    .description(summary('scan'))
    .option('--target <name>', 'scan only this target')
    .action(async (opts: { target?: string }, command: Command) => {
      await withApp(command, async (app) => {
        const progress = terminalProgress('scan');
        const scan = await runScanJob(app, { target: opts.target ?? null, progress, handleSignals: true });
        progress.done(scan.counts, scanSummary(scan));
        await printFailures(app, scan);
        await sendAlerts(app);
        if (scan.status !== 'done') process.exitCode = 1;
      });
    });

  program
    .command('check <url>')
    .description(summary('check'))
    .option('--json', 'print the result as JSON')
    .action(async (url: string, opts: { json?: boolean }, command: Command) => {
      await withApp(command, async (app) => {
        const result = await runCheck(app, url);
        const record = await checkRecord(app, result);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
          return;
        }
        const out: string[] = [`${clean(record.url, 200)}`];
        if (record.reason) out.push(`  no article: ${record.reason.code}`);
        if (record.article && !record.matches.length) out.push('  no match in the corpus');
        for (const m of record.matches) {
          const original = m.articleTitle ? `"${clean(m.articleTitle, 80)}"` : `article ${m.articleId}`;
          out.push(`  ${m.verdict} copy of ${original}${m.articleUrl ? ` (${clean(m.articleUrl, 200)})` : ''}`);
          out.push(
            `    ${(m.containment * 100).toFixed(1)}% of it, ${m.matchedChars} chars; credited: ${m.credited ? 'yes' : 'no'}, links back: ${m.linksBack ? 'yes' : 'no'}`,
          );
          if (m.allowed)
            out.push(
              `    allowed: ${m.ownedDomain ? "the publisher's own domain" : m.licensee ? `licensed to ${clean(m.licensee, 60)}, within its terms` : m.teaser ? 'a teaser (its headline and summary in a list of other stories), no rule broken' : 'no rule broken'}`,
            );
          for (const v of m.violations) out.push(`    breaks ${v.ruleId} (${v.severity}): ${clean(v.title, 120)}${v.term ? ` [${v.term}]` : ''}`);
        }
        for (const f of result.findings) out.push(`  recorded finding #${f.id} (${f.status})`);
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });

  program
    .command('recheck')
    .description(summary('recheck'))
    .action(async (_opts: unknown, command: Command) => {
      await withApp(command, async (app) => {
        const progress = terminalProgress('recheck');
        const scan = await runRecheck(app, { progress, handleSignals: true });
        progress.done(scan.counts, scanSummary(scan));
        await printFailures(app, scan);
        await sendAlerts(app);
        if (scan.status !== 'done') process.exitCode = 1;
      });
    });
}
