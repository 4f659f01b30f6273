/**
 * A host page with its article slot emptied: the real page's chrome, kept as it is, around a
 * marker where another article's paragraphs go. The slot is the deepest element that holds most
 * of the host's own reference text (human or silver reference, else copywatch's extraction).
 */
import { parseHTML } from 'linkedom';
import { decodeHtml } from '../../src/extract/charset.ts';

/** The part of linkedom's DOM this file uses (the project compiles without the DOM lib). */
interface DomNode {
  nodeType: number;
  textContent: string | null;
}
interface DomElement extends DomNode {
  tagName: string;
  children: ArrayLike<DomElement>;
  childNodes: ArrayLike<DomNode>;
  innerHTML: string;
}

export interface HostTemplate {
  id: string;
  prefix: string;
  suffix: string;
}

const MARK = 'COPYWATCH-SLOT-7f3a';

function probes(reference: string): string[] {
  return reference
    .split(/\n+/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l.length >= 12)
    .map((l) => l.slice(0, 12));
}

export function hostTemplate(id: string, bytes: Buffer, reference: string): HostTemplate | null {
  const html = decodeHtml(bytes).text;
  const { document } = parseHTML(html);
  const lines = probes(reference);
  if (lines.length < 2) return null;
  const body = (document.body ?? document.documentElement) as unknown as DomElement | null;
  if (!body) return null;
  // Deepest element whose text holds at least 70% of the reference's line starts.
  let best: DomElement | null = null;
  const visit = (el: DomElement, depth: number): void => {
    if (depth > 200 || SKIP.has(el.tagName.toLowerCase())) return;
    const text = visibleText(el).replace(/\s+/g, ' ');
    let hits = 0;
    for (const l of lines) if (text.includes(l)) hits++;
    if (hits < lines.length * 0.7) return;
    best = el;
    for (const child of Array.from(el.children)) visit(child, depth + 1);
  };
  visit(body, 0);
  const slot = best as DomElement | null;
  if (!slot || slot === body) return null;
  slot.innerHTML = `<!--${MARK}-->`;
  // A page that holds its article twice (a hidden reading-mode copy) is no clean host.
  const rest = visibleText(body).replace(/\s+/g, ' ');
  if (lines.filter((l) => rest.includes(l)).length > lines.length * 0.3) return null;
  const out = document.toString();
  const at = out.indexOf(`<!--${MARK}-->`);
  if (at < 0) return null;
  return { id, prefix: out.slice(0, at), suffix: out.slice(at + MARK.length + 7) };
}

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'head']);

/** Text of an element without script, style and other non-rendered subtrees. */
function visibleText(el: DomElement): string {
  let out = '';
  for (const node of Array.from(el.childNodes)) {
    if (node.nodeType === 3) out += node.textContent ?? '';
    else if (node.nodeType === 1 && !SKIP.has((node as DomElement).tagName.toLowerCase())) out += visibleText(node as DomElement);
  }
  return out;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

/** The host page with these paragraphs in its slot, as UTF-8 bytes. */
export function fillSlot(host: HostTemplate, paragraphs: string[]): Buffer {
  return Buffer.from(host.prefix + paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n') + host.suffix, 'utf8');
}
