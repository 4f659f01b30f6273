/**
 * Teaser lists: "related", "latest" and "most read" blocks whose items each open with a linked
 * headline, often followed by a summary that reads like prose. Article paragraphs seldom open
 * with a long link; runs of sibling items that all do are lists of other articles. A short label
 * before the headline (a kicker such as "Politics", a date) does not hide it.
 */
import { textOf, type Element, type Node } from './dom.ts';
import { textStats } from './text-stats.ts';

const ITEM_TAGS = new Set(['li', 'div', 'article', 'section', 'dd', 'dt', 'tr', 'td']);
const MIN_ITEMS = 3;

/** The most a teaser holds, in words (summaryWords): a headline and a summary of a sentence or two. */
export const TEASER_WORDS = 80;

/**
 * A text's length in words, a CJK character counting half a word (a Chinese summary of 100
 * characters says what an English one says in 50 words).
 */
export function summaryWords(text: string): number {
  const stats = textStats(text);
  return stats.words + stats.cjk / 2;
}

/**
 * True when at least 3 of the element's children, and 60% of those that hold text, are items
 * (li, div, article ...) that open with a linked headline.
 */
export function isTeaserList(el: Element): boolean {
  return teaserItems(el) !== null;
}

/**
 * A teaser list of cards: its items' linked headlines are headings (h2..h6) and each item is
 * short (a headline and a summary of a sentence or two). An article's own list of linked names
 * seldom has this shape, so cards are teasers even inside the article's core.
 */
export function isTeaserCards(el: Element): boolean {
  const known = cardsMemo.get(el);
  if (known !== undefined) return known;
  const cards = teaserCards(el);
  cardsMemo.set(el, cards);
  return cards;
}

const cardsMemo = new WeakMap<Element, boolean>();

function teaserCards(el: Element): boolean {
  const items = teaserItems(el);
  if (!items) return false;
  let cards = 0;
  let size = 0;
  for (const item of items) {
    if (linkedHeading(item)) cards++;
    size += summaryWords(textOf(item));
  }
  return cards >= MIN_ITEMS && cards >= items.length * 0.6 && size / items.length <= TEASER_WORDS;
}

/** Per element, its teaser items (null: not a teaser list), as teaserItems found them. */
const itemsMemo = new WeakMap<Element, Element[] | null>();
/** Per element, whether it is or holds a teaser list. */
const holdsMemo = new WeakMap<Element, boolean>();

/**
 * The items that open with a linked headline, when they make the element a teaser list. A child
 * that is or holds a teaser list is a list of stories, not one story: the column that holds an
 * article opening with a link ("Click for full results") beside two boxes of other stories is
 * not a list of three teasers, or the article would be weighed as one.
 */
function teaserItems(el: Element): Element[] | null {
  const known = itemsMemo.get(el);
  if (known !== undefined) return known;
  let withText = 0;
  const linked: Element[] = [];
  for (const child of el.children) {
    if (child.kind !== 'el') {
      if (child.text.trim()) withText++;
      continue;
    }
    if (!hasText(child)) continue;
    withText++;
    if (ITEM_TAGS.has(child.tag) && (opensWithLinkedHeadline(child) || endsWithMoreLink(child)) && !holdsTeaserList(child)) linked.push(child);
  }
  const items = linked.length >= MIN_ITEMS && linked.length >= withText * 0.6 ? linked : null;
  itemsMemo.set(el, items);
  return items;
}

/** The element is a teaser list or holds one. */
function holdsTeaserList(el: Element): boolean {
  const known = holdsMemo.get(el);
  if (known !== undefined) return known;
  let holds = false;
  for (const c of el.children) if (c.kind === 'el' && holdsTeaserList(c)) holds = true;
  holds ||= teaserItems(el) !== null;
  holdsMemo.set(el, holds);
  return holds;
}

/**
 * "Read more", "Continue reading", 阅读全文, 続きを読む: the link that ends a story's teaser. Not "Learn
 * more" or "See more": the calls to action of a service or product page's own sections.
 */
const MORE =
  /^[\s»›>…]*(read( the)?( full)? (more|story|article|post)|continue reading|full story)\b[^.!?]{0,16}$|^[\s»›>…]*(阅读全文|查看全文|阅读更多|全文|続きを読む|記事を読む)[\s»›>…]*$/i;

/**
 * The item's last text is a short link away whose words say "read more": a teaser whose headline
 * is not linked (a sidebar blurb, a blog index entry), the summary ending in the way to the story.
 */
