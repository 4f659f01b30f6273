/**
 * How far the article reaches beyond its core: sibling elements it goes on in (a body split by
 * figures, ads or headings) and sibling sections that each open with a heading (a listicle's
 * steps); and the site's chrome (footer, menu, dialog) it never reaches into.
 */
import type { Block } from './blocks.ts';
import { classHint, isFurnitureTag } from './boilerplate.ts';
import type { Element } from './dom.ts';
import type { BlockClass } from './paragraphs.ts';
import { isTeaserList } from './teasers.ts';

/**
 * The container and the siblings the article goes on in: a long body split into several
 * elements by figures, ads or headings, whose common parent also holds a sidebar or comments
 * that outweigh them. Beside the container (or an ancestor that holds little else), the run of
 * siblings on each side that adds the most score is taken when it adds enough: at least a fifth
 * of the container's score and 15 tokens (half its score before it). The run stops at a sibling
 * that opens with a stock heading ("Related stories", 推荐阅读). A sibling built like the element
 * (same tag and class, `signature`) is another part of the same body, cut by a newsletter box, a
 * figure or an inline "Related" box: when it holds prose of its own, does not itself open with a
 * stock heading and outweighs what lies between, the run up to it is taken, however short the
 * part (a last paragraph). Only beside the container or its parent: higher up, alike siblings are
 * the page's columns.
 */
export function extend(
  container: Element,
  score: Map<Element, number>,
  siblingScore: (el: Element) => number,
  stop: Set<Element>,
  signature: (el: Element) => string | null,
): Element[] {
  const base = score.get(container) ?? 0;
  if (base <= 0) return [container];
  const minGain = Math.max(15, base * 0.2);
  let el = container;
  for (let level = 0; level < 4 && el.parent; level++) {
    const parent: Element = el.parent;
    const kids = parent.children.filter((c): c is Element => c.kind === 'el');
    const at = kids.indexOf(el);
    const sig = level < 2 ? signature(el) : null;
    const reach = (from: number, step: number, minGain: number): number => {
      let run = 0;
      let best = 0;
      let to = at;
      let part = at; // the farthest part built like el that the run reaches with a gain
      let stopped = false; // past a box that opens with a stock heading, only a part is reached
      for (let j = from; j >= 0 && j < kids.length; j += step) {
        if (stop.has(kids[j])) stopped = true;
        const own = siblingScore(kids[j]);
        run += own;
        if (!stopped && run > best) {
          best = run;
          to = j;
        }
        if (sig !== null && own > 0 && run > 0 && !stop.has(kids[j]) && signature(kids[j]) === sig) part = j;
      }
      const end = best >= minGain ? to : at;
      return step > 0 ? Math.max(end, part) : Math.min(end, part);
    };
    const hi = reach(at + 1, 1, minGain);
    // Before the container, promotions and teasers are more common than a part of the article.
    const lo = reach(at - 1, -1, Math.max(minGain, base * 0.5));
    if (hi > at || lo < at) return kids.slice(lo, hi + 1);
    // Go up only through a parent that holds little besides this element.
    if (Math.abs((score.get(parent) ?? 0) - (score.get(el) ?? 0)) > Math.max(10, base * 0.15)) break;
    el = parent;
  }
  return [container];
}

/**
 * An article cut into sibling sections (the steps of a listicle or how-to, the parts of a long
 * article), each in its own element that opens with a heading: the section with the most prose
 * is not the article, their parent is. Taken when the core opens with a heading (h2..h6), at
 * least 3 of its parent's children with text do and they are 60% of them, the parent is no
 * teaser list, not in the site's chrome nor marked by a strong class word or a furniture tag,
 * and the other sections hold text of their own without links (prose, lists of features, a
 * table) of at least a third of the core's. Up to two levels (sections of sections).
 */
export function sectionsParent(core: Element, blocks: Block[], intrinsic: BlockClass[]): Element {
  const first = new Map<Element, Block>();
  const plain = new Map<Element, number>();
  blocks.forEach((b, i) => {
    const text = intrinsic[i] !== 'bad' && b.linkTokens < b.stats.tokens * 0.3 ? b.stats.tokens : 0;
    for (let el: Element | null = b.el; el; el = el.parent) {
      if (!first.has(el)) first.set(el, b);
      if (text) plain.set(el, (plain.get(el) ?? 0) + text);
    }
  });
  const opensWithHeading = (el: Element) => {
    const b = first.get(el);
    return !!b && b.heading >= 2 && b.linkTokens < b.stats.tokens * 0.5;
  };
  let el = core;
  for (let level = 0; level < 2 && el.parent; level++) {
    const parent: Element = el.parent;
    if (!opensWithHeading(el) || inSiteChrome(parent) || isFurnitureTag(parent) || classHint(parent) === 'strong' || isTeaserList(parent)) break;
    const kids = parent.children.filter((c): c is Element => c.kind === 'el' && first.has(c));
    const headed = kids.filter(opensWithHeading);
    if (headed.length < 3 || headed.length < kids.length * 0.6) break;
    if (headed.some((k) => classHint(k) === 'strong' || isFurnitureTag(k))) break;
    const others = headed.filter((k) => k !== el).reduce((n, k) => n + (plain.get(k) ?? 0), 0);
    if (others < (plain.get(el) ?? 0) / 3) break;
    el = parent;
  }
  return el;
}

const CHROME_TAGS = new Set(['footer', 'nav']);
const CHROME_ROLES = new Set(['contentinfo', 'dialog', 'alertdialog']);

/**
 * Inside a footer, a menu or a dialog, by tag or role. Not an aside or a header (some sites set
 * their articles there), nor class words (a <body class="has-modal"> holds everything).
 */
export function inSiteChrome(node: Element): boolean {
  for (let el: Element | null = node; el; el = el.parent) {
    if (CHROME_TAGS.has(el.tag) || CHROME_ROLES.has((el.attrs.role ?? '').toLowerCase())) return true;
  }
  return false;
}
