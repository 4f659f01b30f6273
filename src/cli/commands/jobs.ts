/**
 * The job commands: `index`, `scan`, `check`, `recheck`. Each opens the app from `--config`, runs
 * one job (a scan row, progress on stderr, interruption by Ctrl-C), and prints what it did.
 */
import type { Command } from 'commander';
import type { Finding, Scan } from '../../domain/index.ts';
import { openApp, type App } from '../../scan/app.ts';
import { runCheck, runIndex, runRecheck, runScan } from '../../scan/jobs.ts';
import { terminalProgress } from '../../scan/progress.ts';
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
    `${c.pagesFetched} pages fetched`,
    `${c.notModified} unchanged`,
    scan.job === 'index' ? `${c.articles} articles` : `${c.matches} matches`,
    `${c.findingsNew} new findings`,
    `${c.findingsUpdated} seen again`,
  ];
  if (c.findingsReopened) parts.push(`${c.findingsReopened} reopened`);
  if (c.findingsResolved) parts.push(`${c.findingsResolved} resolved`);
  parts.push(`${c.failed} failed`, `${c.skipped} skipped`);
  const reasons = Object.entries(scan.reasons ?? {}).sort((a, b) => b[1] - a[1]).slice(0, 8);
  const tail = reasons.length ? `\n  reasons: ${reasons.map(([k, n]) => `${clean(k, 80)} ×${n}`).join('; ')}` : '';
  return `${parts.join(', ')}${tail}`;
}

export function findingLine(f: Finding): string {
  const rules = f.violations.map((v) => v.ruleId).join(',') || '-';
  return `#${f.id} ${f.severity.padEnd(8)} ${f.verdict.padEnd(7)} ${(f.containment * 100).toFixed(0).padStart(3)}% ${f.status.padEnd(11)} ${clean(f.url, 120)}  ← ${clean(f.articleTitle ?? f.articleUrl, 40)}  [${rules}]`;
}

export function registerJobs(program: Command): void {
  program
    .command('index')
    .description("crawl the publisher's sources and index their articles (the protected corpus)")
    .option('--source <name>', 'index only this source')
    .action(async (opts: { source?: string }, command: Command) => {
      await withApp(command, async (app) => {
        const progress = terminalProgress('index');
        const scan = await runIndex(app, { source: opts.source ?? null, progress, handleSignals: true });
        progress.done(scan.counts, scanSummary(scan));
        process.stdout.write(`corpus: ${(await app.corpus()).size} articles\n`);
        if (scan.status !== 'done') process.exitCode = 1;
      });
    });

  program
    .command('scan')
    .description('crawl the targets, match their pages against the corpus, judge the matches by the rules, record findings')
    .option('--target <name>', 'scan only this target')
    .action(async (opts: { target?: string }, command: Command) => {
      await withApp(command, async (app) => {
        const progress = terminalProgress('scan');
        const scan = await runScan(app, { target: opts.target ?? null, progress, handleSignals: true });
        progress.done(scan.counts, scanSummary(scan));
        if (scan.status !== 'done') process.exitCode = 1;
      });
    });

  program
    .command('check <url>')
    .description('check one URL now: its verdict against the corpus and the rules it breaks')
    .option('--json', 'print the result as JSON')
    .action(async (url: string, opts: { json?: boolean }, command: Command) => {
      await withApp(command, async (app) => {
        const result = await runCheck(app, url);
        const { judgement } = result;
        if (opts.json) {
          const matches = [...judgement.findings, ...judgement.allowed].map((j) => ({
            articleId: j.match.articleId,
            verdict: j.match.comparison.verdict,
            containment: j.match.comparison.containment,
            matchedChars: j.match.comparison.matchedChars,
            credited: j.match.comparison.credited,
            linksBack: j.match.comparison.linksBack,
            pageMirror: j.match.comparison.pageMirror,
            scope: j.match.comparison.scope,
            facts: j.facts,
            severity: j.severity,
            violations: j.violations,
          }));
          process.stdout.write(`${JSON.stringify({
            url: result.url,
            article: judgement.extraction.ok ? { title: judgement.extraction.article.title, credit: judgement.extraction.article.credit } : null,
            reason: judgement.extraction.ok ? null : judgement.extraction.reason,
            matches,
            findings: result.findings.map((f) => f.id),
          }, null, 2)}\n`);
          return;
        }
        const out: string[] = [`${clean(result.url, 200)}`];
        if (!judgement.extraction.ok) out.push(`  no article: ${judgement.extraction.reason}`);
        const all = [...judgement.findings, ...judgement.allowed];
        if (judgement.extraction.ok && !all.length) out.push('  no match in the corpus');
        for (const j of all) {
          const c = j.match.comparison;
          out.push(`  ${c.verdict} copy of article ${j.match.articleId} (${(c.containment * 100).toFixed(1)}% of it, ${c.matchedChars} chars; credited: ${c.credited ? 'yes' : 'no'}, links back: ${c.linksBack ? 'yes' : 'no'})`);
          if (!j.violations.length) out.push(`    allowed: ${j.facts.ownedDomain ? "the publisher's own domain" : j.facts.licensee ? `licensed to ${clean(j.facts.licensee, 60)}, within its terms` : 'no rule broken'}`);
          for (const v of j.violations) out.push(`    breaks ${v.ruleId} (${v.severity}): ${clean(v.title, 120)}${v.term ? ` [${v.term}]` : ''}`);
        }
        for (const f of result.findings) out.push(`  recorded finding #${f.id} (${f.status})`);
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });

  program
    .command('recheck')
    .description('fetch every open finding again: gone or changed pages resolve, returning copies reopen')
    .action(async (_opts: unknown, command: Command) => {
      await withApp(command, async (app) => {
        const progress = terminalProgress('recheck');
        const scan = await runRecheck(app, { progress, handleSignals: true });
        progress.done(scan.counts, scanSummary(scan));
        if (scan.status !== 'done') process.exitCode = 1;
      });
    });
}