function endsWithMoreLink(el: Element): boolean {
  let node: Element = el;
  for (;;) {
    const last = [...node.children].reverse().find((c) => (c.kind === 'el' ? hasText(c) : c.text.trim() !== ''));
    if (!last || last.kind !== 'el') return false;
    if (leadsAway(last)) {
      const text = textOf(last).trim();
      return text.length <= 40 && MORE.test(text);
    }
    node = last;
  }
}

/** A heading (h2..h6) whose text is a link of at least 3 tokens. */
function linkedHeading(el: Element): boolean {
  const stack: Element[] = [el];
  while (stack.length) {
    const node = stack.pop()!;
    if (/^h[2-6]$/.test(node.tag)) {
      const text = textStats(textOf(node)).tokens;
      if (text < 3) return false;
      const links = node.children.filter((c): c is Element => c.kind === 'el' && leadsAway(c));
      const linked = links.reduce((n, a) => n + textStats(textOf(a)).tokens, 0) + (node.parent?.tag === 'a' ? text : 0);
      return linked >= text * 0.8;
    }
    for (let i = node.children.length - 1; i >= 0; i--) {
      const c = node.children[i];
      if (c.kind === 'el') stack.push(c);
    }
  }
  return false;
}

/**
 * A link to another page. A heading's own anchor (`<h2><a href="#making-a-request">`) links to
 * the same page: sections that open with one are the article's, not a list of other articles.
 */
function leadsAway(el: Element): boolean {
  return el.tag === 'a' && el.attrs.href !== undefined && !el.attrs.href.trim().startsWith('#');
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

/**
 * The first text of the element, in document order, is inside a link of at least 3 tokens, or
 * only a short unlinked label (3 tokens at most: a kicker, a date; not an ordinal) comes before
 * such a link.
 */
function opensWithLinkedHeadline(el: Element): boolean {
  const stack: Array<{ node: Node; link: Element | null }> = [{ node: el, link: null }];
  let label = 0;
  while (stack.length) {
    const { node, link } = stack.pop()!;
    if (node.kind === 'text') {
      if (!node.text.trim()) continue;
      if (link !== null) return textStats(textOf(link)).tokens >= 3;
      // An ordinal ("1.", "2)") opens the items of a listicle, not of a teaser list.
      if (/^\s*#?\d{1,3}\s*[.):]?\s*$/.test(node.text)) return false;
      label += textStats(node.text).tokens;
      if (label > 3) return false;
      continue;
    }
    const inner = leadsAway(node) ? node : link;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i], link: inner });
  }
  return false;
}

/**
 * The items of a list of other stories or threads, as text, or null: at least 3 items, each a
 * child that opens with a linked headline (a list item, a heading, a definition term), with at
 * most two unlinked siblings after it taken as its summary (a paragraph, a definition), together
 * 60% of the children that hold text, and short (80 words an item on average: a title and a
 * sentence or two). Teaser lists whose items are wrapped are among them, and so are the flat ones:
 * `<dt>` and `<dd>` pairs, a linked `<h4>` over a `<p>`.
 */
export function storyItems(el: Element): string[] | null {
  const items: string[] = [];
  let withText = 0;
  let inItems = 0;
  let tail = 2; // summary siblings taken after the current headline
  for (const child of el.children) {
    const text = child.kind === 'el' ? (hasText(child) ? textOf(child) : '') : child.text;
    if (!text.trim()) continue;
    withText++;
    if (child.kind === 'el' && (ITEM_TAGS.has(child.tag) || /^h[2-6]$/.test(child.tag)) && opensWithLinkedHeadline(child)) {
      items.push(text);
      inItems++;
      tail = 0;
    } else if (tail < 2 && !(child.kind === 'el' && leadsAwayWithin(child))) {
      items[items.length - 1] += ` ${text}`;
      inItems++;
      tail++;
    } else tail = 2;
  }
  if (items.length < MIN_ITEMS || inItems < withText * 0.6) return null;
  const size = items.reduce((n, t) => n + summaryWords(t), 0);
  return size / items.length <= TEASER_WORDS ? items : null;
}

/** The element is or holds a link to another page. */
function leadsAwayWithin(el: Element): boolean {
  const stack: Element[] = [el];
  while (stack.length) {
    const node = stack.pop()!;
    if (leadsAway(node)) return true;
    for (const c of node.children) if (c.kind === 'el') stack.push(c);
  }
  return false;
}
