/**
 * Extraction: bytes (plus the Content-Type they came with) → an Article, or the reason there is
 * none. Pure: no network, no disk, no clock.
 */
import { isNotice } from './meta/notices.ts';
import type { Extraction, TemplateProfile } from '../domain/index.ts';
import { decodeHtml } from './charset.ts';
import { parseHtml, type Document, type Element } from './dom.ts';
import { dropThrough, findMainText, type MainText } from './main-text.ts';
import { foldSpace } from './text-stats.ts';
import { readMetadata } from './meta/index.ts';
import { isTeaserList } from './teasers.ts';
import { hasNoMarkup, looksLikeData, plainTextArticle } from './plain-text.ts';
import { sniffBinary } from './sniff.ts';
import { linesOutside } from './blocks.ts';
import { selectArticle, withSelection, type ArticleSelector } from './selector.ts';
import { pageKeys, templateTest } from './profile.ts';
import { unwrapNoscript } from './noscript.ts';
import { findThread, threadChrome, type Thread } from './posts.ts';
import { editionImages, pageImages, type EditionImage } from './images.ts';

export { selectorProblem, type ArticleSelector } from './selector.ts';
export { learnPage } from './profile.ts';
export { roughText, roughTextInto } from './rough-text.ts';

export interface ExtractOptions {
  /** The Content-Type header the bytes came with. */
  contentType?: string | null;
  /** The page's URL, to resolve links and report. */
  url?: string | null;
  /** Pages larger than this are refused (default 5 MB, as crawler.maxBytes). */
  maxBytes?: number;
  /**
   * The site's article selector (config `article`): when it matches, the article is the text of
   * the elements it names, instead of the automatic choice; when it matches nothing, the
   * automatic choice stands and a diagnostic says so.
   */
  selector?: ArticleSelector;
  /**
   * The site's template learned from its other pages (profile.ts): its blocks are template here.
   * Without one (a manual check of one page), extraction stands alone.
   */
  profile?: TemplateProfile | null;
  /** Return the page's block keys (Extraction.pageKeys), to learn the site's template from. */
  learn?: boolean;
}

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export type { EditionImage } from './images.ts';

/**
 * The images of an e-paper edition page (版面), which extract() turns down as a list of links:
 * the page picture (and any other image; the caller skips template ones), each with the articles
 * its image map links to. None for a page over `maxBytes`, binary, or without markup.
 */
export function editionPage(bytes: Uint8Array, options: Pick<ExtractOptions, 'contentType' | 'url' | 'maxBytes'> = {}): EditionImage[] {
  if (bytes.length > (options.maxBytes ?? DEFAULT_MAX_BYTES) || sniffBinary(bytes)) return [];
  const decoded = decodeHtml(bytes, options.contentType);
  if (hasNoMarkup(decoded.text)) return [];
  return editionImages(parseHtml(decoded.text), options.url ?? null);
}

export function extract(bytes: Uint8Array, options: ExtractOptions = {}): Extraction {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const fail = (
    reason: Extract<Extraction, { ok: false }>['reason'],
    message: string,
    charset: string | null = null,
    diagnostics: string[] = [],
  ): Extraction => ({ ok: false, reason, message, charset, diagnostics });

  if (bytes.length === 0) return fail('empty-body', 'the body is empty');
  if (bytes.length > maxBytes) {
    return fail('too-large', `the page is ${formatBytes(bytes.length)}, above the ${formatBytes(maxBytes)} limit`);
  }
  const binary = sniffBinary(bytes);
  if (binary) return fail('not-html', `the body is ${binary}, not HTML`);

  const decoded = decodeHtml(bytes, options.contentType);
  const diagnostics = [...decoded.diagnostics];
  if (hasNoMarkup(decoded.text)) {
    const data = looksLikeData(decoded.text);
    if (data) return fail('not-html', `the body is ${data}, not HTML or text`, decoded.charset, diagnostics);
    const article = plainTextArticle(decoded.text, decoded.charset, options.url ?? null);
    if (!article.paragraphs.length) return fail('no-text', 'the body holds no text', decoded.charset, diagnostics);
    return { ok: true, article, chrome: [], pageText: article.text, teaserSpans: [], diagnostics: [...diagnostics, 'no HTML markup: read as plain text'] };
  }
  let doc = parseHtml(decoded.text);
  if (doc.truncated.depth) diagnostics.push('markup nested too deep: the deepest levels were flattened');
  if (doc.truncated.elements) diagnostics.push('too many elements: the rest of the page was read as text only');

  const template = templateTest(options.profile);
  let main = findMainText(doc, { template });
  const selection = options.selector ? selectArticle(doc, options.selector) : null;
  if (options.selector && !selection)
    diagnostics.push(`article selector ${JSON.stringify(options.selector.selector)} matched no text: automatic extraction used`);
  if (selection) main = withSelection(main, selection);
  // A site's selector says where its article is: no thread is looked for then.
  let thread = selection ? null : findThread(doc, main);
  if (!selection && !thread?.isThread && !hasArticle(main)) {
    // A page that serves its text to scripts only, with a copy for crawlers in <noscript>
    // (Discourse forums): read that copy.
    const unwrapped = unwrapNoscript(decoded.text);
    if (unwrapped) {
      const again = parseHtml(unwrapped);
      const mainAgain = findMainText(again, { template });
      const threadAgain = findThread(again, mainAgain);
      if (threadAgain?.isThread || hasArticle(mainAgain)) {
        doc = again;
        main = mainAgain;
        thread = threadAgain;
        diagnostics.push("text read from the page's <noscript> copy");
      }
    }
  }
  if (thread?.isThread) return threadExtraction(doc, main, thread, decoded.charset, options.url ?? null, diagnostics);
  if (!selection && !main.paragraphs.length) {
    if (main.linkShare > 0.5) return fail('link-list', 'the page is a list of links, with no article text', decoded.charset, diagnostics);
    return fail('no-text', 'the page holds no article text', decoded.charset, diagnostics);
  }
  if (!selection && main.core && isTeaserList(main.core)) {
    return fail('link-list', 'the page is a list of other articles (headlines and summaries), not an article', decoded.charset, diagnostics);
  }
  if (!selection && main.paragraphs.every((p) => isNotice(p) || [...p].length <= 8)) {
    return fail('no-text', 'the page holds only a copyright notice, no article text', decoded.charset, diagnostics);
  }
  const meta = readMetadata(doc, main, options.url ?? null);
  const titleAt = selection ? null : titleBlock(main, meta.title);
  if (titleAt !== null) {
    const rest = dropThrough(main, titleAt);
    if (rest.paragraphs.length) main = rest;
  }
  return {
    ok: true,
    diagnostics,
    chrome: chromeLines(main),
    ...readableText(main),
    images: pageImages(doc, options.url ?? null),
    ...(options.learn
      ? {
          pageKeys: pageKeys(
            main.blocks,
            main.intrinsic.map((c) => c === 'good'),
            meta.title,
          ),
        }
      : {}),
    article: {
      url: options.url ?? null,
      title: meta.title,
      byline: meta.byline,
      publishedAt: meta.publishedAt,
      credit: meta.credit,
      text: main.paragraphs.join('\n\n'),
      paragraphs: main.paragraphs,
      lang: meta.lang,
      charset: decoded.charset,
      canonicalUrl: meta.canonicalUrl,
      notices: meta.notices,
      links: meta.links,
      ...(thread ? { posts: thread.posts } : {}),
    },
  };
}

