/**
 * Publication dates as ISO 8601: from meta tags and JSON-LD (already machine dates), or from
 * dates as pages print them (2023年01月09日, 2023-01-09 10:30, November 18, 2019, 18 Nov 2019).
 * A date without a time is `YYYY-MM-DD`; a time without a zone stays local (no offset added).
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function build(y: number, mo: number, d: number, h?: number, mi?: number, s?: number, zone?: string): string | null {
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1) return null; // 31 February
  const date = `${y}-${pad(mo)}-${pad(d)}`;
  if (h === undefined || Number.isNaN(h)) return date;
  if (h > 23 || (mi ?? 0) > 59 || (s ?? 0) > 59) return date;
  return `${date}T${pad(h)}:${pad(mi ?? 0)}:${pad(s ?? 0)}${zone ?? ''}`;
}

/** A machine-readable date (ISO 8601 or close to it) normalized, or null. */
export function normalizeIsoDate(value: string): string | null {
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?/i.exec(value);
  if (!m) return parseVisibleDate(value);
  let zone = m[7];
  if (zone && zone !== 'Z' && zone !== 'z' && !zone.includes(':')) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  if (zone === 'z') zone = 'Z';
  return build(
    +m[1],
    +m[2],
    +m[3],
    m[4] === undefined ? undefined : +m[4],
    m[5] === undefined ? undefined : +m[5],
    m[6] === undefined ? undefined : +m[6],
    zone,
  );
}

const CJK_DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(?:星期.|周.)?\s*(\d{1,2})[:：时](\d{2})(?:[:：分](\d{2}))?)?/;
const NUMERIC_DATE = /(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/;
const EN_MDY =
  /\b(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?)?/i;
const EN_DMY = /\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})/i;

/** The first date printed in a line of text, or null. */
export function parseVisibleDate(text: string): string | null {
  let m = CJK_DATE.exec(text);
  if (m)
    return build(+m[1], +m[2], +m[3], m[4] === undefined ? undefined : +m[4], m[5] === undefined ? undefined : +m[5], m[6] === undefined ? undefined : +m[6]);
  m = NUMERIC_DATE.exec(text);
  if (m)
    return build(+m[1], +m[2], +m[3], m[4] === undefined ? undefined : +m[4], m[5] === undefined ? undefined : +m[5], m[6] === undefined ? undefined : +m[6]);
  m = EN_MDY.exec(text);
  if (m) {
    let hour = m[4] === undefined ? undefined : +m[4];
    if (hour !== undefined && m[6] && /p/i.test(m[6]) && hour < 12) hour += 12;
    if (hour !== undefined && m[6] && /a/i.test(m[6]) && hour === 12) hour = 0;
    return build(+m[3], MONTHS[m[1].toLowerCase()], +m[2], hour, m[5] === undefined ? undefined : +m[5]);
  }
  m = EN_DMY.exec(text);
  if (m) return build(+m[3], MONTHS[m[2].toLowerCase()], +m[1]);
  return null;
}
