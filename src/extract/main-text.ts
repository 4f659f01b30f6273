/**
 * Finds the article's text among the page's blocks.
 *
 * 1. Each block is judged on its own: `good` (sentences of prose, few links), `bad` (mostly link
 *    text, or a stock line such as "Advertisement" or 责任编辑), or `short` (anything else).
 * 2. Template regions are marked from tags, roles, class and id words, and hidden styles; an
 *    element that holds most of the page's good text is never marked, whatever its class says.
 * 3. The container is the element whose subtree maximizes good tokens minus bad tokens (and a
 *    little of the short ones): the article's prose wins, the template around it costs.
 * 4. The paragraphs are the container's blocks that are not bad, short lines trimmed from its
 *    edges when they stand before the first or after the last paragraph of prose.
 */
import type { Document, Element } from './dom.ts';
import { segment, type Block } from './blocks.ts';
import { classHint, isFurnitureTag, isHidden, isStockLine } from './boilerplate.ts';

export type BlockClass = 'good' | 'short' | 'bad';

export interface MainText {
  paragraphs: string[];
  container: Element | null;
  /** All blocks of the page with their final class, for diagnostics and metadata. */
  blocks: Block[];
  classes: BlockClass[];
  /** Share of the page's tokens that are link text. */
  linkShare: number;
}

const SHORT_PENALTY = 0.25;

export function intrinsicClass(block: Block): BlockClass {
  const { tokens, cjk, words, punct } = block.stats;
  const linkDensity = tokens ? block.linkTokens / tokens : 0;
  if (linkDensity > 0.5) return 'bad';
  const firstLine = block.text.split('\n', 1)[0];
  if (tokens < 40 && isStockLine(firstLine)) return 'bad';
  if (block.heading) return 'short';
  const prose = cjk > words ? cjk >= 12 && punct >= 1 : words >= 12 && punct >= 1;
  if (prose && linkDensity <= 0.3) return 'good';
  return 'short';
}

export function findMainText(doc: Document): MainText {
  const blocks = segment(doc.root);
  const intrinsic = blocks.map(intrinsicClass);

  // Good tokens under each element, to exempt the article's own container from template marks.
  const goodUnder = new Map<Element, number>();
  let totalGood = 0;
  let totalTokens = 0;
  let linkTokens = 0;
  blocks.forEach((b, i) => {
    totalTokens += b.stats.tokens;
    linkTokens += b.linkTokens;
    if (intrinsic[i] !== 'good') return;
    totalGood += b.stats.tokens;
    for (let el: Element | null = b.el; el; el = el.parent) goodUnder.set(el, (goodUnder.get(el) ?? 0) + b.stats.tokens);
  });

  const templateMemo = new Map<Element, boolean>();
  const isTemplate = (el: Element): boolean => {
    const known = templateMemo.get(el);
    if (known !== undefined) return known;
    const chain: Element[] = [];
    let cur: Element | null = el;
    let inherited = false;
    while (cur) {
      const memo = templateMemo.get(cur);
      if (memo !== undefined) { inherited = memo; break; }
      chain.push(cur);
      cur = cur.parent;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const node = chain[i];
      if (!inherited) {
        const marked = isFurnitureTag(node) || isHidden(node) || classHint(node) === 'negative';
        inherited = marked && (goodUnder.get(node) ?? 0) < totalGood * 0.5;
      }
      templateMemo.set(node, inherited);
    }
    return inherited;
  };

  const classes = blocks.map((b, i): BlockClass => (isTemplate(b.el) ? 'bad' : intrinsic[i]));
  if (!classes.includes('good')) {
    // No prose anywhere (a short note, a poem): short blocks are all there is.
    for (let i = 0; i < classes.length; i++) if (classes[i] === 'short' && blocks[i].stats.tokens >= 4) classes[i] = 'good';
  }

  const score = new Map<Element, number>();
  blocks.forEach((b, i) => {
    const c = classes[i];
    const w = c === 'good' ? b.stats.tokens : c === 'bad' ? -b.stats.tokens : -SHORT_PENALTY * b.stats.tokens;
    for (let el: Element | null = b.el; el; el = el.parent) score.set(el, (score.get(el) ?? 0) + w);
  });

  let container: Element | null = null;
  let best = 0;
  for (const [el, s] of score) {
    if (s > best || (s === best && container && isAncestor(container, el))) { best = s; container = el; }
  }

  const linkShare = totalTokens ? linkTokens / totalTokens : 0;
  if (!container) return { paragraphs: [], container: null, blocks, classes, linkShare };

  const inside: number[] = [];
  blocks.forEach((b, i) => { if (classes[i] !== 'bad' && isAncestor(container!, b.el)) inside.push(i); });
  let first = 0;
  let last = inside.length - 1;
  while (first <= last && classes[inside[first]] !== 'good') first++;
  while (last >= first && classes[inside[last]] !== 'good') last--;
  const paragraphs: string[] = [];
  for (let k = first; k <= last; k++) {
    const b = blocks[inside[k]];
    for (const line of b.text.split('\n')) if (!isStockLine(line)) paragraphs.push(line);
  }
  return { paragraphs, container, blocks, classes, linkShare };
}

function isAncestor(ancestor: Element, el: Element): boolean {
  for (let cur: Element | null = el; cur; cur = cur.parent) if (cur === ancestor) return true;
  return false;
}
