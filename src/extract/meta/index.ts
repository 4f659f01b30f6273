/**
 * Article metadata: title, byline, publication date, credit, canonical URL, notices, links and
 * language, read from meta tags, JSON-LD and the lines around the article's text.
 */
import type { OutboundLink } from '../../domain/index.ts';
import { elements, metaContent, textOf, type Document, type Element } from '../dom.ts';
import type { MainText } from '../main-text.ts';
import { foldSpace } from '../text-stats.ts';
import { chooseByline } from './byline.ts';
import { chooseCredit } from './credit.ts';
import { normalizeIsoDate, parseVisibleDate } from './dates.ts';
import { readJsonLd } from './json-ld.ts';
import { detectLang } from './lang.ts';
import { collectLinks, resolveUrl } from './links.ts';
import { collectNotices } from './notices.ts';
import { chooseTitle } from './title.ts';

export interface Metadata {
  title: string | null;
  byline: string | null;
  publishedAt: string | null;
  credit: string | null;
  canonicalUrl: string | null;
  notices: string[];
  links: OutboundLink[];
  lang: string;
}

/** Blocks before the article's first paragraph that may hold its title, dateline and byline. */
const LEAD_BLOCKS = 15;

const DATE_META = [
  'article:published_time',
  'og:article:published_time',
  'datepublished',
  'publishdate',
  'publish_date',
  'pubdate',
  'publication_date',
  'sailthru.date',
  'parsely-pub-date',
  'dc.date.issued',
  'dcterms.created',
  'dc.date',
  'date',
  'article:modified_time',
  'og:updated_time',
  'lastmod',
];

export function readMetadata(doc: Document, main: MainText, pageUrl: string | null): Metadata {
  const ld = readJsonLd(doc.jsonLd);
  const { blocks, span } = main;
  const start = span ? span[0] : 0;
  const end = span ? span[1] : blocks.length - 1;
  const lead = blocks.slice(Math.max(0, start - LEAD_BLOCKS), start).flatMap((b) => b.text.split('\n'));
  const body = main.paragraphs;
  const tail = blocks.slice(end + 1, end + 8).flatMap((b) => b.text.split('\n'));
  // Lines nearest the text first: the lead read backwards from the first paragraph.
  const around = [...lead.slice().reverse(), ...body.slice(0, 3), ...body.slice(-3), ...tail];

  const siteName = metaContent(doc, 'og:site_name', 'application-name') ?? ld?.publisher ?? null;
  const headings = headingCandidates(doc, main, start);
  const title = chooseTitle({
    docTitle: doc.title,
    ogTitle: metaContent(doc, 'og:title', 'twitter:title'),
    ldHeadline: ld?.headline ?? null,
    siteName,
    headings,
  });

  const byline = chooseByline(around, metaContent(doc, 'author', 'article:author', 'byl', 'dc.creator'), ld?.authors ?? []);

  let publishedAt: string | null = null;
  const metaDate = metaContent(doc, ...DATE_META);
  if (metaDate) publishedAt = normalizeIsoDate(metaDate);
  if (!publishedAt && ld?.datePublished) publishedAt = normalizeIsoDate(ld.datePublished);
  if (!publishedAt) publishedAt = timeElementDate(main.container ?? doc.root);
  if (!publishedAt) for (const line of around) if ((publishedAt = parseVisibleDate(line))) break;

  const ownName = siteName ?? (doc.title ? lastTitlePart(doc.title) : null);
  const credit = chooseCredit(around, ownName);

  const canonicalHref = doc.links.find((l) => l.rel.split(/\s+/).includes('canonical'))?.href ?? metaContent(doc, 'og:url');
  const canonicalUrl = canonicalHref ? resolveUrl(canonicalHref, pageUrl) : null;

  const allLines = blocks.flatMap((b) => b.text.split('\n'));
  const notices = collectNotices(allLines, [metaContent(doc, 'copyright', 'dc.rights', 'rights')]);

  const text = main.paragraphs.join('\n');
  return {
    title,
    byline,
    publishedAt,
    credit,
    canonicalUrl,
    notices,
    links: collectLinks(main.container, canonicalUrl && !pageUrl ? canonicalUrl : pageUrl),
    lang: detectLang(text, doc.htmlLang),
  };
}

/** h1s first (the one nearest before the text first), then other headings just before the text. */
function headingCandidates(doc: Document, main: MainText, start: number): string[] {
  const before = main.blocks
    .slice(0, start + 1)
    .filter((b) => b.heading)
    .reverse();
  const h1 = before.filter((b) => b.heading === 1).map((b) => b.text);
  const allH1: string[] = [];
  for (const el of elements(doc.root)) if (el.tag === 'h1') allH1.push(foldSpace(textOf(el)));
  const near = before
    .filter((b) => b.heading > 1)
    .slice(0, 2)
    .map((b) => b.text);
  return [...h1, ...allH1, ...near];
}

function timeElementDate(root: Element): string | null {
  for (const el of elements(root)) {
    if (el.tag === 'time' && el.attrs.datetime) {
      const date = normalizeIsoDate(el.attrs.datetime);
      if (date) return date;
    }
  }
  return null;
}

function lastTitlePart(title: string): string | null {
  const parts = foldSpace(title)
    .split(/\s*(?:[-|_–—｜]{1,2})\s*/)
    .filter(Boolean);
  return parts.length > 1 ? parts[parts.length - 1] : null;
}
