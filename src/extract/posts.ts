/**
 * Multi-post pages: forum threads, Q&A pages, comment lists. Their text is a run of posts, each
 * a body of prose wrapped in per-post chrome (user name, join date, "Reply" and "Quote" buttons,
 * a signature). The main-text search finds one post, usually the first; a copy may sit in any.
 *
 * The post bodies are found as a repeated structure: elements of one shape (tag and class words,
 * or the pattern of a numbered id, digits ignored) that do not nest, each holding text, at least two of them holding
 * prose, with some text between consecutive ones (the chrome of the next post). Among such
 * shapes the tightest wrapper of the most prose wins: the post body, not the post with its user
 * column, and not the paragraph.
 *
 * - A thread page (the main text lies mostly inside the posts, or the page declares itself a
 *   DiscussionForumPosting or a QAPage): the article text is the posts' text, in order, each
 *   post's chrome left out.
 * - A page whose main text stands outside the posts (a news article with comments below): the
 *   article text stays the article; the posts are listed only when they are named as comments.
 */
import { contains, elements, type Document, type Element, type Node } from './dom.ts';
import { linesOutside, type Block } from './blocks.ts';
import { classHint, classWords, isFurnitureTag, isHidden, isStockLine } from './boilerplate.ts';
import type { BlockClass, MainText } from './main-text.ts';
import { isTeaserCards, isTeaserList, storyItems } from './teasers.ts';
import { authorOf, dateOf, DATE_TEXT } from './post-meta.ts';
import { COMMENTS_WORD, postRoot, sentenceTokens, type Tally } from './post-tree.ts';
import { openingPost } from './opening-post.ts';
import type { Post } from '../domain/index.ts';

export interface Thread {
  /** True when the page is the thread itself (its text is the posts), false for comments under an article. */
  isThread: boolean;
  posts: Post[];
  /** The posts' paragraphs, in order (thread pages: the article's paragraphs). */
  paragraphs: string[];
  /** Indexes of the blocks the posts' text comes from. */
  blocks: Set<number>;
}

/** Fewer posts than this, or less prose than MIN_PROSE tokens in all (half that when every post holds some), is not a thread. */
const MIN_POSTS = 2;
const MIN_PROSE = 40;
/** Class words of the elements that hold comment and reply lists. */
const COMMENT_WORD = /^(comments?|replies|reply|responses?|discussion|discussions|thread|posts?|answers?|messages?|forum|topic|disqus)$/;
/** A line that opens a signature: "-- " (the mail and Usenet convention), a row of underscores or dashes. */
const SIGNATURE_DELIMITER = /^(--|_{5,}|-{5,}|—{2,}|─{5,})$/;
/** Class words of a post's signature and its action row: not the post's text. */
const POST_CHROME_WORD = new Set([
  'signature',
  'sig',
  'sigline',
  'signaturecontainer',
  'actions',
  'controls',
  'postfoot',
  'likes',
  'reactions',
  'voting',
  'votes',
  'notice',
  'editnote',
  'edited',
]);

/** The shape of an element for grouping: tag, class words and id pattern with digits folded. */
function shapeOf(el: Element): string | null {
  const words = classWords(el)
    .filter((w) => !/^\d+$/.test(w))
    .map((w) => w.replace(/\d+/g, '#'));
  // A numbered id (post_123) stands for the shape of class-less posts only: elsewhere some
  // members carry a generated id and others none.
  const id = !words.length && el.attrs.id && /\d/.test(el.attrs.id) ? el.attrs.id.replace(/\d+/g, '#') : '';
  if (!words.length && !id && el.tag !== 'article') return null;
  if (el.tag === 'p' || el.tag === 'span' || el.tag === 'a' || /^h\d$/.test(el.tag) || el.tag === 'tr' || el.tag === 'td') return null;
  return `${el.tag}.${[...new Set(words)].sort().join('.')}#${id}`;
}

/**
 * The page's posts, or null when the page holds no repeated post structure. `main` is the main
 * text search's result for the same document.
 */
