/**
 * A site's template, learned from its own pages. A publisher's pages, and a target's crawled in
 * depth, come in one or a few templates: the blocks that repeat across pages of one site (same
 * DOM path, same text once digits and spaces are folded) are template, whatever their class names
 * say. The profile counts, per block key, on how many pages it was seen; a block seen on enough
 * of them is template on the next page (main-text.ts then classes it 'bad', unless it holds most
 * of that page's prose).
 *
 * Bounded: at most MAX_BLOCKS keys (the least seen, least recent dropped first), counts halved
 * when the pages pass WINDOW (old layouts fade). When pages keep arriving whose blocks the
 * profile does not know (a new layout), it starts anew. Pure: plain data in, plain data out.
 */
import type { PageKeys, TemplateProfile } from '../domain/index.ts';
import type { Block } from './blocks.ts';
import type { Element } from './dom.ts';
import type { BlockClass } from './paragraphs.ts';

/** Which of a page's blocks a site's learned template holds. */
export type TemplateTest = (blocks: Block[]) => boolean[];

/** Pages a profile needs before it marks anything. */
const MIN_PAGES = 3;
/** A block seen on this share of the pages (and on MIN_SEEN at least) is template. */
const TEMPLATE_SHARE = 0.3;
const MIN_SEEN = 3;
/** Keys kept at most. */
export const MAX_BLOCKS = 2000;
/** Past this many pages, every count is halved. */
export const WINDOW = 200;
/** A page whose coverage is below this share of the site's usual coverage is of an unknown layout. */
const LOW_RATIO = 0.25;
/** Pages of an unknown layout in a row after which the profile is started anew. */
export const RELEARN_AFTER = 3;
/** Page hashes remembered, to learn a page only once when the site serves it under several URLs. */
const MAX_RECENT = 500;
/** Path levels kept (the innermost). */
const PATH_DEPTH = 12;

export function emptyProfile(): TemplateProfile {
  return { pages: 0, blocks: [], observed: 0, typicalCoverage: 0, lowStreak: 0, recent: [], relearned: 0 };
}

/**
 * The element's path: tag names and their class words, innermost PATH_DEPTH levels. Class words
 * holding digits are left out (`postid-123`, `css-1x2y3z`): they change from page to page.
 */
function pathOf(el: Element, memo: Map<Element, string>): string {
  const known = memo.get(el);
  if (known !== undefined) return known;
  const parts: string[] = [];
  for (let cur: Element | null = el; cur && parts.length < PATH_DEPTH; cur = cur.parent) {
    const classes = (cur.attrs.class ?? '')
      .split(/\s+/)
      .filter((c) => c && !/\d/.test(c))
      .sort()
      .join('.');
    parts.push(classes ? `${cur.tag}.${classes}` : cur.tag);
  }
  const path = parts.reverse().join('>');
  memo.set(el, path);
  return path;
}

/** 32-bit FNV-1a over UTF-16 code units. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Digits fold to 0 (dates, counters, page numbers), spaces fold, case folds. */
const normalize = (text: string) => text.replace(/\d+/g, '0').replace(/\s+/g, ' ').trim().toLowerCase();

/** Each block's key (path and normalized text), in the order of `blocks`. */
function blockKeys(blocks: Block[]): number[] {
  const memo = new Map<Element, string>();
  return blocks.map((b) => hash32(`${pathOf(b.el, memo)}\u0001${normalize(b.text)}`));
}

/** What the profile learns from a page: its blocks' keys, and a hash of its prose blocks' keys (`prose[i]`: block i is prose). */
export function pageKeys(blocks: Block[], prose: boolean[]): PageKeys {
  const keys = blockKeys(blocks);
  const proseKeys = keys.filter((_, i) => prose[i]);
  return { blocks: keys, prose: hash32(proseKeys.join(',')) };
}

/** The keys the profile counts as template now. */
function templateKeys(profile: TemplateProfile): Set<number> {
  const out = new Set<number>();
  if (profile.pages < MIN_PAGES) return out;
  const need = Math.max(MIN_SEEN, TEMPLATE_SHARE * profile.pages);
  for (const [key, seen] of profile.blocks) if (seen >= need - 1e-9) out.add(key);
  return out;
}

/**
 * The test main-text.ts takes (`template`): true for a block the profile holds as template. Null
 * when the profile is too young to say (fewer than MIN_PAGES pages) or marks nothing.
 */
