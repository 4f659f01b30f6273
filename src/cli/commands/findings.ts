/**
 * Findings and reports on the command line: `findings` (list, filter, JSON/CSV), `mark` (a status
 * change with a note, kept in the audit trail), `report` (JSON, CSV, or HTML per finding/site, or a
 * takedown notice draft), `rules check` (validate rule files, naming file and field).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { summary } from './summaries.ts';
import { userInfo } from 'node:os';
import { CopywatchError, FINDING_KINDS, FINDING_STATUSES, SEVERITIES, type FindingStatus, type Severity } from '../../domain/index.ts';
import { findingsToCsv, findingsToJson } from '../../report/index.ts';
import { allFindings, makeReport, readRules } from '../../scan/index.ts';
import { loadConfig } from '../../config/index.ts';
import type { FindingFilter } from '../../store/ports.ts';
import { findingLine, withApp } from './jobs.ts';

interface FilterOptions {
  status?: string;
  site?: string;
  rule?: string;
  severity?: string;
  since?: string;
  kind?: string;
  limit?: number;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CopywatchError('INPUT_INVALID', `${what}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
}

export function filterOf(opts: FilterOptions): FindingFilter {
  const filter: FindingFilter = {};
  if (opts.status) filter.status = opts.status.split(',').map((s) => oneOf(s.trim(), FINDING_STATUSES, '--status')) as FindingStatus[];
  if (opts.severity) filter.severity = oneOf(opts.severity, SEVERITIES, '--severity') as Severity;
  if (opts.site) filter.site = opts.site.toLowerCase();
  if (opts.rule) filter.rule = opts.rule;
  if (opts.kind) filter.kind = oneOf(opts.kind, FINDING_KINDS, '--kind');
  if (opts.since) {
    const t = Date.parse(opts.since);
    if (!/^\d{4}-\d{2}-\d{2}/.test(opts.since) || Number.isNaN(t))
      throw new CopywatchError('INPUT_INVALID', `--since: expected a date such as 2024-05-01, got ${JSON.stringify(opts.since)}`);
    filter.since = new Date(t).toISOString();
  }
  return filter;
}

function positive(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new CopywatchError('INPUT_INVALID', `${name}: expected a positive whole number, got ${JSON.stringify(value)}`);
  return n;
}

function findingId(value: string): number {
  const n = Number(value.replace(/^#/, ''));
  if (!Number.isInteger(n) || n <= 0) throw new CopywatchError('INPUT_INVALID', `finding id: expected a number such as 12, got ${JSON.stringify(value)}`);
  return n;
}

function withFilters(command: Command): Command {
  return command
    .option('--status <s>', `by status (${FINDING_STATUSES.join(', ')}; comma-separated for several)`)
    .option('--site <host>', 'by the host of the copy')
    .option('--rule <id>', 'by a rule the copy breaks')
    .option('--severity <s>', `this severity or higher (${SEVERITIES.join(', ')})`)
    .option('--since <date>', 'last seen on or after this date (UTC)')
    .option('--kind <k>', 'what was copied: text or image (each with the findings that have both), or text+image');
}

function emit(text: string, out: string | undefined): void {
  if (!out) {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  try {
    writeFileSync(out, text);
  } catch (error) {
    throw new CopywatchError('INPUT_INVALID', `--out ${out}: cannot write: ${(error as Error).message}`);
  }
  process.stderr.write(`wrote ${out}\n`);
}

export function registerFindings(program: Command): void {
  withFilters(program.command('findings'))
    .description(summary('findings'))
    .option('--limit <n>', 'at most this many', (v) => positive(v, '--limit'))
    .option('--json', 'print as JSON')
    .option('--csv', 'print as CSV')
    .action(async (opts: FilterOptions & { json?: boolean; csv?: boolean }, command: Command) => {
      const filter = filterOf(opts);
      await withApp(command, async (app) => {
        const findings = await allFindings(app.store, filter, opts.limit ?? Infinity);
        if (opts.json) return emit(findingsToJson(findings), undefined);
        if (opts.csv) return emit(findingsToCsv(findings), undefined);
        if (!findings.length) return emit('no findings', undefined);
        emit(findings.map(findingLine).join('\n'), undefined);
      });
    });

  program
    .command('mark <id> <status>')
    .description(summary('mark'))
    .option('--note <text>', 'why (kept with the change)')
    .option('--by <name>', 'who makes the change (default: the user name)')
    .action(async (id: string, status: string, opts: { note?: string; by?: string }, command: Command) => {
      const n = findingId(id);
      const to = oneOf(status, FINDING_STATUSES, 'status');
      await withApp(command, async (app) => {
        const updated = await app.store.findings.setStatus(n, to, { actor: opts.by ?? safeUser(), note: opts.note ?? null, at: app.clock().toISOString() });
        emit(findingLine(updated), undefined);
      });
    });

  withFilters(program.command('report'))
    .description(summary('report'))
    .option('--format <f>', 'json, csv or html', 'json')
    .option('--finding <id>', 'the evidence report (html) or takedown notice of one finding')
    .option('--notice <lang>', 'with --finding: a takedown notice draft in zh or en (text; html with --format html)')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (opts: FilterOptions & { format: string; finding?: string; notice?: string; out?: string }, command: Command) => {
      const format = oneOf(opts.format, ['json', 'csv', 'html'] as const, '--format');
      const filter = filterOf(opts);
      const notice = opts.notice ? oneOf(opts.notice, ['zh', 'en'] as const, '--notice') : null;
      if (notice && !opts.finding) throw new CopywatchError('INPUT_INVALID', '--notice: needs --finding <id>');
      await withApp(command, async (app) => {
        const report = await makeReport(app.store, app.config, {
          format,
          finding: opts.finding ? findingId(opts.finding) : undefined,
          notice: notice ?? undefined,
          filter,
          generatedAt: app.clock().toISOString(),
        });
        emit(report.body, opts.out);
      });
    });

  const rules = program.command('rules').description(summary('rules'));
  rules
    .command('check [files...]')
    .description("validate rule files (default: the config's rules), naming the file and field of every error")
    .action(async (files: string[], _opts: unknown, command: Command) => {
      const paths = files.length ? files : loadConfig(command.optsWithGlobals<{ config: string }>().config).rules;
      const errors: string[] = [];
      for (const path of paths) {
        try {
          const [set] = readRules([path]);
          process.stdout.write(`${path}: ok, ${set.rules.length} rules (${set.rules.map((r) => r.id).join(', ')})\n`);
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
      if (!errors.length)
        readRules(paths); // ids unique across the files
      else throw new CopywatchError('RULES_INVALID', errors.join('\n'));
    });
}

function safeUser(): string {
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}
