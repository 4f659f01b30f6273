/** What matching says about a suspect page against one original article. */

/**
 * `mirror`: the suspect reproduces the original page itself, chrome included; `full`: the
 * article whole or nearly; `partial`: a substantial excerpt; `none`: neither.
 */
export type Verdict = 'mirror' | 'full' | 'partial' | 'none';

export interface TextSpan {
  /** UTF-16 offsets into the article text, end exclusive. */
  start: number;
  end: number;
  text: string;
}

export interface Passage {
  original: TextSpan;
  suspect: TextSpan;
}

/** The `copywatch compare` contract. */
export interface Comparison {
  verdict: Verdict;
  /** Share (0..1) of the original's article text found in the suspect. */
  containment: number;
  /** Characters of the original's text found in the suspect (letters, digits, CJK characters). */
  matchedChars: number;
  /** Hamming distance between the two articles' 64-bit simhashes. */
  simhashDistance: number;
  passages: Passage[];
  /** The suspect credits the publisher (its name or an alias as credit or beside the text, or a link back). */
  credited: boolean;
  /** The suspect page carries the original page's chrome (navigation, notice, footer) too. */
  pageMirror: boolean;
  /** The suspect links to one of the publisher's domains. */
  linksBack: boolean;
  /**
   * Where the copy was found: in the suspect's extracted `article` (suspect passage offsets
   * point into its text) or elsewhere on the `page` (offsets point into the page's readable text).
   */
  scope: 'article' | 'page';
  /**
   * The copy is a teaser: a partial copy found only in the page's lists of other stories (a
   * headline and a summary of a few sentences linking to the story), not in its own text.
   */
  teaser: boolean;
}

/** Thresholds of the verdict; `matching.thresholds` in the config. */
export interface Thresholds {
  /** containment at or above which a copy is `full` (default 0.8). */
  full: number;
  /** containment at or above which a copy is `partial`, given minMatchedChars (default 0.15). */
  partial: number;
  /** characters a `partial` needs at least (default 80). */
  minMatchedChars: number;
  /** characters that make a `partial` whatever the containment (default 600). */
  substantialChars: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { full: 0.8, partial: 0.15, minMatchedChars: 80, substantialChars: 600 };
