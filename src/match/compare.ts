/**
 * One original against one suspect: alignment, passages, containment, simhash distance,
 * credit and chrome facts, and the verdict. This is `copywatch compare`, and the verification
 * step of every candidate the corpus index proposes.
 *
 * The suspect's extracted article is compared first. When it holds no copy, the page's whole
 * readable text is compared too: a copy put beside the page's own article, or buried among ads
 * and related links, is found there (`scope: 'page'`, passages then point into that text). When
 * it holds part of a copy and the page's text holds 5 points more of the original (lines the
 * suspect's extraction left out), the copy is measured on the page's text.
 */
import { DEFAULT_THRESHOLDS, type Article, type Comparison, type Passage, type Thresholds } from '../domain/index.ts';
import { summaryWords, TEASER_WORDS } from '../extract/teasers.ts';
import { fingerprintText, hamming, type TextFingerprint, type Units } from '../fingerprint/index.ts';
import { align, type Alignment } from './align.ts';
import { copiedBlock, discountTemplate, suspectCoverage } from './blocks.ts';
import { sharesTemplate, templateUnits } from './template.ts';
import { chromeOverlap, chromeSignature, MIRROR_OVERLAP } from './chrome.ts';
import { creditsPublisher, linksBack, type PublisherIdentity } from './credit.ts';
import { toPassages } from './passages.ts';
import { verdictOf } from './verdict.ts';

/** An extracted page made ready for matching. */
export interface PreparedPage {
  article: Article;
  fingerprint: TextFingerprint;
  chrome: Uint32Array;
  /** The page's whole readable text, when it holds more than the article. */
  pageText: string | null;
  /** Where in pageText the items of lists of other stories are (Extraction.teaserSpans). */
  teaserSpans: ReadonlyArray<readonly [number, number]>;
  /** Its fingerprint, computed on first use. */
  pageFingerprint: () => TextFingerprint | null;
}

export function preparePage(
  article: Article,
  chromeLines: string[] = [],
  pageText: string | null = null,
  teaserSpans: ReadonlyArray<readonly [number, number]> = [],
): PreparedPage {
  const extra = pageText && pageText.length > article.text.length + 20 ? pageText : null;
  let cached: TextFingerprint | null | undefined;
  return {
    article,
    fingerprint: fingerprintText(article.text),
    chrome: chromeSignature(chromeLines),
    pageText: extra,
    teaserSpans: extra ? teaserSpans : [],
    pageFingerprint: () => (cached === undefined ? (cached = extra ? fingerprintText(extra) : null) : cached),
  };
}

/** How much more of the original the page's whole text must hold than its article for a partial copy to be measured on the page. */
const WIDER_BY = 0.05;

/** Share of the suspect's text a match between pages of one template must cover. */
const SAME_TEMPLATE_COVERAGE = 0.6;

export interface CompareOptions {
  thresholds?: Thresholds;
  publisher?: PublisherIdentity;
}

