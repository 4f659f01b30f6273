/**
 * One original against one suspect: alignment, passages, containment, simhash distance,
 * credit and chrome facts, and the verdict. This is `copywatch compare`, and the verification
 * step of every candidate the corpus index proposes.
 *
 * The suspect's extracted article is compared first. When it holds no copy, the page's whole
 * readable text is compared too: a copy put beside the page's own article, or buried among ads
 * and related links, is found there (`scope: 'page'`, passages then point into that text).
 */
import { DEFAULT_THRESHOLDS, type Article, type Comparison, type Thresholds } from '../domain/index.ts';
import { fingerprintText, hamming, type TextFingerprint } from '../fingerprint/index.ts';
import { align, type Alignment } from './align.ts';
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
  /** Its fingerprint, computed on first use. */
  pageFingerprint: () => TextFingerprint | null;
}

export function preparePage(article: Article, chromeLines: string[] = [], pageText: string | null = null): PreparedPage {
  const extra = pageText && pageText.length > article.text.length + 20 ? pageText : null;
  let cached: TextFingerprint | null | undefined;
  return {
    article,
    fingerprint: fingerprintText(article.text),
    chrome: chromeSignature(chromeLines),
    pageText: extra,
    pageFingerprint: () => (cached === undefined ? (cached = extra ? fingerprintText(extra) : null) : cached),
  };
}

export interface CompareOptions {
  thresholds?: Thresholds;
  publisher?: PublisherIdentity;
}

export function compare(original: PreparedPage, suspect: PreparedPage, options: CompareOptions = {}): Comparison {
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const o = original.fingerprint;
  const pageMirror = chromeOverlap(original.chrome, suspect.chrome) >= MIRROR_OVERLAP;
  const judge = (a: Alignment) => {
    const verdict = verdictOf(a.containment, a.matchedChars, pageMirror, thresholds);
    // Two pages in one template that share part of their text share template text (a teaser, a
    // sign-up box the extraction kept), not an article: a page copied with its chrome and only
    // part of its article is not a case the engine reports.
    return pageMirror && verdict === 'partial' ? 'none' : verdict;
  };

  let scope: 'article' | 'page' = 'article';
  let text = suspect.article.text;
  let s = suspect.fingerprint;
  let alignment = align(o, s);
  let verdict = judge(alignment);
  if (verdict === 'none') {
    const page = suspect.pageFingerprint();
    if (page && suspect.pageText) {
      const wide = align(o, page);
      const wideVerdict = judge(wide);
      if (wideVerdict !== 'none') {
        scope = 'page';
        text = suspect.pageText;
        s = page;
        alignment = wide;
        verdict = wideVerdict;
      }
    }
  }
  const publisher = options.publisher ?? publisherOf(original.article);
  const back = linksBack(suspect.article, publisher);
  return {
    verdict,
    containment: round(alignment.containment),
    matchedChars: alignment.matchedChars,
    simhashDistance: hamming(o.simhash, suspect.fingerprint.simhash),
    passages: toPassages(alignment.runs, { text: original.article.text, units: o.units }, { text, units: s.units }),
    credited: creditsPublisher(suspect.article, publisher) || back,
    pageMirror,
    linksBack: back,
    scope,
  };
}

/** Without a configured publisher: the original page's own credit and host stand for it. */
export function publisherOf(original: Article): PublisherIdentity {
  const names = [original.credit].filter((n): n is string => !!n);
  const domains: string[] = [];
  for (const url of [original.url, original.canonicalUrl]) {
    if (!url) continue;
    try {
      const host = new URL(url).hostname;
      domains.push(host);
      const parts = host.split('.');
      if (parts.length > 2) domains.push(`*.${parts.slice(-2).join('.')}`);
    } catch {
      /* not a URL */
    }
  }
  return { names, domains };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
