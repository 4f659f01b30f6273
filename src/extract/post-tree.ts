/** The posts of a thread as elements: each body's tally of prose, and the post around a body. */
import { contains, type Element } from './dom.ts';

/** Tokens of an element's subtree by intrinsic class, and its first and last block. */
export interface Tally {
  good: number;
  short: number;
  bad: number;
  first: number;
  last: number;
}

/** Class words that name comments (not `post` or `thread`, which name articles and teasers too). */
export const COMMENTS_WORD = /^(comments?|commentlist|replies|reply|responses?|disqus|answers?)$/;

/** The post around a body: its largest ancestor that holds no other post and little more text. */
export function postRoot(member: Element, members: Element[], tally: Map<Element, Tally>): Element {
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
