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
import { contains, type Element } from './dom.ts';
import type { BlockClass } from './paragraphs.ts';

/**
 * Which of a page's blocks a site's learned template holds: `exact`, a block the site repeats
 * (path and text); `list`, a line of a list the site repeats with other lines (a recurring path,
 * teasers of the site's other pages); `body`, a block at the path where the site's articles keep
 * their prose.
 */
export type TemplateTest = (blocks: Block[]) => TemplateFound;

export interface TemplateFound {
  exact: boolean[];
  list: boolean[];
  /** Blocks at the site's body path: where its articles' prose was on most pages learned. */
  body: boolean[];
}

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
/** A block counts as a line of a list (for the path statistics) from this many characters, normalized. */
const MIN_LINE = 10;
/** A path whose lines came back from earlier pages at this share (of its lines on the pages it was on) is a recurring list. */
const RECURRING_SHARE = 0.15;
/** A path that held most of the prose on this share of the pages it was on is the site's body path: never a recurring list. */
const BODY_SHARE = 0.5;
/** Title hashes kept. */
const MAX_TITLES = 500;
/** A block's text is a template text wherever it stands from this many characters, normalized. */
const MIN_TEXT = 60;

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

/** A title's (or a block's first line's) hash, normalized as block texts are; null when too short to tell. */
function titleHash(text: string): number | null {
  const t = normalize(text.split('\n', 1)[0]);
  return t.length >= MIN_LINE ? hash32(t) : null;
}

/** The path whose blocks hold the most of the page's prose (the body's paragraphs, usually), or null when it has none. */
function bodyPath(blocks: Block[], prose: boolean[], paths: string[]): number | null {
  const tokens = new Map<string, number>();
  blocks.forEach((b, i) => {
    if (prose[i]) tokens.set(paths[i], (tokens.get(paths[i]) ?? 0) + b.stats.tokens);
  });
  let best: string | null = null;
  for (const [path, n] of tokens) if (best === null || n > tokens.get(best)!) best = path;
  return best === null ? null : hash32(best);
}

/**
 * What the profile learns from a page: its blocks' keys, a hash of its prose blocks' keys
 * (`prose[i]`: block i is prose), each block's path and the page's title.
 */
export function pageKeys(blocks: Block[], prose: boolean[], title: string | null = null): PageKeys {
  const memo = new Map<Element, string>();
  const paths = blocks.map((b) => pathOf(b.el, memo));
  const keys = blocks.map((b, i) => hash32(`${paths[i]}\u0001${normalize(b.text)}`));
  const proseKeys = keys.filter((_, i) => prose[i]);
  return {
    blocks: keys,
    texts: blocks.map((b) => textKey(b.text)),
    prose: hash32(proseKeys.join(',')),
    paths: blocks.map((b, i) => (normalize(b.text).length >= MIN_LINE ? hash32(paths[i]) : 0)),
    title: title ? titleHash(title) : null,
    bodyPath: bodyPath(blocks, prose, paths),
  };
}

/** A long block's text key, wherever it stands (0 for a block under MIN_TEXT characters). */
function textKey(text: string): number {
  const t = normalize(text);
  return t.length >= MIN_TEXT ? hash32(`\u0002${t}`) || 1 : 0;
}

/** The keys of `seen` (block keys or text keys) on enough pages to be template now. */
function templateOf(profile: TemplateProfile, seen: Counted | undefined): Set<number> {
  const out = new Set<number>();
  if (profile.pages < MIN_PAGES || !seen) return out;
  const need = Math.max(MIN_SEEN, TEMPLATE_SHARE * profile.pages);
  for (const [key, n] of seen) if (n >= need - 1e-9) out.add(key);
  return out;
}

/** The keys the profile counts as template now. */
const templateKeys = (profile: TemplateProfile) => templateOf(profile, profile.blocks);
/** The long texts the profile counts as template now, wherever they stand. */
const templateTexts = (profile: TemplateProfile) => templateOf(profile, profile.texts);

/**
 * The paths whose lines recur: on enough pages (as a template block), and on those a good share
 * of their lines had been at that path on an earlier page. A list of related or most-read stories
 * shares many of its lines with the same list on other pages, whatever it holds today; the
 * article's body, at its own path, shares next to none.
 */
function recurringPaths(profile: TemplateProfile): Set<number> {
  const out = new Set<number>();
  if (profile.pages < MIN_PAGES || !profile.paths) return out;
  const need = Math.max(MIN_SEEN, TEMPLATE_SHARE * profile.pages);
  for (const [path, pages, items, repeated, body] of profile.paths)
    if (pages >= need - 1e-9 && items > 0 && repeated >= items * RECURRING_SHARE && !((body ?? 0) >= pages * BODY_SHARE)) out.add(path);
  return out;
}

