/**
 * What each command is, as `copywatch --help` lists it: read by main.ts without loading any
 * command (a command's module, and what it imports, is loaded only when that command runs) and
 * by each command's own definition, so the two never differ.
 */
import { FINDING_STATUSES } from '../../domain/finding.ts';

export const COMMANDS = {
  extract: { usage: 'extract', module: 'extract', summary: 'extract the article from a page (a file or a URL), or from many pages with --jsonl' },
  compare: { usage: 'compare', module: 'compare', summary: 'compare a suspect page with an original article (files or URLs)' },
  crawl: { usage: 'crawl', module: 'crawl', summary: 'crawl the sources and targets of the config (or one site) and print what was fetched' },
  index: { usage: 'index', module: 'jobs', summary: "crawl the publisher's sources and index their articles (the protected corpus)" },
  scan: { usage: 'scan', module: 'jobs', summary: 'crawl the targets, match their pages against the corpus, judge the matches by the rules, record findings' },
  check: { usage: 'check <url>', module: 'jobs', summary: 'check one URL now: its verdict against the corpus and the rules it breaks' },
  recheck: { usage: 'recheck', module: 'jobs', summary: 'fetch every open finding again: gone or changed pages resolve, returning copies reopen' },
  discover: {
    usage: 'discover',
    module: 'discover',
    summary: "ask search engines for the articles' distinctive passages and judge the pages they answer with, as a scan would",
  },
  targets: { usage: 'targets', module: 'discover', summary: 'target sites: list them, or promote a site discovery found (targets promote <host>)' },
  'scan-warc': {
    usage: 'scan-warc <file|url...>',
    module: 'scan-warc',
    summary:
      'judge the HTML responses of web-archive files (.warc, .warc.gz; local, or http(s) URLs read as they download) against the corpus, as a scan judges pages, and record findings',
  },
  findings: { usage: 'findings', module: 'findings', summary: 'list findings (newest first), filtered' },
  mark: {
    usage: 'mark <id> <status>',
    module: 'findings',
    summary: `change a finding's status (${FINDING_STATUSES.join(', ')}), with a note kept in its audit trail`,
  },
  report: {
    usage: 'report',
    module: 'findings',
    summary: 'write a report: findings as JSON or CSV, an HTML evidence report for a finding or a site, or a takedown notice draft',
  },
  rules: { usage: 'rules', module: 'findings', summary: 'license rules' },
  evidence: {
    usage: 'evidence export|verify|prune',
    module: 'evidence',
    summary:
      "a finding's evidence bundle (WARC captures, the evidence report, a manifest of SHA-256 digests): export it, verify one, or prune the evidence of old dismissed findings (evidence.retainDismissedDays)",
  },
  users: { usage: 'users add|list|disable|reset', module: 'users', summary: 'accounts of the dashboard and the API, with roles (viewer, analyst, admin)' },
  serve: { usage: 'serve', module: 'serve', summary: 'serve the dashboard and the HTTP API, and run the schedules of the config, until Ctrl-C' },
  worker: {
    usage: 'worker',
    module: 'worker',
    summary: 'take page jobs from the shared queue (queue.enabled with storage.postgres) and run the schedules once per cluster, until Ctrl-C',
  },
} as const;

export type CommandName = keyof typeof COMMANDS;

export const summary = (name: CommandName): string => COMMANDS[name].summary;
