/**
 * Bodies without markup. A plain-text article (a .txt file, a `text/plain` page) becomes an
 * Article whose paragraphs are its non-empty lines; JSON and other data are refused.
 */
import type { Article } from '../domain/index.ts';
import { chooseByline } from './meta/byline.ts';
import { chooseCredit } from './meta/credit.ts';
import { parseVisibleDate } from './meta/dates.ts';
import { detectLang } from './meta/lang.ts';
import { collectNotices } from './meta/notices.ts';
import { foldSpace } from './text-stats.ts';

/** True when the text holds no HTML markup at all in its first 64 KB. */
export function hasNoMarkup(text: string): boolean {
  return !/<(?:[a-zA-Z][a-zA-Z0-9-]*[\s>/]|!--|!doctype)/i.test(text.slice(0, 64 * 1024));
}

export function looksLikeData(text: string): string | null {
  const head = text.trimStart().slice(0, 1);
  if (head === '{' || head === '[') {
    try {
      JSON.parse(text);
      return 'JSON';
    } catch {
      /* not JSON after all */
    }
  }
  return null;
}

export function plainTextArticle(text: string, charset: string, url: string | null): Article {
  const lines = text.split(/\r?\n/).map(foldSpace).filter(Boolean);
  const head = lines.slice(0, 6);
  const first = lines[0] ?? '';
  // A short first line without sentence punctuation is the title.
  const title = first.length <= 80 && !/[。.!?！？]$/.test(first) && lines.length > 1 ? first : null;
  const paragraphs = (title ? lines.slice(1) : lines).filter((l) => !collectNotices([l], []).length);
  return {
    url,
    title,
    byline: chooseByline(head, null, []),
    publishedAt: head.map(parseVisibleDate).find(Boolean) ?? null,
    credit: chooseCredit(head, null),
    text: paragraphs.join('\n\n'),
    paragraphs,
    lang: detectLang(paragraphs.join('\n'), null),
    charset,
    canonicalUrl: null,
    notices: collectNotices(lines, []),
    links: [],
  };
}