/** The site's body paths: where most of a page's prose was, on half of the pages they were on (and on as many pages as a template block). */
function bodyPaths(profile: TemplateProfile): Set<number> {
  const out = new Set<number>();
  if (profile.pages < MIN_PAGES || !profile.paths) return out;
  const need = Math.max(MIN_SEEN, TEMPLATE_SHARE * profile.pages);
  for (const [path, pages, , , body] of profile.paths) if (pages >= need - 1e-9 && (body ?? 0) >= pages * BODY_SHARE) out.add(path);
  return out;
}

/**
 * Blocks that are teasers of the site's other pages: two or more blocks whose first line is the
 * title of a page the profile learned, in elements of one path (the items of one list), and every
 * block inside those items (the summary beside each title). Never the page's headline (<h1>),
 * and only the titles themselves when the items' element also holds the headline (a flat page
 * where the teasers sit beside the article's paragraphs).
 */
function teaserMarks(blocks: Block[], titles: Set<number>, memo: Map<Element, string>): boolean[] {
  const marks = blocks.map(() => false);
  if (!titles.size) return marks;
  const hitsByPath = new Map<string, number[]>();
  blocks.forEach((b, i) => {
    if (b.heading === 1 || !b.el.parent) return;
    const h = titleHash(b.text);
    if (h === null || !titles.has(h)) return;
    const at = pathOf(b.el.parent, memo);
    hitsByPath.set(at, [...(hitsByPath.get(at) ?? []), i]);
  });
  const headline = blocks.find((b) => b.heading === 1)?.el ?? null;
  const lists = new Set<string>();
  for (const [at, hits] of hitsByPath) {
    if (hits.length < 2) continue;
    const holdsHeadline = headline !== null && hits.some((i) => contains(blocks[i].el.parent!, headline));
    if (holdsHeadline) for (const i of hits) marks[i] = true;
    else lists.add(at);
  }
  if (!lists.size) return marks;
  blocks.forEach((b, i) => {
    let el: Element | null = b.el;
    for (let level = 0; el && level < 4 && !marks[i]; level++, el = el.parent) if (lists.has(pathOf(el, memo))) marks[i] = true;
  });
  return marks;
}

/**
 * The test main-text.ts takes (`template`): true for a block the profile holds as template (its
 * path and text, a path whose lines recur, or a teaser of the site's other pages). Null when the
 * profile is too young to say (fewer than MIN_PAGES pages) or marks nothing.
 */
export function templateTest(profile: TemplateProfile | null | undefined): TemplateTest | null {
  if (!profile) return null;
  const keys = templateKeys(profile);
  const texts = templateTexts(profile);
  if (!keys.size && !texts.size) return null;
  const recurring = recurringPaths(profile);
  const body = bodyPaths(profile);
  const titles = new Set(profile.pages >= MIN_PAGES ? (profile.titles ?? []) : []);
  return (blocks) => {
    const memo = new Map<Element, string>();
    const paths = blocks.map((b) => pathOf(b.el, memo));
    const teasers = teaserMarks(blocks, titles, memo);
    return {
      exact: blocks.map((b, i) => keys.has(hash32(`${paths[i]}\u0001${normalize(b.text)}`)) || (texts.size > 0 && texts.has(textKey(b.text)))),
      list: blocks.map((b, i) => b.heading !== 1 && ((recurring.has(hash32(paths[i])) && normalize(b.text).length >= MIN_LINE) || teasers[i])),
      body: paths.map((p) => body.has(hash32(p))),
    };
  };
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
  const counts = countsOf(base.blocks);
  const paths = pathStats(base, page, counts);
  seeOnce(counts, keys, observed);
  const textCounts = countsOf(base.texts);
  seeOnce(
    textCounts,
    (page.texts ?? []).filter((k) => k !== 0),
    observed,
  );
  let pages = base.pages + 1;
  const halve = pages > WINDOW;
  if (halve) {
    pages /= 2;
    for (const p of paths) for (let k = 1; k < 5; k++) p[k] /= 2;
  }
  const blocks = entriesOf(counts, halve);
  const texts = entriesOf(textCounts, halve);
  const recent = [...base.recent, pageHash].slice(-MAX_RECENT);
  const titles = page.title ? [...(base.titles ?? []).filter((t) => t !== page.title), page.title].slice(-MAX_TITLES) : (base.titles ?? []);
  return {
    profile: { pages, blocks, observed, typicalCoverage, lowStreak, recent, relearned: base.relearned, paths: paths.slice(0, MAX_BLOCKS), titles, texts },
    coverage: cov,
    relearned,
    duplicate: false,
  };
}