/** True when the main text search found an article the checks below would accept. */
function hasArticle(main: MainText): boolean {
  if (!main.paragraphs.length) return false;
  if (main.core && isTeaserList(main.core)) return false;
  return !main.paragraphs.every((p) => isNotice(p) || [...p].length <= 8);
}

/** A thread page: its text is the posts' text, in order, without their chrome. */
function threadExtraction(doc: Document, main: MainText, thread: Thread, charset: string, url: string | null, diagnostics: string[]): Extraction {
  const meta = readMetadata(doc, { ...main, paragraphs: thread.paragraphs }, url);
  return {
    ok: true,
    diagnostics: [...diagnostics, `a thread of ${thread.posts.length} posts`],
    chrome: threadChrome(main, thread),
    ...readableText(main),
    article: {
      url,
      title: meta.title,
      byline: thread.posts[0].author ?? meta.byline,
      publishedAt: thread.posts[0].publishedAt ?? meta.publishedAt,
      credit: meta.credit,
      text: thread.paragraphs.join('\n\n'),
      paragraphs: thread.paragraphs,
      lang: meta.lang,
      charset,
      canonicalUrl: meta.canonicalUrl,
      notices: meta.notices,
      links: meta.links,
      posts: thread.posts,
    },
  };
}

/**
 * Every block of the page that is not a link list or a stock line (see Extraction.pageText), and
 * where in it the items of teaser lists are (see Extraction.teaserSpans): adjacent items make one
 * span.
 */
function readableText(main: MainText): { pageText: string; teaserSpans: Array<[number, number]> } {
  const out: string[] = [];
  const spans: Array<[number, number]> = [];
  let size = 0;
  main.blocks.forEach((b, i) => {
    if (main.intrinsic[i] === 'bad' || size > 1_000_000) return;
    const start = size + out.length;
    out.push(b.text);
    size += b.text.length;
    if (!inTeaserList(b.el)) return;
    const last = spans[spans.length - 1];
    if (last && last[1] + 1 === start) last[1] = start + b.text.length;
    else spans.push([start, start + b.text.length]);
  });
  return { pageText: out.join('\n'), teaserSpans: spans };
}

/** How far up from a block its teaser list may be: the summary of a card (p) in its item (div) in the list, inside a link or a wrapper at most. */
const TEASER_LIST_LEVELS = 4;

/** The block is inside an item of a teaser list (extract/teasers.ts). */
function inTeaserList(el: Element): boolean {
  let at: Element | null = el;
  for (let level = 0; at && level < TEASER_LIST_LEVELS; level++, at = at.parent) if (isTeaserList(at)) return true;
  return false;
}

/** The lines of the page outside the article's text (see Extraction.chrome). */
function chromeLines(main: MainText): string[] {
  const [from, to] = main.span ?? [-1, -1];
  return linesOutside(main.blocks, (i) => i >= from && i <= to);
}

/**
 * The block among the first of the text that repeats the title: the body starts after it (and
 * after a kicker above it). Null when the title is not among them.
 */
function titleBlock(main: MainText, title: string | null): number | null {
  if (!title || !main.span) return null;
  const want = foldSpace(title).replace(/\s+/g, '').toLowerCase();
  const firstGood = main.candidates.findIndex((i) => i >= main.span![0] && main.classes[i] === 'good');
  const limit = Math.min(main.candidates.length, Math.max(firstGood, 0) + 3);
  for (let k = 0; k < limit; k++) {
    const i = main.candidates[k];
    const text = main.blocks[i].text.replace(/\s+/g, '').toLowerCase();
    if (text === want || (text.length >= want.length * 0.6 && want.includes(text)) || (text.length <= want.length * 1.3 && text.includes(want))) return i;
  }
  return null;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
