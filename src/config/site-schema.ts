/**
 * A site to crawl: a source of the publisher (the protected corpus) or a target (a site that may
 * copy it). Every field is documented with its default.
 */
import { z } from 'zod';
import { expected } from '../domain/index.ts';
import { selectorProblem } from '../extract/index.ts';
import { bool, date, httpUrl, int, isCalendarDate, list, regex, text } from './fields.ts';

const PLACEHOLDERS = ['{yyyy}', '{mm}', '{dd}', '{page}'];

/**
 * Pages (版) of each edition: `8` (pages 1 to 8), `"2-6"` or `[2, 6]` (pages 2 to 6).
 */
const PAGES = 'a page count (8), or a range ("2-6" or [2, 6])';
const pages = z.union(
  [int(1, 999), z.string().regex(/^\d{1,3}\s*-\s*\d{1,3}$/, { error: (iss) => expected(PAGES, iss.input) }), z.tuple([int(1, 999), int(1, 999)])],
  { error: (iss) => expected(PAGES, iss.input) },
);

const epaperSchema = z
  .strictObject({
    /**
     * The URL of one page (版) of one edition, with placeholders `{yyyy}` `{mm}` `{dd}` `{page}`
     * (`{page2}` gives a two-digit page number). Required.
     * Example: `http://epaper.example.test/html/{yyyy}-{mm}/{dd}/node_{page}.htm`.
     */
    urlTemplate: text('a URL template with {yyyy} {mm} {dd} {page}').refine(
      (v) => PLACEHOLDERS.every((p) => v.includes(p) || (p === '{page}' && v.includes('{page2}'))),
      { error: (iss) => expected('a URL template holding {yyyy}, {mm}, {dd} and {page}', iss.input) },
    ),
    /** Pages of each edition (see above). Required. */
    pages,
    /** First edition to crawl, YYYY-MM-DD. Required. */
    from: date(),
    /** Last edition to crawl, YYYY-MM-DD or `today` (the day of the crawl, UTC). Default `today`. */
    to: z.union([z.literal('today'), date()], { error: (iss) => expected('a date YYYY-MM-DD or "today"', iss.input) }).default('today'),
  })
  .refine((e) => e.to === 'today' || !isCalendarDate(e.from) || e.from <= e.to, {
    error: 'expected `from` on or before `to`',
    path: ['to'],
  });

/** A CSS selector css-select can match, refused with the reason when it cannot. */
const cssSelector = () =>
  z
    .string({ error: (iss) => expected('a CSS selector (as a string)', iss.input) })
    .max(1000, { error: 'expected a CSS selector of at most 1,000 characters' })
    .superRefine((value, ctx) => {
      const problem = selectorProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
    });

/**
 * The site's article, named by CSS selectors, for pages the automatic choice gets wrong. The
 * article is the text of the elements `selector` matches (in document order), less the elements
 * `exclude` matches inside them; title, date, byline, credit and notices are still read as usual.
 * A page the selector matches nothing on is extracted automatically (with a diagnostic).
 */
const articleSelectorSchema = z.strictObject({
  /** Elements holding the article: `div.article-body`, `#content > p`. Required. */
  selector: cssSelector(),
  /** Elements inside them that are not the article: `.share`, `figure.ad`. Default none. */
  exclude: list(cssSelector(), 'an array of CSS selectors').default([]),
});

export const siteSchema = z
  .strictObject({
    /** The site's name, unique across sources and targets (`copywatch scan --target NAME`). Required. */
    name: text(),
    /** Pages the crawl starts from. Default none (then sitemaps, feeds or epaper must be given). */
    startUrls: list(httpUrl(), 'an array of URLs').default([]),
    /**
     * Sitemaps to read (sitemap indexes and gzipped sitemaps too). Sitemaps named by the host's
     * robots.txt (`Sitemap:` lines) are always read; `/sitemap.xml` is tried when none is named.
     * Default none.
     */
    sitemaps: list(httpUrl(), 'an array of URLs').default([]),
    /** RSS or Atom feeds whose items are crawled. Default none. */
    feeds: list(httpUrl(), 'an array of URLs').default([]),
    /** Regular expressions: when given, only URLs matching one of them are crawled. Default none (all). */
    include: list(regex(), 'an array of regular expressions').default([]),
    /** Regular expressions: URLs matching one of them are not crawled. Default none. */
    exclude: list(regex(), 'an array of regular expressions').default([]),
    /** Links followed from a start URL (0: the start URLs only). Default 3. */
    maxDepth: int(0, 50).default(3),
    /** Pages fetched at most in one crawl of the site. Default 1000. */
    maxPages: int(1, 10_000_000).default(1000),
    /**
     * Follow links only within the site: the start URL's host, its parent domain and that
     * domain's subdomains (`news.example.com` → `*.example.com`). Default true.
     */
    sameSite: bool().default(true),
    /** The site's e-paper editions by date and page (see epaperSchema). Default none. */
    epaper: epaperSchema.optional(),
    /** The article's selectors on this site (see articleSelectorSchema). Default none (automatic). */
    article: articleSelectorSchema.optional(),
  })
  .refine((s) => s.startUrls.length + s.sitemaps.length + s.feeds.length > 0 || s.epaper !== undefined, {
    error: 'expected at least one of startUrls, sitemaps, feeds or epaper',
    path: ['startUrls'],
  });

export type SiteConfig = z.output<typeof siteSchema>;
export type EpaperConfig = z.output<typeof epaperSchema>;

/** The page numbers an `epaper.pages` value stands for, in order. */
export function pageNumbers(value: EpaperConfig['pages']): number[] {
  let from = 1;
  let to: number;
  if (typeof value === 'number') to = value;
  else if (Array.isArray(value)) [from, to] = value;
  else [from, to] = value.split('-').map((v) => Number(v.trim())) as [number, number];
  const out: number[] = [];
  for (let p = Math.max(1, from); p <= Math.min(to, 999); p++) out.push(p);
  return out;
}
