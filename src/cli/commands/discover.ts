/**
 * `copywatch discover` (search-engine discovery) and `copywatch targets list|promote <host>`
 * (sites discovery found, promoted to targets: kept in the store, merged with the config's).
 */
import type { Command } from 'commander';
import { CopywatchError } from '../../domain/index.ts';
import { runDiscoverJob } from '../../queue/discover-job.ts';
import { listPromoted, promoteTarget, siteHosts, terminalProgress, type DiscoverSummary } from '../../scan/index.ts';
import { clean } from '../print.ts';
import { scanSummary, withApp } from './jobs.ts';
import { summary } from './summaries.ts';

/** The run's figures, one line each: what was asked, what came back, why URLs were left out, what was judged. */
export function discoverLines(s: DiscoverSummary): string[] {
  const filtered = Object.entries(s.filtered)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  return [
    `discover: ${s.articles} articles, ${s.queries} queries${s.failedQueries ? ` (${s.failedQueries} unanswered)` : ''}, ${s.results} results`,
    `  filtered: ${filtered || 'none'}`,
    `  proposed ${s.proposed} URLs, fetched ${s.fetched}, findings ${s.findings}`,
    ...(s.budgetExhausted ? [`  ${s.budgetExhausted}`] : []),
  ];
}

export function registerDiscover(program: Command): void {
  program
    .command('discover')
    .description(summary('discover'))
    .action(async (_opts: unknown, command: Command) => {
      await withApp(command, async (app) => {
        const progress = terminalProgress('discover');
        const { scan, summary: s } = await runDiscoverJob(app, { progress, handleSignals: true });
        progress.done(scan.counts, scanSummary(scan));
        process.stdout.write(`${discoverLines(s).join('\n')}\n`);
        if (scan.status !== 'done') process.exitCode = 1;
      });
    });

  const targets = program.command('targets').description(summary('targets'));
  targets
    .command('list')
    .description("the target sites: the config's, then those promoted from discovery")
    .option('--json', 'print them as JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      await withApp(command, async (app) => {
        const promoted = await listPromoted(app.store);
        const rows = [
          ...app.config.targets.map((t) => ({ name: t.name, startUrls: t.startUrls, origin: 'config' as const })),
          ...promoted.map((p) => ({ name: p.name, startUrls: [p.startUrl], origin: 'promoted' as const, at: p.at, actor: p.actor })),
        ];
        if (opts.json) return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        for (const r of rows)
          process.stdout.write(`${clean(r.name, 60).padEnd(32)} ${r.origin.padEnd(9)} ${r.startUrls.map((u) => clean(u, 120)).join(' ')}\n`);
      });
    });
  targets
    .command('promote <host>')
    .description('add a site that has findings (found by discovery) to the targets, so scans crawl it')
    .action(async (host: string, _opts: unknown, command: Command) => {
      await withApp(command, async (app) => {
        const findings = await app.store.findings.list({ site: host.toLowerCase(), limit: 1, passages: false });
        if (!findings.items.length) throw new CopywatchError('INPUT_INVALID', `${host} has no finding: only a site with findings can be promoted`);
        const { target, created } = await promoteTarget(app.store, {
          host,
          scheme: new URL(findings.items[0].url).protocol,
          at: app.clock().toISOString(),
          actor: 'cli',
          coveredHosts: siteHosts(app.config.targets),
        });
        process.stdout.write(
          `${created ? 'promoted' : 'already promoted'}: target ${clean(target.name, 80)} (${clean(target.startUrl, 120)}); \`copywatch scan --target ${target.name}\` crawls it\n`,
        );
      });
    });
}
