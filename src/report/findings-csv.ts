/**
 * Findings as CSV (RFC 4180): a header row, one row per finding, CRLF line ends, fields quoted
 * when they hold a comma, a quote or a line break. UTF-8 with a byte order mark, so that Excel
 * reads Chinese titles right. Cells that a spreadsheet would run as a formula (= + - @ tab CR
 * at the start) are prefixed with a single quote.
 */
import type { Finding } from '../domain/index.ts';
import { isoTime, round4 } from './format.ts';
import { splitTerms } from './labels.ts';

export const CSV_COLUMNS = [
  'id',
  'status',
  'severity',
  'verdict',
  'containment',
  'matchedChars',
  'host',
  'url',
  'articleId',
  'articleTitle',
  'articleUrl',
  'rules',
  'terms',
  'credited',
  'linksBack',
  'firstSeen',
  'lastSeen',
  'discoveredBy',
  'discoveryQuery',
  'kind',
  'originalImage',
  'copyImage',
  'imageDistance',
  'imageTransforms',
  'teaser',
] as const;

type CsvColumn = (typeof CSV_COLUMNS)[number];

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: formula-guarded, then quoted when needed. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The license terms a finding breaks: its facts' breaches and the terms its violations name. */
function termsOf(f: Finding): string[] {
  const terms = new Set(f.facts?.licenseBreaches ?? []);
  for (const v of f.violations) for (const t of splitTerms(v.term)) terms.add(t);
  return [...terms];
}

function row(f: Finding): Record<CsvColumn, string | number | boolean | null> {
  return {
    id: f.id,
    status: f.status,
    severity: f.severity,
    verdict: f.verdict,
    containment: round4(f.containment),
    matchedChars: f.matchedChars,
    host: f.host,
    url: f.url,
    articleId: f.articleId,
    articleTitle: f.articleTitle,
    articleUrl: f.articleUrl,
    rules: f.violations.map((v) => v.ruleId).join(';'),
    terms: termsOf(f).join(';'),
    credited: f.facts?.credited ?? null,
    linksBack: f.facts?.linksBack ?? null,
    firstSeen: isoTime(f.firstSeen),
    lastSeen: isoTime(f.lastSeen),
    discoveredBy: f.facts?.discoveredBy?.provider ?? null,
    discoveryQuery: f.facts?.discoveredBy?.query ?? null,
    kind: f.kind ?? 'text',
    originalImage: f.facts?.image?.original.url ?? null,
    copyImage: f.facts?.image?.copy.url ?? null,
    imageDistance: f.facts?.image?.distance ?? null,
    imageTransforms: f.facts?.image?.transforms.join(';') ?? null,
    teaser: f.facts?.teaser ?? null,
  };
}

/** The findings as CSV text, BOM first; the header row alone when there are none. */
export function findingsToCsv(findings: Finding[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const f of findings) {
    const r = row(f);
    lines.push(CSV_COLUMNS.map((c) => csvCell(r[c])).join(','));
  }
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
