/** The result of extraction: what a page says, separated from what its template says. */

/** A link found on the page, outside navigation, with its visible text. */
export interface OutboundLink {
  href: string;
  text: string;
}

/** An image the page shows (extract/images.ts): absolute URL, where it was named, and the text around it. */
export interface ImageRef {
  url: string;
  /** `img` (its src), `srcset` (the largest candidate), `og:image` (the page's share image). */
  from: 'img' | 'srcset' | 'og:image';
  /** Alt, title, caption or the short line it sits in (at most 300 characters; may be empty). */
  text: string;
  /** The size the markup declares, if any (the bytes decide). */
  width?: number;
  height?: number;
}

/**
 * The Article of the DESIGN contract (`copywatch extract --json`). Strings are as the page shows
 * them (NFC, whitespace folded); nothing here has been normalized for matching.
 */
export interface Article {
  /** The URL the page was fetched from, or null for a local file. */
  url: string | null;
  title: string | null;
  /** Author line, e.g. `于佳 李敏` or `Jane Doe`, or null. */
  byline: string | null;
  /** ISO 8601; a date-only value is given as `YYYY-MM-DD`. */
  publishedAt: string | null;
  /** The source credit the page gives (`中国石化报`, `新华社`), or null. */
  credit: string | null;
  /** The article text: the paragraphs joined by blank lines. */
  text: string;
  paragraphs: string[];
  /** BCP 47 language guessed from the text: zh-Hans, zh-Hant, en, ja, ko, ru, ... or `und`. */
  lang: string;
  /** The charset the bytes were decoded with (WHATWG name, lower case). */
  charset: string;
  canonicalUrl: string | null;
  /** Copyright and reuse notices found on the page (版权所有, 禁止转载, All rights reserved ...). */
  notices: string[];
  /** Links in or near the article text (not navigation), absolute when the page URL is known. */
  links: OutboundLink[];
  /**
   * The posts of a multi-post page (a forum thread, a Q&A page, comments), in page order, each
   * without its chrome (user name, join date, buttons, signature). On a thread page the article
   * text is these posts' text; under a news article the comments are listed here and the
   * article text stays the article. Absent when the page holds no posts.
   */
  posts?: Post[];
}

/** One post of a thread: its text (paragraphs joined by blank lines), author and date when found. */
export interface Post {
  text: string;
  author?: string | null;
  /** ISO 8601, as the page's markup gives it. */
  publishedAt?: string | null;
}

/** Why a page yields no article. These are expected outcomes, returned, never thrown. */
type NoArticleReason = 'empty-body' | 'not-html' | 'too-large' | 'no-text' | 'link-list';

import type { PageKeys } from './template.ts';

export type Extraction =
  | {
      ok: true;
      article: Article;
      /**
       * The page's other lines (navigation, notices, lists, footer), in order, deduplicated, at
       * most 300 of at most 300 characters: what a mirror copies along with the article.
       */
      chrome: string[];
      /**
       * All the page's readable text (every block but link lists and stock lines), in order, the
       * article included: a copy put somewhere else on the page is found in it.
       */
      pageText: string;
      /**
       * Where in `pageText` the items of lists of other stories are (a headline and a summary
       * each, see extract/teasers.ts), as [start, end) offsets: a copy found only there is a teaser.
       */
      teaserSpans: Array<[number, number]>;
      diagnostics: string[];
      /** The page's block keys (extract/profile.ts), to learn its site's template from: only when asked (ExtractOptions.learn). */
      pageKeys?: PageKeys;
      /** The images the page shows (extract/images.ts); absent on plain-text pages and threads. */
      images?: ImageRef[];
    }
  | { ok: false; reason: NoArticleReason; message: string; charset: string | null; diagnostics: string[] };
