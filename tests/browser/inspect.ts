/** What the browser tests look for in a page and in a download. */

// The page's globals, typed just enough for the functions that run there (the project's lib has no DOM).
interface PageElement {
  tagName: string;
  id: string;
  outerHTML: string;
  attributes: ArrayLike<{ name: string; value: string }>;
}
interface PageScript extends PageElement {
  src: string;
  type: string;
  textContent: string | null;
}
declare const document: { querySelectorAll<T = PageElement>(selector: string): ArrayLike<T> };
declare const location: { href: string };

/**
 * Runs in the page (self-contained): everything in the DOM that could run script or navigate to
 * a script URL. The dashboard's own module is the one script element; no element has an on*
 * attribute; no URL attribute is javascript:, vbscript: or data:text/html; no frame, object,
 * embed or base element exists.
 */
export function inertnessProblems(): string[] {
  const found: string[] = [];
  const describe = (el: PageElement) => `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}>`;
  const scripts = Array.from(document.querySelectorAll<PageScript>('script'));
  const own = new URL('/app.js', location.href).href;
  for (const s of scripts) {
    if (!(s.src === own && s.type === 'module' && !s.textContent)) found.push(`script element: ${s.outerHTML.slice(0, 120)}`);
  }
  for (const el of Array.from(document.querySelectorAll('iframe, frame, object, embed, base, meta[http-equiv]'))) found.push(`element ${describe(el)}`);
  const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'srcdoc', 'background']);
  for (const el of Array.from(document.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${describe(el)} has ${name}="${attr.value.slice(0, 60)}"`);
      if (URL_ATTRS.has(name)) {
        // Browsers ignore whitespace and control characters in a scheme: so does this check.
        const squeezed = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        if (/^(javascript|vbscript):/.test(squeezed) || /^data:text\/html/.test(squeezed))
          found.push(`${describe(el)} has ${name}="${attr.value.slice(0, 60)}"`);
      }
    }
  }
  return found;
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
