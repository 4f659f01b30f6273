/**
 * Teaser lists: "related", "latest" and "most read" blocks whose items each open with a linked
 * headline, often followed by a summary that reads like prose. Article paragraphs seldom open
 * with a long link; runs of sibling items that all do are lists of other articles.
 */
import { textOf, type Element, type Node } from './dom.ts';
import { textStats } from './text-stats.ts';

const ITEM_TAGS = new Set(['li', 'div', 'article', 'section', 'dd', 'dt', 'tr', 'td']);
const MIN_ITEMS = 3;

/**
 * True when at least 3 of the element's children, and 60% of those that hold text, are items
 * (li, div, article ...) that open with a linked headline.
 */
export function isTeaserList(el: Element): boolean {
  let withText = 0;
  let linked = 0;
  for (const child of el.children) {
    if (child.kind !== 'el') {
      if (child.text.trim()) withText++;
      continue;
    }
    if (!hasText(child)) continue;
    withText++;
    if (ITEM_TAGS.has(child.tag) && opensWithLinkedHeadline(child)) linked++;
  }
  return linked >= MIN_ITEMS && linked >= withText * 0.6;
}

function hasText(el: Element): boolean {
  const stack: Element[] = [el];
  while (stack.length) {
    const node = stack.pop()!;
    for (const c of node.children) {
      if (c.kind === 'text') {
        if (c.text.trim()) return true;
      } else stack.push(c);
    }
  }
  return false;
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