export function findThread(doc: Document, main: MainText): Thread | null {
  const { blocks, intrinsic } = main;
  if (blocks.length < 3) return null;

  // Tokens of each element's subtree by intrinsic class, and its first and last block.
  // A signature or an action row counts against the wrapper that holds it.
  const chromeMemo = new Map<Element, boolean>();
  const tally = new Map<Element, Tally>();
  blocks.forEach((b, i) => {
    const c = isPostChrome(b.el, chromeMemo) ? 'bad' : intrinsic[i];
    const sentence = c === 'short' ? sentenceTokens(b) : 0;
    for (let el: Element | null = b.el; el; el = el.parent) {
      let t = tally.get(el);
      if (!t) {
        t = { good: 0, short: 0, bad: 0, sentence: 0, first: i, last: i };
        tally.set(el, t);
      }
      t[c] += b.stats.tokens;
      t.sentence += sentence;
      t.last = i;
    }
  });
  // Elements grouped by their shape (class words, numbered id); class-less ones by their place
  // (the same cell or child of sibling rows of one table or container), tried only when no shape
  // holds posts: forums without classes, mailing-list archives; then class-less siblings of one
  // tag, each a whole post with its header inside (hand-made comment lists).
  const groups = new Map<string, Element[]>();
  const places = new Map<Element, Map<string, Element[]>>();
  const siblings = new Map<Element, Map<string, Element[]>>();
  for (const el of elements(doc.root)) {
    if (!tally.has(el)) continue;
    const shape = shapeOf(el);
    if (shape) {
      const list = groups.get(shape);
      if (list) list.push(el);
      else groups.set(shape, [el]);
      continue;
    }
    if (el.parent && SELF_TAG.has(el.tag) && !classWords(el).length) {
      let byTag = siblings.get(el.parent);
      if (!byTag) siblings.set(el.parent, (byTag = new Map()));
      const list = byTag.get(el.tag);
      if (list) list.push(el);
      else byTag.set(el.tag, [el]);
    }
    const grand = el.parent?.parent;
    if (!grand || !PLACE_TAG.has(el.tag) || classWords(el).length) continue;
    const key = `${el.parent!.tag}>${el.tag}:${el.parent!.children.filter((c) => c.kind === 'el').indexOf(el)}`;
    let byKey = places.get(grand);
    if (!byKey) places.set(grand, (byKey = new Map()));
    const list = byKey.get(key);
    if (list) list.push(el);
    else byKey.set(key, [el]);
  }
  const prose = (i: number) => intrinsic[i] === 'good' || sentenceTokens(blocks[i]) > 0;
  const ctx: Context = { blocks, tally, header: (m) => headerOf(m, blocks, tally, prose) };
  const best =
    bestGroup(groups.values(), ctx, 'shape') ??
    bestGroup(
      [...places.values()].flatMap((m) => [...m.values()]),
      ctx,
      'place',
    ) ??
    bestGroup(
      [...siblings.values()].flatMap((m) => [...m.values()]),
      ctx,
      'self',
    );
  if (!best) return null;

  // Is the page the thread? Its main text lies mostly in the posts (or there is none).
  const memberOf = (el: Element): number => {
    for (let cur: Element | null = el; cur; cur = cur.parent) {
      const k = best!.members.indexOf(cur);
      if (k !== -1) return k;
    }
    return -1;
  };
  // A list of other threads or stories (items that open with a link away, a one-sentence summary
  // after it, few with a date: "Similar threads", 相关帖子) is never the page's own text, even
  // where the main-text search took it for the core (a class-less list holds its summaries in one
  // element, the posts' prose sits deep in their markup): its prose is left out of the main text
  // the posts are weighed against, and out of an opening post, when the posts say more than it.
  const listMemo = new Map<Element, Element | null>();
  const listOf = (el: Element | null): Element | null => {
    if (!el) return null;
    const known = listMemo.get(el);
    if (known !== undefined) return known;
    const items = storyItems(el);
    const v = items && items.filter((t) => DATE_TEXT.test(t)).length <= items.length / 3 ? el : listOf(el.parent);
    listMemo.set(el, v);
    return v;
  };
  const postsProse = best.members.reduce((a, m) => a + tally.get(m)!.good, 0);
  const otherStories = (i: number): boolean => {
    const list = listOf(blocks[i].el);
    return list !== null && memberOf(list) === -1 && !best!.members.some((m) => contains(list, m)) && (tally.get(list)?.good ?? 0) < postsProse;
  };
  let mainGood = 0;
  let mainInPosts = 0;
  const outside: number[] = [];
  if (main.span) {
    for (const i of main.candidates) {
      if (i < main.span[0] || i > main.span[1] || intrinsic[i] !== 'good' || otherStories(i)) continue;
      mainGood += blocks[i].stats.tokens;
      if (memberOf(blocks[i].el) !== -1) mainInPosts += blocks[i].stats.tokens;
      else outside.push(i);
    }
  }
  const isThread =
    mainGood === 0 ||
    mainInPosts >= mainGood * 0.5 ||
    declaresThread(doc) ||
    openingPost(
      outside.map((i) => blocks[i].el),
      best.members,
      blocks,
      tally,
    );
  if (!isThread && !namedAsComments(best.members)) return null;

  const posts: Post[] = [];
  const paragraphs: string[] = [];
  const used = new Set<number>();
  for (const member of best.members) {
    const t = tally.get(member)!;
    const lines: string[] = [];
    // A whole post as the member: its header (name, date) and its footer (short lines after its
    // last prose or sentence: a signature, links) are not its text.
    const header = new Set<number>();
    if (best.self) {
      for (const i of ctx.header(member) ?? []) header.add(i);
      for (let i = t.last; i >= t.first && !prose(i); i--) header.add(i);
    }
    // A signature delimiter ("-- ", a row of underscores) ends the post's text: what follows
    // is its signature and its buttons.
    let signed = false;
    for (let i = t.first; i <= t.last && !signed; i++) {
      if (header.has(i) || !contains(member, blocks[i].el) || !keep(blocks[i], intrinsic[i], member)) continue;
      for (const line of blocks[i].text.split('\n')) {
        if (SIGNATURE_DELIMITER.test(line.trim())) {
          signed = true;
          break;
        }
        if (isStockLine(line)) continue;
        lines.push(line);
        used.add(i);
      }
    }
    if (!lines.length) continue;
    const root = postRoot(member, best.members, tally);
    paragraphs.push(...lines);
    posts.push({ text: lines.join('\n\n'), author: authorOf(root, member), publishedAt: dateOf(root, member) });
  }
  if (posts.length < MIN_POSTS) return null;
  // The opening post in a markup of its own (a topic starter above the replies): the main
  // text's prose before the first reply, outside every reply, is the thread's first post.
  if (isThread && main.span) {
    const firstReply = tally.get(best.members[0])!.first;
    const opening: string[] = [];
    for (const i of main.candidates) {
      if (i < main.span[0] || i >= firstReply || intrinsic[i] !== 'good' || memberOf(blocks[i].el) !== -1 || otherStories(i)) continue;
      for (const line of blocks[i].text.split('\n')) if (!isStockLine(line)) opening.push(line);
      used.add(i);
    }
    if (opening.length) {
      posts.unshift({ text: opening.join('\n\n'), author: null, publishedAt: null });
      paragraphs.unshift(...opening);
    }
  }
  return { isThread, posts, paragraphs, blocks: used };
}

