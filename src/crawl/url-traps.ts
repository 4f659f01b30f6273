/**
 * Crawler-trap guards: URLs a crawl should not follow even inside its scope, each refused with
 * its reason. Stateless checks (length, session ids, repeating path segments, calendar dates far
 * from today) and per-crawl counts (query variants of one path, pages of one calendar-like
 * pattern) that stop an endless generator after a bound.
 */

export interface TrapLimits {
  /** Longest URL followed. Default 1000 characters. */
  maxUrlLength: number;
  /** Distinct queries of one path followed. Default 50. */
  maxQueryVariants: number;
  /** URLs of one calendar-like pattern (digits replaced) followed. Default 100. */
  maxCalendarPages: number;
  /** Dates in URLs accepted from this year on. Default 1990. */
  minYear: number;
  /** Dates in URLs accepted up to this many days after today. Default 366. */
  maxDaysAhead: number;
  /** Path segments at most. Default 24. */
  maxSegments: number;
}

export const DEFAULT_TRAP_LIMITS: TrapLimits = {
  maxUrlLength: 1000,
  maxQueryVariants: 50,
  maxCalendarPages: 100,
  minYear: 1990,
  maxDaysAhead: 366,
  maxSegments: 24,
};

const SESSION_PARAM = /^(jsessionid|phpsessid|sid|sessionid|session_id|sessid|aspsessionid\w*|cfid|cftoken|zenid|osCsid|s)$/i;
const SESSION_PATH = /;(jsessionid|phpsessid|sid|sessionid)=/i;
const SESSION_VALUE = /^[0-9a-z_-]{16,}$/i;
const CALENDAR_WORD = /calendar|kalender|cal\b|date|month|year|day|week|event|archive|日历|日期/i;
/** 2024-05, 2024/05/06, 2024_5_6, or compact 20240506 (a separator or 8 digits, so ids are not dates). */
const DATE_IN_URL = /(?<!\d)(1[89]\d{2}|2\d{3})(?:([-/_.])(0?[1-9]|1[0-2])(?:\2(0?[1-9]|[12]\d|3[01]))?|(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))(?!\d)/g;

/** Reasons that need no memory of the crawl. */
export function staticTrapReason(href: string, now: Date, limits: TrapLimits = DEFAULT_TRAP_LIMITS): string | null {
  if (href.length > limits.maxUrlLength) return `trap: URL longer than ${limits.maxUrlLength} characters`;
  const url = new URL(href);
  if (SESSION_PATH.test(url.pathname)) return 'trap: session id in the URL path';
  for (const [name, value] of url.searchParams) {
    if (SESSION_PARAM.test(name) && (name.toLowerCase() !== 's' || SESSION_VALUE.test(value))) return `trap: session id in the URL (${name}=)`;
  }
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments.length > limits.maxSegments) return `trap: more than ${limits.maxSegments} path segments`;
  const repeat = repeatingSegments(segments);
  if (repeat) return `trap: repeating path segments (${repeat})`;
  const date = outOfRangeDate(`${url.pathname}?${url.search}`, now, limits);
  if (date) return `trap: calendar date ${date} out of range`;
  return null;
}

/** A run of 1–4 segments repeated 3 times in a row, or one segment more than 4 times. */
function repeatingSegments(segments: string[]): string | null {
  const counts = new Map<string, number>();
  for (const s of segments) {
    const n = (counts.get(s) ?? 0) + 1;
    counts.set(s, n);
    if (n > 4) return `"${s}" ${n} times`;
  }
  for (let size = 1; size <= 4; size++) {
    for (let i = 0; i + size * 3 <= segments.length; i++) {
      const unit = segments.slice(i, i + size).join('/');
      if (segments.slice(i + size, i + size * 2).join('/') === unit && segments.slice(i + size * 2, i + size * 3).join('/') === unit) {
        return `/${unit} 3 times in a row`;
      }
    }
  }
  return null;
}

function outOfRangeDate(text: string, now: Date, limits: TrapLimits): string | null {
  const latest = new Date(now.getTime() + limits.maxDaysAhead * 86_400_000);
  for (const m of text.matchAll(DATE_IN_URL)) {
    const year = Number(m[1]);
    const month = Number(m[3] ?? m[5]);
    const day = Number(m[4] ?? m[6] ?? 1);
    if (year < limits.minYear) return m[0];
    if (Date.UTC(year, month - 1, day) > latest.getTime()) return m[0];
  }
  return null;
}

/** Per-crawl guard: the static checks plus counts of query variants and calendar-like pages. */
export class TrapGuard {
  private readonly variants = new Map<string, number>();
  private readonly patterns = new Map<string, number>();

  constructor(
    private readonly limits: TrapLimits = DEFAULT_TRAP_LIMITS,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The reason `href` (normalized) is a trap, or null; a URL that passes is counted. */
  check(href: string): string | null {
    const reason = staticTrapReason(href, this.now(), this.limits);
    if (reason) return reason;
    const url = new URL(href);
    const path = `${url.host}${url.pathname}`;
    if (url.search) {
      const n = (this.variants.get(path) ?? 0) + 1;
      if (n > this.limits.maxQueryVariants) return `trap: more than ${this.limits.maxQueryVariants} query variants of ${url.pathname}`;
      this.bump(this.variants, path, n);
    }
    const calendarish = CALENDAR_WORD.test(url.pathname + url.search) && /\d/.test(url.pathname + url.search);
    if (calendarish) {
      const pattern = `${url.host}${url.pathname}?${[...url.searchParams.keys()].join('&')}`.replace(/\d+/g, '#');
      const n = (this.patterns.get(pattern) ?? 0) + 1;
      if (n > this.limits.maxCalendarPages)
        return `trap: more than ${this.limits.maxCalendarPages} pages of the calendar-like pattern ${pattern.slice(url.host.length)}`;
      this.bump(this.patterns, pattern, n);
    }
    return null;
  }

  private bump(map: Map<string, number>, key: string, n: number): void {
    // The maps are bounded: past 200,000 keys the oldest are forgotten.
    if (map.size > 200_000 && !map.has(key)) map.delete(map.keys().next().value as string);
    map.set(key, n);
  }
}
