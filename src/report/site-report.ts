/**
 * The report for one host: what the store knows of it (SiteSummary), its findings counted by
 * verdict, severity and status, and the findings table, worst first. Printable, escaped.
 */
import type { Finding, FindingStatus, Severity, Verdict } from '../domain/index.ts';
import { FINDING_STATUSES, SEVERITIES } from '../domain/index.ts';
import { escapeHtml, langOf, urlHtml } from './escape.ts';
import { formatPercent, formatUtc, groupDigits } from './format.ts';
import { htmlPage } from './html-page.ts';
import { kvTable, severityBadge, statusBadge, table, textHtml, timeHtml, type Html } from './html-parts.ts';
import { severityLabel, statusLabel, verdictLabel } from './labels.ts';
import type { SiteReportInput } from './types.ts';

const VERDICT_ORDER: readonly Verdict[] = ['mirror', 'full', 'partial', 'none'];
const SEVERITY_ORDER: readonly Severity[] = [...SEVERITIES].reverse();

export interface SiteCounts {
  total: number;
  byVerdict: Record<Verdict, number>;
  bySeverity: Record<Severity, number>;
  byStatus: Record<FindingStatus, number>;
}

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Findings counted by verdict, severity and status (unknown values are counted in total only). */
export function countFindings(findings: Finding[]): SiteCounts {
  const counts: SiteCounts = { total: findings.length, byVerdict: zeros(VERDICT_ORDER), bySeverity: zeros(SEVERITIES), byStatus: zeros(FINDING_STATUSES) };
  for (const f of findings) {
    if (f.verdict in counts.byVerdict) counts.byVerdict[f.verdict] += 1;
    if (f.severity in counts.bySeverity) counts.bySeverity[f.severity] += 1;
    if (f.status in counts.byStatus) counts.byStatus[f.status] += 1;
  }
  return counts;
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);

/** Worst first: severity, then most recently seen, then id. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => rank(b.severity) - rank(a.severity) || (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0) || a.id - b.id);
}

function countTable(title: string, entries: Array<[key: string, label: string, n: number]>): Html {
  const rows = entries.map(([key, label, n]) => [`<code>${escapeHtml(key)}</code>${label === key ? '' : ` ${escapeHtml(label)}`}`, escapeHtml(groupDigits(n))]);
  return `<div class="col"><h3>${escapeHtml(title)}</h3>${table([['Value'], ['Findings', 'num']], rows)}</div>`;
}

function findingsTable(findings: Finding[]): Html {
  if (!findings.length) return '<p class="muted">No findings on this host.</p>';
  return table(
    [
      ['#', 'num'],
      ['Status'],
      ['Severity'],
      ['Verdict'],
      ['Containment', 'num'],
      ['Article'],
      ['Copy URL'],
      ['Rules'],
      ['First seen (UTC)'],
      ['Last seen (UTC)'],
    ],
    sortFindings(findings).map((f) => [
      escapeHtml(f.id),
      statusBadge(f.status),
      severityBadge(f.severity),
      escapeHtml(f.verdict),
      escapeHtml(formatPercent(f.containment)),
      `${f.articleTitle ? `<span${langOf(f.articleTitle)}>${escapeHtml(f.articleTitle)}</span>` : textHtml(null, 'untitled')}<br><span class="small">${urlHtml(f.articleUrl)}</span>`,
      urlHtml(f.url),
      f.violations.map((v) => `<code>${escapeHtml(v.ruleId)}</code>`).join('<br>'),
      timeHtml(f.firstSeen),
      timeHtml(f.lastSeen),
    ]),
    'wide',
  );
}

/** The report for one host, as a complete HTML document. */
export function renderSiteReport(input: SiteReportInput): string {
  const { host, findings, summary, publisher, generatedAt } = input;
  const counts = countFindings(findings);
  const body = [
    '<header class="report">',
    `<div class="publisher"${langOf(publisher.name)}>${escapeHtml(publisher.name)} · site report</div>`,
    `<h1>Site <code>${escapeHtml(host)}</code></h1>`,
    `<div class="badges"><span class="badge">${escapeHtml(groupDigits(summary.findings))} finding(s)</span><span class="badge">${escapeHtml(groupDigits(summary.open))} to act on</span>${severityBadge(summary.maxSeverity)}</div>`,
    '</header>',
    '<section id="summary">',
    '<h2>Summary</h2>',
    kvTable([
      ['Host', `<code>${escapeHtml(summary.host)}</code>`],
      ['Findings (store)', escapeHtml(groupDigits(summary.findings))],
      ['To act on (open, confirmed, notice sent)', escapeHtml(groupDigits(summary.open))],
      ['Highest severity', escapeHtml(severityLabel(summary.maxSeverity))],
      ['Last seen (UTC)', timeHtml(summary.lastSeen)],
      ['Findings in this report', escapeHtml(groupDigits(counts.total))],
    ]),
    '<div class="cols">',
    countTable(
      'By verdict',
      VERDICT_ORDER.map((v) => [v, verdictLabel(v), counts.byVerdict[v]]),
    ),
    countTable(
      'By severity',
      SEVERITY_ORDER.map((s) => [s, severityLabel(s), counts.bySeverity[s]]),
    ),
    countTable(
      'By status',
      FINDING_STATUSES.map((s) => [s, statusLabel(s), counts.byStatus[s]]),
    ),
    '</div>',
    '</section>',
    '<section id="findings">',
    '<h2>Findings</h2>',
    findingsTable(findings),
    '</section>',
    `<footer class="report">Generated ${escapeHtml(formatUtc(generatedAt))} by copywatch for <span${langOf(publisher.name)}>${escapeHtml(publisher.name)}</span>.</footer>`,
  ].join('\n');
  return htmlPage({ title: `Site ${host} — ${publisher.name}`, lang: 'en', body });
}