interface Group {
  members: Element[];
  score: number;
  size: number;
  /** Each member is a whole post, its header inside it. */
  self: boolean;
}

interface Context {
  blocks: Block[];
  tally: Map<Element, Tally>;
  /** A whole post's header blocks (name and date, before its text), or null. */
  header: (member: Element) => number[] | null;
}

/** Tags a class-less post body is grouped by its place for: table cells and containers. */
const PLACE_TAG = new Set(['td', 'div', 'section', 'article', 'dd']);
/** Tags a class-less whole post is grouped with its siblings for. */
const SELF_TAG = new Set(['div', 'li', 'article', 'section']);

/**
 * The group of elements most likely to be the posts' bodies: repeated, not nested, holding
 * prose, with the next post's chrome between consecutive ones, looking like posts (named or
 * signed as posts; grouped by place: dated), the tightest wrapper of the most prose.
 */
function bestGroup(lists: Iterable<Element[]>, ctx: Context, mode: 'shape' | 'place' | 'self'): Group | null {
  const { blocks, tally } = ctx;
  let best: Group | null = null;
  for (const list of lists) {
    if (list.length < MIN_POSTS) continue;
    const members = outermost(list);
    if (members.length < MIN_POSTS) continue;
    const t = members.map((m) => tally.get(m)!);
    // A reply of one sentence is prose too (the block classifier calls it short) when its post
    // has a header of its own, an author or a date: a comment form's prompt has neither.
    const said = t.map((x, k) => (x.sentence > 0 && signedPost(members[k], members, ctx) ? x.sentence : 0));
    const withProse = t.filter((x, k) => x.good + said[k] > 0).length;
    const prose = t.reduce((a, x, k) => a + x.good + said[k], 0);
    // Less prose than MIN_PROSE is a thread only when every post says something (short replies).
    if (withProse < MIN_POSTS || prose < (withProse === members.length ? MIN_PROSE / 2 : MIN_PROSE)) continue;
    // Text between consecutive members: the next post's chrome. Paragraphs of one article
    // follow each other with nothing between.
    let gapsWithText = 0;
    for (let k = 1; k < t.length; k++) {
      for (let i = t[k - 1].last + 1; i < t[k].first; i++) {
        if (blocks[i].stats.tokens > 0 && !isStockLine(blocks[i].text)) {
          gapsWithText++;
          break;
        }
      }
    }
    // (Whole posts carry their chrome inside: their header.)
    if (mode !== 'self' && gapsWithText < Math.ceil((members.length - 1) * 0.6)) continue;
    if (inTemplate(members[0]) || members.some(isTeaserList)) continue;
    if (mode === 'self' ? !headedPosts(members, ctx) : mode === 'place' ? !datedPosts(members, tally) : !postLike(members, tally)) continue;
    const size = t.reduce((a, x) => a + x.good + x.short + x.bad, 0);
    const score = prose - 0.25 * t.reduce((a, x, k) => a + x.short - said[k], 0) - t.reduce((a, x) => a + x.bad, 0);
    if (!best || score > best.score || (score === best.score && size < best.size)) best = { members, score, size, self: mode === 'self' };
  }
  return best;
}

