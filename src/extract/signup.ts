/**
 * Sign-up boxes: "Get our morning newsletter", a sentence of promise, an e-mail field and a
 * button. Templates put them between the parts of a body and beside it; their sentence reads
 * like prose, and on a short article it is a large share of the text, the same on every page
 * of the site (two articles would look like copies of each other). A box is found from its
 * form, not from its words: a <form> with a field for an e-mail address (type, name, id or
 * placeholder) and no <textarea> (a comment form asks for a text), and the largest element
 * around it that holds little text besides (at most 60 words, a CJK character half a word) and
 * one block of prose at most (the promise: a paragraph of the article beside it is not the box's).
 */
import type { Block } from './blocks.ts';
import type { Document, Element } from './dom.ts';

const MAX_WORDS = 60;
const MAIL = /e-?mail|邮箱|郵箱|メール/i;
/** Elements that hold a page's content, never a box of their own. */
const OUTER = new Set(['html', 'body', 'main', 'article']);

/** The sign-up boxes of a page, by element; every block inside one is template. */
export function signupBoxes(doc: Document, blocks: Block[]): Set<Element> {
  const forms = doc.forms.filter((form) => asksForMail(form, doc.textAreaHolders));
  const boxes = new Set<Element>();
  if (!forms.length) return boxes;
  const words = new Map<Element, number>();
  const proseBlocks = new Map<Element, number>();
  for (const b of blocks) {
    const w = b.stats.words + b.stats.cjk / 2;
    const p = readsLikeProse(b) ? 1 : 0;
    for (let el: Element | null = b.el; el; el = el.parent) {
      words.set(el, (words.get(el) ?? 0) + w);
      if (p) proseBlocks.set(el, (proseBlocks.get(el) ?? 0) + 1);
    }
  }
  const small = (el: Element) => (words.get(el) ?? 0) <= MAX_WORDS && (proseBlocks.get(el) ?? 0) <= 1;
  for (const form of forms) {
    let box = form;
    while (box.parent && !OUTER.has(box.parent.tag) && small(box.parent)) box = box.parent;
    if (small(box)) boxes.add(box);
  }
  return boxes;
}

/** A sentence or more (12 words or CJK characters and a punctuation mark), a stock line too. */
function readsLikeProse(b: Block): boolean {
  const { cjk, words, punct } = b.stats;
  return (cjk > words ? cjk >= 12 : words >= 12) && punct >= 1;
}

/** A field for an e-mail address, and no text area (the parser keeps where one was, not the element). */
function asksForMail(form: Element, textAreaHolders: Set<Element>): boolean {
  let mail = false;
  const stack: Element[] = [form];
  while (stack.length) {
    const el = stack.pop()!;
    if (textAreaHolders.has(el)) return false;
    if (el.tag === 'input') {
      const a = el.attrs;
      if ((a.type ?? '').toLowerCase() === 'email' || MAIL.test(a.name ?? '') || MAIL.test(a.id ?? '') || MAIL.test(a.placeholder ?? '')) mail = true;
    }
    for (const c of el.children) if (c.kind === 'el') stack.push(c);
  }
  return mail;
}
