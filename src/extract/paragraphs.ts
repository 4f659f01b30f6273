/**
 * The article's paragraphs from the blocks the main-text search chose (MainText.candidates): the
 * text's edges trimmed of short lines, stock lines left out, a footer notice cut off. What the
 * search (main-text.ts), the JSON-LD cross-check (stated-body.ts) and the title's removal share.
 */
import type { Element } from './dom.ts';
import type { Block } from './blocks.ts';
import { classWords, isStockLine } from './boilerplate.ts';
import { isNotice } from './meta/notices.ts';
import { textStats } from './text-stats.ts';

export type BlockClass = 'good' | 'short' | 'bad';

export interface MainText {
  paragraphs: string[];
  /** The element that directly holds the most prose. */
  core: Element | null;
  /** The core or the ancestor of it whose subtree scores best: the article's extent. */
  container: Element | null;
  /** All blocks of the page with their final class, for diagnostics and metadata. */
  blocks: Block[];
  classes: BlockClass[];
  /** Each block's class judged alone, before template marks. */
  intrinsic: BlockClass[];
  /** Share of the page's tokens that are link text. */
  linkShare: number;
  /** Indexes of the first and last block the paragraphs come from. */
  span: [number, number] | null;
  /** Indexes of the container's blocks that are not template, in order. */
  candidates: number[];
}

/** The same text without the blocks up to and including `index` (a title inside the container). */
export function dropThrough(main: MainText, index: number): MainText {
  return assemble({ ...main, candidates: main.candidates.filter((i) => i > index) });
}

/**
 * A copyright or reuse notice in the last part of the text starts the page's footer (版权与免责声明,
 * 未经本网授权不得转载 ...): it and what follows are not the article. A notice early in the text is
 * left alone; it may be what the article is about.
 */
/** A notice that speaks for the site itself, not an article's mention of copyright. */
export function isSiteNotice(line: string): boolean {
  return line.length < 400 && isNotice(line) && /本网|本站|本报|本刊|本社|本平台|版权所有|免责|版权声明|all rights reserved|©|copyright/i.test(line);
}

function cutFooterNotice(paragraphs: string[]): string[] {
  const sizes = paragraphs.map((p) => textStats(p).tokens);
  const total = sizes.reduce((a, b) => a + b, 0);
  let before = 0;
  for (let i = 0; i < paragraphs.length; i++) {
    if (before >= total * 0.6 && i > 0 && isSiteNotice(paragraphs[i])) return paragraphs.slice(0, i);
    before += sizes[i];
  }
  return paragraphs;
}

/**
 * Paragraphs from the candidate blocks. Short lines before the first and after the last paragraph
 * of prose are datelines, bylines, captions and tags and are left out; long ones (a list of items,
 * a table) are content. Stock lines ("Advertisement", 责任编辑：...) are left out everywhere.
 */
const REPEAT_MIN = 40;

/** Inside a <figure> or <figcaption>, or an element named a caption (up to three levels up). */
function inCaption(el: Element): boolean {
  for (let node: Element | null = el, k = 0; node && k < 4; node = node.parent, k++) {
    if (node.tag === 'figcaption' || node.tag === 'figure') return true;
    if (classWords(node).some((w) => w === 'caption' || w === 'figcaption' || w === 'credit' || w === 'gallery' || w === 'slide' || w === 'slideshow'))
      return true;
  }
  return false;
}

export function assemble(main: MainText): MainText {
  const { blocks, classes, candidates } = main;
  let first = 0;
  let last = candidates.length - 1;
  const edge = (i: number) => classes[i] !== 'good' && blocks[i].stats.tokens < 25;
  while (first <= last && edge(candidates[first])) first++;
  while (last >= first && edge(candidates[last])) last--;
  let paragraphs: string[] = [];
  const seen = new Set<string>();
  for (let k = first; k <= last; k++) {
    const b = blocks[candidates[k]];
    for (const line of b.text.split('\n')) {
      if (isStockLine(line)) continue;
      // A long caption the text already holds (in a gallery and again beside its photo) is kept once.
      if (line.length >= REPEAT_MIN) {
        if (seen.has(line) && inCaption(b.el)) continue;
        seen.add(line);
      }
      paragraphs.push(line);
    }
  }
  paragraphs = cutFooterNotice(paragraphs);
  const span: [number, number] | null = first <= last ? [candidates[first], candidates[last]] : null;
  return { ...main, paragraphs, span };
}
