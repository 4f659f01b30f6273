/**
 * A site's article selector: the escape hatch for pages the automatic main-text choice gets
 * wrong. `selector` names the elements that hold the article (their text, in document order, is
 * the article); `exclude` names elements inside them to leave out (a share bar, a related box).
 *
 * CSS is matched by css-select through an adapter over the extractor's own small DOM (dom.ts),
 * so the page is parsed once and the elements matched are the ones main-text.ts and the
 * metadata readers see. Pure: no I/O.
 */
import { compile, type Options } from 'css-select';
import { contains, type Document, type Element, type Node, textOf } from './dom.ts';
import { BLOCK_TAGS, segment } from './blocks.ts';
import { isHidden } from './boilerplate.ts';
import type { MainText } from './main-text.ts';

export interface ArticleSelector {
  /** CSS selector of the elements that hold the article. */
  selector: string;
  /** CSS selectors of elements inside them that are not the article. */
  exclude?: string[];
}

/** Elements are tags; the synthetic '#root' is the document, not a tag (so `:root` is <html>). */
const isTag = (node: Node): node is Element => node.kind === 'el' && node.tag !== '#root';

type Adapter = NonNullable<Options<Node, Element>['adapter']>;

const adapter: Adapter = {
  isTag,
  getAttributeValue: (el, name) => (Object.hasOwn(el.attrs, name) ? el.attrs[name] : undefined),
  hasAttrib: (el, name) => Object.hasOwn(el.attrs, name),
  getChildren: (node) => (node.kind === 'el' ? node.children : []),
  getName: (el) => el.tag,
  getParent: (node) => node.parent,
  getSiblings: (node) => (node.parent ? node.parent.children : [node]),
  prevElementSibling: (node) => {
    const siblings = node.parent?.children ?? [];
    for (let i = siblings.indexOf(node as Element) - 1; i >= 0; i--) if (isTag(siblings[i])) return siblings[i] as Element;
    return null;
  },
  getText: (node) => (node.kind === 'text' ? node.text : textOf(node)),
  removeSubsets: (nodes) => {
    const set = new Set(nodes);
    return [...set].filter((n) => {
      for (let p = n.parent; p; p = p.parent) if (set.has(p)) return false;
      return true;
    });
  },
};

type Test = (el: Element) => boolean;

function compileOne(selector: string): Test {
  // HTML documents: tag and attribute names are lower case (dom.ts lowers them).
  return compile<Node, Element>(selector, { adapter, xmlMode: false, cacheResults: false }) as Test;
}

/** Why `selector` cannot be used (a parse error, an unsupported pseudo-class), or null when it can. */
export function selectorProblem(selector: string): string | null {
  if (!selector.trim()) return 'expected a CSS selector, got an empty string';
  try {
    compileOne(selector);
    return null;
  } catch (error) {
    return `expected a CSS selector css-select can match, got ${JSON.stringify(selector.length > 60 ? `${selector.slice(0, 57)}...` : selector)} (${(error as Error).message.replace(/\s+/g, ' ').trim()})`;
  }
}

export interface Selection {
  /** The matched elements, outermost only, in document order. */
  elements: Element[];
  /** The elements `exclude` matched inside them. */
  excluded: Element[];
  /** The article's paragraphs: the lines of the matched elements' blocks, excluded ones left out. */
  paragraphs: string[];
}

/**
 * The article the selector names on this page, or null when it matches nothing (or only empty
 * or excluded elements): the caller then falls back to the automatic choice. A selector that
 * does not compile throws (the config refuses them at load: see selectorProblem).
 */
export function selectArticle(doc: Document, spec: ArticleSelector): Selection | null {
  const want = compileOne(spec.selector);
  const leave = (spec.exclude ?? []).map(compileOne);
  const matched: Element[] = [];
  const excluded = new Set<Element>();
  // Document order, iteratively (pages may be deep): a match inside a match is part of it.
  const stack: Array<{ el: Element; inside: boolean }> = [{ el: doc.root, inside: false }];
  while (stack.length) {
    const { el, inside } = stack.pop()!;
    let within = inside;
    if (isTag(el)) {
      if (within && leave.some((t) => t(el))) {
        excluded.add(el);
        continue;
      }
      if (!within && want(el)) {
        matched.push(el);
        within = true;
      }
    }
    for (let i = el.children.length - 1; i >= 0; i--) {
      const child = el.children[i];
      if (child.kind === 'el') stack.push({ el: child, inside: within });
    }
  }
  if (!matched.length) return null;
  const skip = (el: Element) => excluded.has(el) || (!BLOCK_TAGS.has(el.tag) && isHidden(el));
  const paragraphs: string[] = [];
  for (const el of matched) for (const b of segment(el, skip)) paragraphs.push(...b.text.split('\n'));
  if (!paragraphs.length) return null;
  return { elements: matched, excluded: [...excluded], paragraphs };
}

/**
 * The automatic result `main` with the selection as its text: the page's blocks inside the
 * selection become the span (so metadata reads the lines around it, and chrome is what is
 * outside), the first match the container (its links are the article's links).
 */
export function withSelection(main: MainText, selection: Selection): MainText {
  // An inline match (a <span>) lies inside a block of the page: that block is the article's.
  const owners = selection.elements.map((m) => {
    let el: Element | null = m;
    while (el && !BLOCK_TAGS.has(el.tag)) el = el.parent;
    return el ?? m;
  });
  const inSelection = (el: Element) =>
    (selection.elements.some((m) => contains(m, el)) || owners.includes(el)) && !selection.excluded.some((x) => contains(x, el));
  const candidates: number[] = [];
  main.blocks.forEach((b, i) => {
    if (inSelection(b.el)) candidates.push(i);
  });
  const span: [number, number] | null = candidates.length ? [candidates[0], candidates[candidates.length - 1]] : main.span;
  return { ...main, paragraphs: selection.paragraphs, container: selection.elements[0], core: selection.elements[0], candidates, span };
}