/** Keys seen: [key, pages (decayed), the page it was last seen on]. */
type Counted = Array<[key: number, seen: number, last: number]>;

function countsOf(entries: Counted | undefined): Map<number, { seen: number; last: number }> {
  const counts = new Map<number, { seen: number; last: number }>();
  for (const [key, seen, last] of entries ?? []) counts.set(key, { seen, last });
  return counts;
}

/** Each distinct key of a page seen on one more page. */
function seeOnce(counts: Map<number, { seen: number; last: number }>, keys: number[], observed: number): void {
  for (const key of new Set(keys)) {
    const c = counts.get(key);
    if (c) {
      c.seen++;
      c.last = observed;
    } else counts.set(key, { seen: 1, last: observed });
  }
}

/** The counts as stored: halved past the window, at most MAX_BLOCKS (the least seen, least recent dropped). */
function entriesOf(counts: Map<number, { seen: number; last: number }>, halve: boolean): Counted {
  let out = [...counts].map(([key, c]): [number, number, number] => [key, halve ? c.seen / 2 : c.seen, c.last]);
  if (out.length > MAX_BLOCKS) {
    out.sort((a, b) => b[1] - a[1] || b[2] - a[2]);
    out = out.slice(0, MAX_BLOCKS);
  }
  return out;
}

/**
 * The path statistics after the page: per path it has lines at, one more page, its lines, and
 * those whose block key the profile already held (`known`, before the page is counted), and
 * whether it was the page's body path. The
 * paths seen on the most pages first.
 */
function pathStats(base: TemplateProfile, page: PageKeys, known: Map<number, unknown>): Array<[number, number, number, number, number]> {
  const stats = new Map<number, [number, number, number, number, number]>();
  for (const [path, pages, items, repeated, body] of base.paths ?? []) stats.set(path, [path, pages, items, repeated, body ?? 0]);
  const onPage = new Map<number, [number, number]>();
  page.paths?.forEach((path, i) => {
    if (!path) return;
    const s = onPage.get(path) ?? [0, 0];
    s[0]++;
    if (known.has(page.blocks[i])) s[1]++;
    onPage.set(path, s);
  });
  for (const [path, [items, repeated]] of onPage) {
    const s = stats.get(path) ?? [path, 0, 0, 0, 0];
    s[1]++;
    if (path === page.bodyPath) s[4]++;
    // The first page a path is on has nothing to repeat: it counts no lines.
    if (s[1] > 1) {
      s[2] += items;
      s[3] += repeated;
    }
    stats.set(path, s);
  }
  return [...stats.values()].sort((a, b) => b[1] - a[1]);
}

/**
 * The blocks the learned template marks. Of the repeated blocks, less one that holds most of the
 * page's prose, and none of the prose ones when they would leave the page almost no prose (the
 * profile learned this very article, served under several URLs): then they are read as without a
 * profile. The lines of recurring lists are marked as they are (never the page's headline): a
 * short story under a long list of other stories is the case they are for.
 */
export function templateMarks(blocks: Block[], intrinsic: BlockClass[], found: TemplateFound | null): boolean[] {
  if (!found) return blocks.map(() => false);
  const { exact, list } = found;
  return exactMarks(blocks, intrinsic, exact).map((m, i) => m || list[i]);
}

function exactMarks(blocks: Block[], intrinsic: BlockClass[], marks: boolean[]): boolean[] {
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

/** The share of the site's body-path prose on a page the text must hold for the page's own choice to stand alone. */
const BODY_HELD = 0.9;

/**
 * The site's body path as a prior, used only when the page's own choice is weak: when the text
 * holds some of the prose at the site's body path but under 90% of it (a long article cut after
 * its first part, a link list between its parts), the other prose blocks at that path are added
 * to it, in page order. Nothing is taken away, and a page whose text holds none of it (another
 * layout) is left as it is.
 */
export function withSiteBody(candidates: number[], found: TemplateFound | null, blocks: Block[], classes: BlockClass[]): number[] {
  if (!found || !found.body.some(Boolean)) return candidates;
  const inText = new Set(candidates);
  let held = 0;
  let total = 0;
  blocks.forEach((b, i) => {
    if (!found.body[i] || classes[i] !== 'good') return;
    total += b.stats.tokens;
    if (inText.has(i)) held += b.stats.tokens;
  });
  if (!held || held >= total * BODY_HELD) return candidates;
  const more = blocks.map((_, i) => i).filter((i) => found.body[i] && classes[i] === 'good' && !inText.has(i));
  return [...candidates, ...more].sort((a, b) => a - b);
}