/** The page says it is a discussion or a Q&A page (schema.org DiscussionForumPosting, QAPage). */
function declaresThread(doc: Document): boolean {
  const type = /DiscussionForumPosting|QAPage/;
  if (doc.jsonLd.some((j) => type.test(j))) return true;
  for (const el of elements(doc.root)) if (el.attrs.itemtype && type.test(el.attrs.itemtype)) return true;
  return false;
}

/**
 * A block of a post body that is the post's text (not a hidden line, a signature, a button row,
 * or a grid of teaser cards: linked headlines over one-sentence summaries of other stories).
 */
function keep(block: Block, c: BlockClass, member: Element): boolean {
  if (c === 'bad' && block.stats.tokens < 25) return false;
  for (let el: Element | null = block.el; el && el !== member; el = el.parent) {
    if (isHidden(el) || isFurnitureTag(el) || isTeaserCards(el)) return false;
    if (classWords(el).some((w) => POST_CHROME_WORD.has(w))) return false;
  }
  return true;
}

/**
 * Posts carry their own chrome: most members are named as posts (post, message, comment, answer
 * ... in their class, or a Comment/Answer item type), or have an author or a date of their own
 * beside their text. Sections of one article have neither.
 */
function postLike(members: Element[], tally: Map<Element, Tally>): boolean {
  let named = 0;
  let signed = 0;
  for (const m of members) {
    const root = postRoot(m, members, tally);
    let isNamed = false;
    for (let cur: Element | null = m; cur; cur = cur === root ? null : cur.parent) {
      if (classWords(cur).some((w) => COMMENT_WORD.test(w)) || /comment|answer|post/i.test(`${cur.attrs.itemprop ?? ''} ${cur.attrs.itemtype ?? ''}`)) {
        isNamed = true;
        break;
      }
    }
    if (isNamed) named++;
    if (authorOf(root, m) !== null || dateOf(root, m) !== null) signed++;
  }
  // Two alike blocks of prose with a name and a date beside each are also two columns of a
  // layout: two posts must be named as posts.
  if (members.length <= 2) return named === members.length;
  const need = Math.ceil(members.length * 0.5);
  return named >= need || signed >= need;
}

/**
 * Class-less posts (grouped by place): at least three (two in a container named as comments),
 * and most carry a date of their own in their chrome, outside the body, as every forum and
 * archive shows one beside each post, and few have a heading (a list of dated stories has one
 * per item).
 */
function datedPosts(members: Element[], tally: Map<Element, Tally>): boolean {
  if (members.length < 3 && !namedAsComments(members)) return false;
  let dated = 0;
  let headed = 0;
  for (const m of members) {
    const root = postRoot(m, members, tally);
    if (root === m) continue;
    const chrome = chromeOf(root, m);
    if (chrome.headed) headed++;
    if (DATE_TEXT.test(chrome.text)) dated++;
  }
  // Items under a headline of their own are a listing of stories, not replies.
  return dated >= Math.ceil(members.length * 0.6) && headed < members.length * 0.5;
}

