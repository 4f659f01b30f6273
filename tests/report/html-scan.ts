/** Reads a report's HTML the way a browser would: its elements with their attributes, its marks, its visible text. */
import { Parser } from 'htmlparser2';

export interface Scanned {
  elements: Array<{ name: string; attribs: Record<string, string> }>;
  /** Text of each `<mark>`, in document order, with the mark's id. */
  marks: Array<{ id: string | undefined; text: string; inside: string | null }>;
  /** Text outside style elements. */
  text: string;
}

export function scanHtml(html: string): Scanned {
  const elements: Scanned['elements'] = [];
  const marks: Scanned['marks'] = [];
  const stack: Array<{ name: string; id?: string }> = [];
  let text = '';
  let current: Scanned['marks'][number] | null = null;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        elements.push({ name, attribs });
        stack.push({ name, id: attribs.id });
        if (name === 'mark') {
          const holder = [...stack].reverse().find((e) => e.id === 'original-text' || e.id === 'copy-text');
          current = { id: attribs.id, text: '', inside: holder?.id ?? null };
          marks.push(current);
        }
      },
      ontext(data) {
        if (stack.some((e) => e.name === 'style' || e.name === 'title')) return;
        text += data;
        if (current) current.text += data;
      },
      onclosetag(name) {
        stack.pop();
        if (name === 'mark') current = null;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return { elements, marks, text };
}
