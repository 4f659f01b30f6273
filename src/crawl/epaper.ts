/**
 * E-paper editions by date and page: the URLs of every page (版) of every edition in a date
 * range, from a site's `epaper` setting. At most MAX_EDITION_URLS URLs (a typo in a date range
 * must not generate a million URLs).
 */
import { pageNumbers, type EpaperConfig } from '../config/index.ts';

export const MAX_EDITION_URLS = 100_000;

/** Days from `from` to `to`, YYYY-MM-DD, inclusive, oldest first. */
function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && out.length < MAX_EDITION_URLS; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

function fillTemplate(template: string, date: string, page: number): string {
  const [yyyy, mm, dd] = date.split('-');
  return template
    .replaceAll('{yyyy}', yyyy)
    .replaceAll('{mm}', mm)
    .replaceAll('{dd}', dd)
    .replaceAll('{page2}', String(page).padStart(2, '0'))
    .replaceAll('{page}', String(page));
}

/** Every page URL of every edition (at most `max`), newest edition first (the usual reason to crawl is news). */
export function editionUrls(epaper: EpaperConfig, today: Date, max = MAX_EDITION_URLS): string[] {
  const to = epaper.to === 'today' ? today.toISOString().slice(0, 10) : epaper.to;
  const pages = pageNumbers(epaper.pages);
  const out: string[] = [];
  for (const date of datesBetween(epaper.from, to).reverse()) {
    for (const page of pages) {
      if (out.length >= max) return out;
      out.push(fillTemplate(epaper.urlTemplate, date, page));
    }
  }
  return out;
}
