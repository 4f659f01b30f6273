/**
 * A site's template, learned from its own pages (extract/profile.ts): the blocks (DOM path and
 * normalized text) that repeat across its pages. Plain data: the store keeps it per host.
 */
export interface TemplateProfile {
  /** Pages learned from, decayed (halved with every count when it passes the window). */
  pages: number;
  /** Seen blocks: [key (32-bit hash of path and text), pages it was seen on (decayed), the page number it was last seen on]. */
  blocks: Array<[key: number, seen: number, last: number]>;
  /** Pages observed in all (not decayed): the clock of `last`. */
  observed: number;
  /** The share of a page's blocks found in the template, usually (a moving average). */
  typicalCoverage: number;
  /** Pages in a row whose coverage fell far below the usual: a new layout, relearned after a few. */
  lowStreak: number;
  /** PageKeys.prose of the latest pages learned (at most 500): the same page under another URL is not learned twice. */
  recent: number[];
  /** Times the profile was started anew because the site changed its layout. */
  relearned: number;
  /**
   * Per DOM path (32-bit hash): pages it was on, its blocks of some length on them, how many of
   * those had a text the path had held on an earlier page, and pages on which it held the most
   * prose (the site's body path; decayed with `pages`). A path whose
   * lines keep coming back (a related-stories list) is template whatever its text on the next page.
   * Absent in profiles stored before it was added.
   */
  paths?: Array<[path: number, pages: number, items: number, repeated: number, body?: number]>;
  /** Hashes of the titles of the latest pages learned (at most 500): a list of them on another page is teasers. */
  titles?: number[];
  /**
   * Seen long block texts wherever they stood: [key (32-bit hash of the normalized text), pages
   * (decayed), last page]. A paragraph the site repeats at another place of the page (a sidebar
   * blurb moved by the layout, a standing box) is template as surely as one at the same path.
   * Absent in profiles stored before it was added.
   */
  texts?: Array<[key: number, seen: number, last: number]>;
}

/** What the template learns from one page (extract/profile.ts pageKeys). */
export interface PageKeys {
  /** Each block's key (path and normalized text), in document order. */
  blocks: number[];
  /** A hash of the keys of the page's prose blocks: the same page under another URL has the same. */
  prose: number;
  /** Each block's path hash, in the order of `blocks`; 0 for a block too short to count as a line of a list. */
  paths?: number[];
  /** A hash of the page's title (normalized), or null when it has none. */
  title?: number | null;
  /** The hash of the path whose blocks hold the most of the page's prose, or null. */
  bodyPath?: number | null;
  /** Each block's text hash, in the order of `blocks`, wherever it stands; 0 for a block under MIN_TEXT characters. */
  texts?: number[];
}
