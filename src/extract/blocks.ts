/**
 * Segments a document into text blocks: the runs of inline content between block-level
 * boundaries, in document order. A block remembers the element that holds it, how much of its
 * text is link text, and whether it is a heading; `<br>` inside a block becomes a line break.
 */
import type { Element } from './dom.ts';
import { foldSpace, textStats, type TextStats } from './text-stats.ts';

export interface Block {
  /** Folded text; `\n` where the page had a line break. */
  text: string;
  /** The innermost block-level element holding this text. */
  el: Element;
  stats: TextStats;
  /**
   * Tokens inside <a href> that leads away from the page. Links to a place on the same page
   * (`#section`) count only where they are most of a block that is no heading: an entry of a
   * table of contents, a "jump to" line; not a heading's own anchor or a footnote reference.
   */
  linkTokens: number;
  /** 1..6 inside <h1>..<h6>, else 0. */
  heading: number;
  /** Inside <li>, <dt> or <dd>. */
  listItem: boolean;
  /** Position in document order. */
  index: number;
}

export const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'frame',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'caption',
  'legend',
  'option',
  'noframes',
  'font-block',
  '#root',
]);

const HEADINGS: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

/** 'away' for an <a href> to another page, 'here' for one to a place on this page (`#...`). */
function linkKind(el: Element): 'away' | 'here' | null {
  if (el.tag !== 'a' || el.attrs.href === undefined) return null;
  return el.attrs.href.trim().startsWith('#') ? 'here' : 'away';
}

interface Frame {
  el: Element;
  next: number;
}

/** Blocks in document order. `skip(el)` prunes a subtree (its text is not seen at all). */
export function segment(root: Element, skip: (el: Element) => boolean = () => false): Block[] {
  const blocks: Block[] = [];
  let parts: string[] = [];
  let linkParts: string[] = [];
  let anchorParts: string[] = [];
  let linkDepth = 0;
  let anchorDepth = 0;
  const blockStack: Element[] = [root];
  let heading = 0;
  let listDepth = 0;

  const flush = () => {
    if (!parts.length) return;
    const raw = parts.join('');
    parts = [];
    const linkText = linkParts.join(' ');
    linkParts = [];
    const anchorText = anchorParts.join(' ');
    anchorParts = [];
    const text = raw.split('\n').map(foldSpace).filter(Boolean).join('\n');
    if (!text) return;
    const stats = textStats(text);
    if (!stats.chars) return;
    blocks.push({
      text,
      el: blockStack[blockStack.length - 1],
      stats,
      linkTokens: Math.min(stats.tokens, textStats(linkText).tokens + sameLinks(heading, listDepth > 0, stats.tokens, anchorText)),
      heading,
      listItem: listDepth > 0,
      index: blocks.length,
    });
  };

  const stack: Frame[] = [{ el: root, next: 0 }];
  while (stack.length) {
    const frame = stack[stack.length - 1];
    const { el } = frame;
    if (frame.next === 0 && el !== root) {
      // entering el
      const isBlock = BLOCK_TAGS.has(el.tag);
      if (isBlock) {
        flush();
        blockStack.push(el);
      }
      const kind = linkKind(el);
      if (kind === 'away') linkDepth++;
      else if (kind === 'here') anchorDepth++;
      if (HEADINGS[el.tag]) heading = HEADINGS[el.tag];
      if (el.tag === 'li' || el.tag === 'dd' || el.tag === 'dt') listDepth++;
      if (el.tag === 'br') parts.push('\n');
      if (el.tag === 'img' && el.attrs.alt === undefined) {
        /* images carry no text */
      }
    }
    if (frame.next < el.children.length) {
      const child = el.children[frame.next++];
      if (child.kind === 'text') {
        parts.push(child.text);
        if (linkDepth > 0) linkParts.push(child.text);
        else if (anchorDepth > 0) anchorParts.push(child.text);
      } else if (!skip(child)) {
        stack.push({ el: child, next: 0 });
      }
      continue;
    }
    // leaving el
    stack.pop();
    if (el === root) break;
    if (BLOCK_TAGS.has(el.tag)) {
      flush();
      blockStack.pop();
    }
    const kind = linkKind(el);
    if (kind === 'away') linkDepth--;
    else if (kind === 'here') anchorDepth--;
    if (HEADINGS[el.tag]) heading = 0;
    if (el.tag === 'li' || el.tag === 'dd' || el.tag === 'dt') listDepth--;
  }
  flush();
  return blocks;
}

/** The same-page link tokens that count as link text: most of a block that is no heading. */
function sameLinks(heading: number, listItem: boolean, tokens: number, anchorText: string): number {
  if (heading || !listItem || !anchorText) return 0;
  const n = textStats(anchorText).tokens;
  return n * 2 > tokens ? n : 0;
}

/**
 * The lines of the blocks not `inside` the text (see Extraction.chrome): deduplicated, in order,
 * at most 300 of at most 300 characters.
 */
export function linesOutside(blocks: Block[], inside: (index: number) => boolean): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  blocks.forEach((b, i) => {
    if (inside(i)) return;
    for (const line of b.text.split('\n')) {
      const value = line.slice(0, 300);
      if (value.length < 2 || seen.has(value) || out.length >= 300) continue;
      seen.add(value);
      out.push(value);
    }
  });
  return out;
}