export function templateTest(profile: TemplateProfile | null | undefined): TemplateTest | null {
  if (!profile) return null;
  const keys = templateKeys(profile);
  if (!keys.size) return null;
  return (blocks) => blockKeys(blocks).map((k) => keys.has(k));
}

/** The share of a page's distinct block keys the profile holds as template. */
export function coverage(profile: TemplateProfile, keys: number[]): number {
  const distinct = new Set(keys);
  if (!distinct.size) return 0;
  const template = templateKeys(profile);
  let known = 0;
  for (const k of distinct) if (template.has(k)) known++;
  return known / distinct.size;
}

export interface Learned {
  profile: TemplateProfile;
  /** The page's share of blocks the profile held as template before it learned the page (0 for a young profile). */
  coverage: number;
  /** True when the page completed a run of unknown layout and the profile started anew from it. */
  relearned: boolean;
  /** True when the profile had learned this article already (from another URL): it is unchanged. */
  duplicate: boolean;
}

/**
 * The profile after one more page of the site (Extraction.pageKeys). A page whose prose is the
 * same as a page learned lately (the same story under another URL, whatever rotates around it)
 * is not counted again: its paragraphs would look like template. `profile` is not changed.
 */
export function learnPage(profile: TemplateProfile | null | undefined, page: PageKeys): Learned {
  const keys = page.blocks;
  let base = profile ?? emptyProfile();
  const mature = templateKeys(base).size > 0;
  const cov = mature ? coverage(base, keys) : 0;
  const pageHash = page.prose;
  if (base.recent.includes(pageHash)) return { profile: base, coverage: cov, relearned: false, duplicate: true };
  let { typicalCoverage, lowStreak } = base;
  let relearned = false;
  if (mature) {
    if (typicalCoverage > 0 && cov < typicalCoverage * LOW_RATIO) {
      lowStreak++;
    } else {
      lowStreak = 0;
      typicalCoverage = typicalCoverage > 0 ? typicalCoverage * 0.8 + cov * 0.2 : cov;
    }
    if (lowStreak >= RELEARN_AFTER) {
      base = { ...emptyProfile(), relearned: base.relearned + 1 };
      typicalCoverage = 0;
      lowStreak = 0;
      relearned = true;
    }
  }
  const observed = base.observed + 1;
  const counts = new Map<number, { seen: number; last: number }>();
  for (const [key, seen, last] of base.blocks) counts.set(key, { seen, last });
  for (const key of new Set(keys)) {
    const c = counts.get(key);
    if (c) {
      c.seen++;
      c.last = observed;
    } else counts.set(key, { seen: 1, last: observed });
  }
  let pages = base.pages + 1;
  if (pages > WINDOW) {
    pages /= 2;
    for (const c of counts.values()) c.seen /= 2;
  }
  let blocks = [...counts].map(([key, c]): [number, number, number] => [key, c.seen, c.last]);
  if (blocks.length > MAX_BLOCKS) {
    blocks.sort((a, b) => b[1] - a[1] || b[2] - a[2]);
    blocks = blocks.slice(0, MAX_BLOCKS);
  }
  const recent = [...base.recent, pageHash].slice(-MAX_RECENT);
  return { profile: { pages, blocks, observed, typicalCoverage, lowStreak, recent, relearned: base.relearned }, coverage: cov, relearned, duplicate: false };
}

/**
 * The blocks the learned template marks, less one that holds most of the page's prose; none of
 * the prose ones when they would leave the page almost no prose (the profile learned this very
 * article, served under several URLs): then the page is read as without a profile.
 */
export function templateMarks(blocks: Block[], intrinsic: BlockClass[], test: TemplateTest | null | undefined): boolean[] {
  if (!test) return blocks.map(() => false);
  const marks = test(blocks);
  let prose = 0;
  let marked = 0;
  blocks.forEach((b, i) => {
    if (intrinsic[i] === 'good') {
      prose += b.stats.tokens;
      if (marks[i]) marked += b.stats.tokens;
    }
  });
  const left = prose - marked;
  if (marked && left < Math.max(30, prose * 0.1)) return marks.map((m, i) => m && intrinsic[i] !== 'good');
  return marks.map((m, i) => m && !(intrinsic[i] === 'good' && blocks[i].stats.tokens > prose / 2));
}
