/** Small HTML pieces shared by the reports. Values are escaped here; `Html` values are trusted markup. */
import type { FindingStatus, Severity, Verdict } from '../domain/index.ts';
import { escapeHtml } from './escape.ts';
import { formatUtc } from './format.ts';
import { severityLabel, statusLabel, verdictLabel } from './labels.ts';

/** Markup built by this module (already escaped). */
export type Html = string;

/** A two-column table of labels and values; rows whose value is null are left out. */
export function kvTable(rows: Array<[label: string, value: Html | null]>, className = 'kv'): Html {
  const body = rows
    .filter((r): r is [string, Html] => r[1] !== null)
    .map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`)
    .join('\n');
  return `<table class="${className}">\n${body}\n</table>`;
}

/** A table with a header row; cells are markup. */
export function table(head: Array<[label: string, className?: string]>, rows: Html[][], className?: string): Html {
  const th = head.map(([label, cls]) => `<th scope="col"${cls ? ` class="${cls}"` : ''}>${escapeHtml(label)}</th>`).join('');
  const tr = rows.map((cells) => `<tr>${cells.map((c, i) => `<td${head[i]?.[1] ? ` class="${head[i][1]}"` : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table${className ? ` class="${className}"` : ''}>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${tr}\n</tbody>\n</table>`;
}

const SEVERITY_CLASS = new Set<string>(['critical', 'high', 'medium', 'low', 'info']);

export function severityBadge(severity: Severity): Html {
  const cls = SEVERITY_CLASS.has(severity) ? ` sev-${severity}` : '';
  return `<span class="badge${cls}">${escapeHtml(severityLabel(severity))}</span>`;
}

export function statusBadge(status: FindingStatus): Html {
  return `<span class="badge">${escapeHtml(statusLabel(status))}</span>`;
}

export function verdictBadge(verdict: Verdict): Html {
  return `<span class="badge">${escapeHtml(verdict)} · ${escapeHtml(verdictLabel(verdict))}</span>`;
}

/** A time shown in UTC, or a dash. */
export function timeHtml(iso: string | null | undefined): Html {
  return iso ? escapeHtml(formatUtc(iso)) : '<span class="muted">—</span>';
}

export function yesNo(value: boolean | null | undefined): Html {
  if (value === null || value === undefined) return '<span class="muted">—</span>';
  return value ? 'yes' : 'no';
}

/** Plain text in a paragraph-preserving block. */
export function textHtml(value: string | null | undefined, fallback = '—'): Html {
  return value ? escapeHtml(value) : `<span class="muted">${escapeHtml(fallback)}</span>`;
}
