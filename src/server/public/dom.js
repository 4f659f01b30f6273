// DOM helpers. Every string from the API (which includes crawled text) goes in as a text node or an
// attribute value set through the DOM: nothing here parses HTML. Links take only http(s) URLs.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The URL fit for an href: absolute http(s) without credentials, else null. */
function safeHref(url) {
  if (typeof url !== 'string' || !url) return null;
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username || parsed.password) return null;
  return parsed.href;
}

/**
 * Bidirectional overrides and isolates, zero-width and other invisible format characters, and C0/C1
 * controls: they can make a URL or a name read as another (`invoice\u202Efdp.exe` shows as
 * `invoiceexe.pdf`). Every string the views show goes through `visible`, which writes each as a
 * `\u{202E}` escape, as the HTML report does for URLs.
 */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** @public (tests/server/dashboard-text.test.ts reads it) */
export function visible(value) {
  return String(value).replace(INVISIBLE, (c) => `\\u{${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}}`);
}

const HAN = /[\u3400-\u9FFF\uF900-\uFAFF]/;
const BCP47 = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/** A lang attribute for text: the known language when it is a valid tag, else zh when it holds Han characters. */
export function langFor(text, known) {
  if (typeof known === 'string' && BCP47.test(known) && known.toLowerCase() !== 'und') return known;
  return typeof text === 'string' && HAN.test(text) ? 'zh' : null;
}

const ATTRS = new Set([
  'class',
  'data-needs',
  'id',
  'title',
  'type',
  'name',
  'value',
  'placeholder',
  'for',
  'role',
  'lang',
  'colspan',
  'min',
  'max',
  'step',
  'autocomplete',
  'required',
  'disabled',
  'hidden',
  'selected',
  'checked',
  'multiple',
  'maxlength',
  'rows',
  'tabindex',
  'data-view',
  'download',
  'aria-label',
  'aria-live',
  'aria-current',
  'aria-busy',
  'aria-describedby',
  'scope',
  'dir',
  'spellcheck',
  'autofocus',
  'datetime',
]);

/**
 * h('a', {href, class, on: {click}}, 'text', child ...): an element. Strings become text nodes.
 * `href` goes through safeHref (dropped when not http(s)), or may be an in-app `#/...` route.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'on') {
      for (const [event, fn] of Object.entries(value)) el.addEventListener(event, fn);
    } else if (key === 'href') {
      const href = typeof value === 'string' && value.startsWith('#/') ? value : safeHref(value);
      if (href) el.setAttribute('href', href);
    } else if (key === 'text') {
      el.textContent = visible(value);
    } else if (ATTRS.has(key)) {
      el.setAttribute(key, value === true ? '' : key === 'title' || key === 'aria-label' ? visible(value) : String(value));
    } else {
      throw new Error(`h(): attribute ${key} is not allowed`);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(visible(child)));
  }
  return el;
}

/** An SVG element with numeric or string attributes (no event handlers, no hrefs). */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined) continue;
    if (/^on/i.test(key) || /href/i.test(key)) throw new Error(`svg(): attribute ${key} is not allowed`);
    el.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    el.append(child instanceof Node ? child : document.createTextNode(visible(child)));
  }
  return el;
}

/** Text in a span with its lang attribute. */
export function text(value, lang, cls) {
  return h('span', { lang: langFor(value, lang), class: cls }, value ?? '');
}

/** A URL shown as text and linked when it is http(s); links open in a new tab without referrer. */
export function urlLink(url, label) {
  const href = safeHref(url);
  const shown = label ?? url ?? '—';
  if (!href) return h('span', { class: label ? null : 'url' }, shown);
  const a = h('a', { href, class: label ? null : 'url', title: url }, shown);
  a.setAttribute('rel', 'noopener noreferrer nofollow');
  a.setAttribute('target', '_blank');
  return a;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function badge(kind, value) {
  return h('span', { class: `badge ${kind}-${String(value).replace(/[^a-z-]/g, '')}` }, String(value));
}

export const percent = (x) => `${(Number(x) * 100).toFixed(x >= 0.995 || x === 0 ? 0 : 1)}%`;
export const group = (n) => Number(n ?? 0).toLocaleString('en-US');

/** A UTC ISO time as a <time> element: the viewer's local time with its zone, UTC on hover. */
export function when(iso) {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return String(iso);
  const el = h('time', { title: `${utc(iso)} (UTC)` }, local(t));
  el.setAttribute('datetime', new Date(t).toISOString());
  return el;
}

/** `2024-05-01 10:00 UTC` for a UTC ISO time (what exports and hover show). */
function utc(iso) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso ?? '');
  return m ? `${m[1]} ${m[2]} UTC` : String(iso ?? '—');
}

/** The viewer's local time with its zone: `2024-05-01 18:00 GMT+8`. */
function local(t) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    })
      .formatToParts(new Date(t))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName ?? ''}`.trim();
}

/** "3 min ago" for a UTC ISO time. */
export function ago(iso, now = Date.now()) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

/**
 * `text` with the spans (UTF-16 offsets, end exclusive) marked: text nodes and <mark> elements,
 * overlapping spans merged, offsets clamped. Returns the fragment and the mark of each span.
 */
export function highlighted(value, spans, idPrefix) {
  const textValue = typeof value === 'string' ? value : '';
  const ranges = [];
  spans.forEach((s, i) => {
    const start = Math.max(0, Math.min(textValue.length, Math.trunc(Number(s?.start) || 0)));
    const end = Math.max(0, Math.min(textValue.length, Math.trunc(Number(s?.end) || 0)));
    if (end > start) ranges.push({ start, end, spans: [i] });
  });
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) {
      last.end = Math.max(last.end, r.end);
      last.spans.push(...r.spans);
    } else merged.push({ ...r, spans: [...r.spans] });
  }
  const frag = document.createDocumentFragment();
  const marks = spans.map(() => null);
  let pos = 0;
  for (const m of merged) {
    frag.append(document.createTextNode(textValue.slice(pos, m.start)));
    const mark = h(
      'mark',
      {
        id: `${idPrefix}-${Math.min(...m.spans) + 1}`,
        title: `passage ${m.spans
          .map((n) => n + 1)
          .sort((a, b) => a - b)
          .join(', ')}`,
      },
      textValue.slice(m.start, m.end),
    );
    for (const n of m.spans) marks[n] = mark;
    frag.append(mark);
    pos = m.end;
  }
  frag.append(document.createTextNode(textValue.slice(pos)));
  return { fragment: frag, marks };
}

/** Shows a message for a few seconds. */
export function toast(message, kind = 'info') {
  const box = document.getElementById('toasts');
  const item = h('div', { class: `toast ${kind}` }, message);
  box.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

/** The publisher's name in the top bar. */
export function setPublisher(name) {
  const el = document.getElementById('publisher');
  if (!el) return;
  el.textContent = name ?? '';
  const lang = langFor(name);
  if (lang) el.setAttribute('lang', lang);
  else el.removeAttribute('lang');
}
