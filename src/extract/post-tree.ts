/** The posts of a thread as elements: each body's tally of prose, and the post around a body. */
import { contains, type Element } from './dom.ts';
import type { Block } from './blocks.ts';
import { classWords, isStockLine } from './boilerplate.ts';
import { textStats } from './text-stats.ts';

/** Tokens of an element's subtree by intrinsic class, and its first and last block. */
export interface Tally {
  good: number;
  short: number;
  bad: number;
  /** Of the short tokens, those of blocks that read as a sentence (a one-sentence reply). */
  sentence: number;
  first: number;
  last: number;
}

/** A sentence's end: . ! ? … and their CJK forms, a closing quote or bracket after it. */
const SENTENCE_END = /[.!?…。！？]["'”’»)）」』]*$/u;

/**
 * Tokens of a short block's lines that read as a sentence, as one-sentence replies do ("Same
 * here, the 2019 model does it too."): in a block that is no heading and mostly not links, a line
 * that is not a stock line, of 5 words or 8 CJK characters ending as a sentence ends, or of 15
 * words or 20 CJK characters of running text. A user card's lines ("Joined: Mar 2019", "Posts:
 * 174"), dates and buttons are none.
 */
export function sentenceTokens(block: Block): number {
  if (block.heading || block.linkTokens > block.stats.tokens * 0.5) return 0;
  let n = 0;
  for (const raw of block.text.split('\n')) {
    const line = raw.trim();
    if (!line || isStockLine(line)) continue;
    const { words, cjk, tokens } = textStats(line);
    const ended = SENTENCE_END.test(line);
    if (cjk > words ? cjk >= 20 || (ended && cjk >= 8) : words >= 15 || (ended && words >= 5)) n += tokens;
  }
  return n;
}

/** Class words that name comments (not `post` or `thread`, which name articles and teasers too). */
export const COMMENTS_WORD = /^(comments?|commentlist|replies|reply|responses?|disqus|answers?)$/;

/**
 * The post around a body: its largest ancestor that holds no other post and little more text.
 * In a nested thread (a reply sits inside the post it answers, as Reddit's and most comment
 * trees do) the post is the nearest ancestor of the kind every post is wrapped in.
 */
export function postRoot(member: Element, members: Element[], tally: Map<Element, Tally>): Element {
  const nested = nestedUnit(members);
  if (nested) {
    const unit = nearestOfKind(member, nested);
    if (unit) return unit;
  }
  const own = tally.get(member)!;
  const ownSize = own.good + own.short + own.bad;
  let root = member;
  for (let cur = member.parent; cur; cur = cur.parent) {
    if (members.some((m) => m !== member && contains(cur!, m))) break;
    const t = tally.get(cur);
    if (t && t.good + t.short + t.bad > ownSize + 200) break;
    root = cur;
  }
  return root;
}

const nestedMemo = new WeakMap<Element[], Element | null>();

/**
 * The wrapper of a nested thread's posts, or null: an ancestor of the first body of a kind (tag
 * and a shared class word, or both class-less) of which every body has a nearest ancestor of its
 * own, one holding another body (a reply nested in it) only inside another of that kind.
 */
function nestedUnit(members: Element[]): Element | null {
  const known = nestedMemo.get(members);
  if (known !== undefined) return known;
  let found: Element | null = null;
  for (let a = members[0].parent; a && a.tag !== 'body' && !found; a = a.parent) {
    const units = members.map((m) => nearestOfKind(m, a!));
    if (units.some((u) => !u) || new Set(units).size !== units.length) continue;
    let nests = false;
    let clean = true;
    units.forEach((u, k) => {
      members.forEach((m, j) => {
        if (j === k || !contains(u!, m)) return;
        nests = true;
        // The other body sits in a unit of this kind inside u (its own post), not in u alone.
        if (!contains(u!, units[j]!) || units[j] === u) clean = false;
      });
    });
    if (nests && clean) found = a;
  }
  nestedMemo.set(members, found);
  return found;
}

function sameKind(a: Element, b: Element): boolean {
  if (a.tag !== b.tag) return false;
  const wa = classWords(a).map((w) => w.replace(/\d+/g, '#'));
  const wb = new Set(classWords(b).map((w) => w.replace(/\d+/g, '#')));
  return wa.length === 0 ? wb.size === 0 : wa.some((w) => wb.has(w));
}

/** The body's nearest ancestor of the kind of `like`. */
function nearestOfKind(member: Element, like: Element): Element | null {
  for (let cur = member.parent; cur && cur.tag !== 'body'; cur = cur.parent) if (sameKind(cur, like)) return cur;
  return null;
}
