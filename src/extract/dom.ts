/**
 * A small read-only document tree built from htmlparser2's events. It keeps what extraction needs
 * and nothing more, and it is bounded: depth beyond MAX_DEPTH is flattened into the deepest kept
 * element (a page nested 100,000 levels deep parses in linear time and never recurses deeply),
 * and elements beyond MAX_ELEMENTS are dropped while their text is kept.
 */
import { Parser } from 'htmlparser2';
import { limitNesting } from './flatten.ts';

export interface Element {
  kind: 'el';
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
  parent: Element | null;
}

interface Text {
  kind: 'text';
  text: string;
  parent: Element;
}

export type Node = Element | Text;

interface Meta {
  /** name, property, itemprop or http-equiv, lower case. */
  key: string;
  content: string;
}

export interface Document {
  root: Element;
  /** Text of the first <title>. */
  title: string | null;
  metas: Meta[];
  /** `<link rel=... href=...>` pairs, rel lower case. */
  links: Array<{ rel: string; href: string }>;
  /** Bodies of `<script type="application/ld+json">`. */
  jsonLd: string[];
  /** The lang attribute of <html>, if any. */
  htmlLang: string | null;
  /** Image maps (`<map name>`, lower case) and their `<area href>`s, as written (the map's subtree is not in the tree). */
  imageMaps: Map<string, string[]>;
  /** The `<form>` elements, in document order. */
  forms: Element[];
  /** Elements that held a `<textarea>` (the text area itself is not in the tree): a form asking for a text. */
  textAreaHolders: Set<Element>;
  /** Set when a limit cut the tree. */
  truncated: { depth: boolean; elements: boolean };
}

const MAX_DEPTH = 256;
const MAX_ELEMENTS = 200_000;

/** Players and embeds: skipped, but the element that holds one is remembered (`holdsMedia`). */
const MEDIA = new Set(['video', 'audio', 'iframe', 'embed', 'object']);
const mediaHolders = new WeakSet<Element>();

/** Whether the element directly held a video, an audio player or an embed (those subtrees are not kept). */
export function holdsMedia(el: Element): boolean {
  return mediaHolders.has(el);
}

/** Subtrees whose content is never article text. Their text is not even kept. */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
  'select',
  'option',
  'textarea',
  'button',
  'map',
  'frameset',
  'dialog',
]);

export function parseHtml(html: string): Document {
  const root: Element = { kind: 'el', tag: '#root', attrs: {}, children: [], parent: null };
  const doc: Document = {
    root,
    title: null,
    metas: [],
    links: [],
    jsonLd: [],
    htmlLang: null,
    imageMaps: new Map(),
    forms: [],
    textAreaHolders: new Set(),
    truncated: { depth: false, elements: false },
  };
  /** The image map being read (its areas are collected though the subtree is skipped). */
  let imageMap: string[] | null = null;
  let current = root;
  let depth = 0;
  /** Opened elements that were not materialized (too deep or too many), to balance their closes. */
  let phantom = 0;
  let elements = 0;
  /** >0 while inside a skipped subtree; then only title and JSON-LD text is collected. */
  let skipping = 0;
  let capture: 'title' | 'jsonld' | null = null;
  let captured = '';

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'meta') return collectMeta(doc, attribs);
        if (name === 'link') {
          if (attribs.rel && attribs.href) doc.links.push({ rel: attribs.rel.toLowerCase(), href: attribs.href });
          return;
        }
        if (name === 'html' && attribs.lang && !doc.htmlLang) doc.htmlLang = attribs.lang;
        if (name === 'title' && doc.title === null && capture === null) {
          capture = 'title';
          captured = '';
        }
        if (name === 'script' && /ld\+json/i.test(attribs.type ?? '')) {
          capture = 'jsonld';
          captured = '';
        }
        if (name === 'map' && (attribs.name || attribs.id) && doc.imageMaps.size < 100) {
          imageMap = [];
          doc.imageMaps.set((attribs.name || attribs.id).toLowerCase(), imageMap);
        }
        if (name === 'area' && imageMap && attribs.href && imageMap.length < 500) imageMap.push(attribs.href);
        if (name === 'textarea' && skipping === 0) doc.textAreaHolders.add(current);
        if (MEDIA.has(name) && skipping === 0) mediaHolders.add(current);
        if (skipping > 0 || SKIPPED.has(name)) {
          skipping++;
          return;
        }
        if (depth >= MAX_DEPTH || elements >= MAX_ELEMENTS) {
          if (depth >= MAX_DEPTH) doc.truncated.depth = true;
          else doc.truncated.elements = true;
          phantom++;
          return;
        }
        const el: Element = { kind: 'el', tag: name, attrs: attribs, children: [], parent: current };
        current.children.push(el);
        if (name === 'form') doc.forms.push(el);
        current = el;
        depth++;
        elements++;
      },
      onclosetag(name) {
        if (name === 'meta' || name === 'link') return;
        if (name === 'map') imageMap = null;
        if (capture && (name === 'title' || name === 'script')) {
          if (capture === 'title') doc.title = captured;
          else doc.jsonLd.push(captured);
          capture = null;
        }
        if (skipping > 0) {
          skipping--;
          return;
        }
        if (phantom > 0) {
          phantom--;
          return;
        }
        if (current.parent) {
          current = current.parent;
          depth--;
        }
      },
      ontext(data) {
        if (capture) {
          captured += data;
          return;
        }
        if (skipping > 0) return;
        const last = current.children[current.children.length - 1];
        if (last && last.kind === 'text') last.text += data;
        else current.children.push({ kind: 'text', text: data, parent: current });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false },
  );
  const guarded = limitNesting(html);
  if (guarded.flattened) doc.truncated.depth = true;
  parser.write(guarded.html);
  parser.end();
  return doc;
}

function collectMeta(doc: Document, attribs: Record<string, string>): void {
  const key = attribs.property ?? attribs.name ?? attribs.itemprop ?? attribs['http-equiv'];
  const content = attribs.content;
  if (key && content !== undefined) doc.metas.push({ key: key.toLowerCase(), content });
}

/** The value of the first meta among `keys` (in that order of preference) with content. */
export function metaContent(doc: Document, ...keys: string[]): string | null {
  for (const key of keys) {
    const found = doc.metas.find((m) => m.key === key && m.content.trim());
    if (found) return found.content.trim();
  }
  return null;
}

/** Concatenated text of a subtree, iteratively (the tree may be wide). */
export function textOf(el: Element): string {
  const parts: string[] = [];
  const stack: Node[] = [el];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.kind === 'text') parts.push(node.text);
    else for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return parts.join('');
}

/** Every element of the subtree in document order (pre-order), iteratively. */
export function* elements(el: Element): Generator<Element> {
  const stack: Element[] = [el];
  while (stack.length) {
    const node = stack.pop()!;
    yield node;
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i];
      if (child.kind === 'el') stack.push(child);
    }
  }
}

/** True when `el` is `ancestor` or lies inside it. */
export function contains(ancestor: Element, el: Element): boolean {
  for (let cur: Element | null = el; cur; cur = cur.parent) if (cur === ancestor) return true;
  return false;
}