/** The text of a post outside its body (up to 2,000 characters), and whether it holds a heading. */
function chromeOf(root: Element, body: Element): { text: string; headed: boolean } {
  const stack: Node[] = [...root.children];
  let text = '';
  let headed = false;
  while (stack.length && text.length < 2000) {
    const node = stack.pop()!;
    if (node === body) continue;
    if (node.kind === 'text') text += ` ${node.text}`;
    else if (/^h[1-6]$/.test(node.tag)) headed = true;
    else stack.push(...node.children);
  }
  return { text, headed };
}

/** A post with a header of its own around its body (or inside it, a whole post): an author or a date (marked up, or a date as posts show theirs). */
function signedPost(member: Element, members: Element[], ctx: Context): boolean {
  const root = postRoot(member, members, ctx.tally);
  if (root === member) return ctx.header(member) !== null;
  return authorOf(root, member) !== null || dateOf(root, member) !== null || DATE_TEXT.test(chromeOf(root, member).text);
}

/**
 * Class-less whole posts (siblings of one tag, each its header inside): at least three (two in a
 * container named as comments), most opening with a header that holds a date, few holding a
 * heading (a list of dated stories has one per item).
 */
function headedPosts(members: Element[], ctx: Context): boolean {
  if (members.length < 3 && !namedAsComments(members)) return false;
  let dated = 0;
  let headed = 0;
  for (const m of members) {
    if (ctx.header(m)) dated++;
    const t = ctx.tally.get(m)!;
    for (let i = t.first; i <= t.last; i++) {
      if (ctx.blocks[i].heading && contains(m, ctx.blocks[i].el)) {
        headed++;
        break;
      }
    }
  }
  return dated >= Math.ceil(members.length * 0.6) && headed < members.length * 0.5;
}

/** A whole post's header: its first one or two blocks, before its first prose or sentence, no heading, holding a date. */
function headerOf(member: Element, blocks: Block[], tally: Map<Element, Tally>, prose: (i: number) => boolean): number[] | null {
  const t = tally.get(member)!;
  const head: number[] = [];
  for (let i = t.first; i <= t.last; i++) {
    if (!contains(member, blocks[i].el)) continue;
    if (prose(i)) break;
    if (blocks[i].heading || head.length === 2) return null;
    head.push(i);
  }
  return head.length && DATE_TEXT.test(head.map((i) => blocks[i].text).join(' ')) ? head : null;
}

/** Inside a region named as page furniture (a widget, a sidebar, related links), comments aside; <body>'s classes say nothing. */
function inTemplate(el: Element): boolean {
  for (let cur: Element | null = el; cur && cur.tag !== 'body' && cur.tag !== 'html'; cur = cur.parent) {
    if (isFurnitureTag(cur) || isHidden(cur)) return true;
    if (classHint(cur) === 'strong' && !classWords(cur).some((w) => COMMENT_WORD.test(w))) return true;
  }
  return false;
}

function isPostChrome(el: Element, memo: Map<Element, boolean>): boolean {
  const known = memo.get(el);
  if (known !== undefined) return known;
  const value = classWords(el).some((w) => POST_CHROME_WORD.has(w)) || (!!el.parent && isPostChrome(el.parent, memo));
  memo.set(el, value);
  return value;
}

/** The elements of the list that no other element of it contains. */
function outermost(list: Element[]): Element[] {
  const set = new Set(list);
  return list.filter((el) => {
    for (let cur = el.parent; cur; cur = cur.parent) if (set.has(cur)) return false;
    return true;
  });
}

/** Posts under an article are listed only when their markup names them as comments or replies. */
function namedAsComments(members: Element[]): boolean {
  const el = members[0];
  for (let cur: Element | null = el, depth = 0; cur && depth < 6; cur = cur.parent, depth++) {
    if (classWords(cur).some((w) => COMMENTS_WORD.test(w))) return true;
    if (/comment|answer/i.test(cur.attrs.itemprop ?? '') || /Comment|Answer/.test(cur.attrs.itemtype ?? '')) return true;
  }
  return false;
}

/** The lines of a thread page outside its posts' text (user names, dates, buttons, menus). */
export function threadChrome(main: MainText, thread: Thread): string[] {
  return linesOutside(main.blocks, (i) => thread.blocks.has(i));
}
