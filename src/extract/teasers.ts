/**
 * Teaser lists: "related", "latest" and "most read" blocks whose items each open with a linked
 * headline, often followed by a summary that reads like prose. Article paragraphs seldom open
 * with a long link; runs of sibling items that all do are lists of other articles.
 */
import { textOf, type Element, type Node } from './dom.ts';
import { textStats } from './text-stats.ts';

const ITEM_TAGS = new Set(['li', 'div', 'article', 'section', 'dd', 'dt', 'tr', 'td']);
const MIN_ITEMS = 3;

/** True when the element is a list of at least 3 items that each open with a linked headline. */
export function isTeaserList(el: Element): boolean {
  const counts = new Map<string, number>();
  let items = 0;
  for (const child of el.children) {
    if (child.kind === 'el' && ITEM_TAGS.has(child.tag)) {
      counts.set(child.tag, (counts.get(child.tag) ?? 0) + 1);
      items++;
    }
  }
  if (items < MIN_ITEMS) return false;
  let linked = 0;
  let total = 0;
  for (const child of el.children) {
    if (child.kind !== 'el' || (counts.get(child.tag) ?? 0) < MIN_ITEMS) continue;
    total++;
    if (opensWithLinkedHeadline(child)) linked++;
  }
  return total >= MIN_ITEMS && linked >= MIN_ITEMS && linked >= total * 0.6;
}

/** The first text of the element, in document order, is inside a link of at least 3 tokens. */
function opensWithLinkedHeadline(el: Element): boolean {
  const stack: Array<{ node: Node; link: Element | null }> = [{ node: el, link: null }];
  while (stack.length) {
    const { node, link } = stack.pop()!;
    if (node.kind === 'text') {
      if (!node.text.trim()) continue;
      return link !== null && textStats(textOf(link)).tokens >= 3;
    }
    const inner = node.tag === 'a' && node.attrs.href !== undefined ? node : link;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i], link: inner });
  }
  return false;
}