export function compare(original: PreparedPage, suspect: PreparedPage, options: CompareOptions = {}): Comparison {
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const o = original.fingerprint;
  const pageMirror = chromeOverlap(original.chrome, suspect.chrome) >= MIRROR_OVERLAP;
  // In one template, the original's lines that either page carries as chrome are template text.
  const sameTemplate = sharesTemplate(
    { chrome: original.chrome, urls: [original.article.url, original.article.canonicalUrl] },
    { chrome: suspect.chrome, urls: [suspect.article.url, suspect.article.canonicalUrl] },
  );
  const template = sameTemplate ? templateUnits(original.article.text, o.units, [original.chrome, suspect.chrome]) : null;
  const judge = (a: Alignment, sText: string, sUnits: Units) => {
    let verdict = verdictOf(a.containment, a.matchedChars, pageMirror, thresholds);
    // A passage of the suspect (a post, a paragraph or a run of them) that is the original's
    // text nearly whole is a copy, however small a share of a long original it is. Not between
    // pages of one template, where shared blocks are the template's.
    if (verdict === 'none' && !sameTemplate && copiedBlock(a.runs, sText, sUnits)) verdict = 'partial';
    // Between pages of one template, shared text is the template's unless the suspect's text is
    // mostly the original's (a mirror): two articles of one site whose extraction both kept
    // the site's blurb share the blurb, and each has its own text besides.
    if (verdict !== 'none' && sameTemplate && suspectCoverage(a.runs, sUnits) < SAME_TEMPLATE_COVERAGE) verdict = 'none';
    // Two pages in one template that share part of their text share template text (a teaser, a
    // sign-up box the extraction kept), not an article: a page copied with its chrome and only
    // part of its article is not a case the engine reports.
    return pageMirror && verdict === 'partial' ? 'none' : verdict;
  };
  const alignTo = (s: TextFingerprint) => discountTemplate(align(o, s), template, o.units);

  let scope: 'article' | 'page' = 'article';
  let text = suspect.article.text;
  let s = suspect.fingerprint;
  let alignment = alignTo(s);
  let verdict = judge(alignment, text, s.units);
  // The page's whole text when the article holds no copy, or only part of one that the page
  // holds more of (the suspect's extraction left copied lines out: a list of short lines, a
  // paragraph it took for a caption).
  if (verdict === 'none' || (verdict === 'partial' && !pageMirror)) {
    const page = suspect.pageFingerprint();
    if (page && suspect.pageText) {
      const wide = alignTo(page);
      const wideVerdict = judge(wide, suspect.pageText, page.units);
      if (wideVerdict !== 'none' && (verdict === 'none' || wide.containment >= alignment.containment + WIDER_BY)) {
        scope = 'page';
        text = suspect.pageText;
        s = page;
        alignment = wide;
        verdict = wideVerdict;
      }
    }
  }
  const publisher = options.publisher ?? identityFromOriginal(original.article);
  const back = linksBack(suspect.article, publisher);
  const passages = toPassages(alignment.runs, { text: original.article.text, units: o.units }, { text, units: s.units });
  return {
    verdict,
    containment: round(alignment.containment),
    matchedChars: alignment.matchedChars,
    simhashDistance: hamming(o.simhash, suspect.fingerprint.simhash),
    passages,
    credited: creditsPublisher(suspect.article, publisher) || back,
    pageMirror,
    linksBack: back,
    scope,
    teaser: scope === 'page' && verdict === 'partial' && alignment.containment < TEASER_SHARE && isTeaser(passages, suspect.teaserSpans),
  };
}

/** A teaser is less than half of its article: a list item holding half of a short brief or more reproduces it. */
const TEASER_SHARE = 0.5;

/**
 * A copy that is a teaser: every passage lies in the items of a list of other stories on the
 * suspect page (a headline and a summary linking to the story, as aggregators, "related" boxes
 * and homepages show them), and all of them together are a teaser item's length (and, the caller
 * checks, less than half of the article).
 */
function isTeaser(passages: Passage[], spans: ReadonlyArray<readonly [number, number]>): boolean {
  if (!passages.length || !spans.length) return false;
  let words = 0;
  for (const p of passages) {
    const { start, end } = p.suspect;
    if (!spans.some(([from, to]) => start >= from && end <= to)) return false;
    words += summaryWords(p.suspect.text);
  }
  return words <= TEASER_WORDS;
}

/**
 * Without a configured publisher: the original page's own credit, its host and the brand its
 * host names (`cnn` of edition.cnn.com: `Source: CNN Business` credits it) stand for it.
 */
function identityFromOriginal(original: Article): PublisherIdentity {
  const names = [original.credit].filter((n): n is string => !!n);
  const domains: string[] = [];
  const brands = new Set<string>();
  for (const url of [original.url, original.canonicalUrl]) {
    if (!url) continue;
    try {
      const host = new URL(url).hostname;
      domains.push(host);
      const parts = host.split('.');
      if (parts.length > 2) domains.push(`*.${parts.slice(-2).join('.')}`);
      // The label before the public suffix (one or two labels: cnn.com, bbc.co.uk, sina.com.cn).
      const brand = parts.length >= 3 && /^(co|com|net|org|gov|edu|ac)$/.test(parts.at(-2)!) ? parts.at(-3) : parts.at(-2);
      if (brand && !/^\d+$/.test(brand)) brands.add(brand);
    } catch {
      /* not a URL */
    }
  }
  return { names, domains, brands: [...brands] };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
