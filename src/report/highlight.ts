/**
 * Marks passages in a text: the text HTML-escaped, each matched range wrapped in `<mark>`.
 * Offsets are UTF-16 code units, end exclusive, as the matcher gives them. Offsets out of range
 * are clamped to the text, ranges that overlap or touch are merged into one mark (so marks never
 * nest or cross), ranges never split a surrogate pair, and nothing here throws.
 */
import { escapeHtml } from './escape.ts';
import { splitsPair } from './format.ts';

export interface HighlightSpan {
  start: number;
  end: number;
  /** The text the matcher recorded for the span, checked against the text at the offsets. */
  text?: string;
}

export interface Highlighted {
  html: string;
  /** How many `<mark>` elements were written. */
  marks: number;
  /** The id of the mark holding each span (by index), or null when the span was empty. */
  anchors: Array<string | null>;
  /** What was wrong with the offsets, one line each (clamped, empty, text differs). */
  issues: string[];
}

function clampIndex(value: number, length: number): number {
  if (!Number.isFinite(value)) return value > 0 ? length : 0;
  return Math.min(length, Math.max(0, Math.trunc(value)));
}

const fold = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * `text` with `spans` marked. `idPrefix` names the marks (`o` → `o-1`, `o-2` ... by the first
 * span each holds, numbered from 1); `label` names the spans in issues (`passage`).
 */
export function highlight(text: string, spans: HighlightSpan[], idPrefix: string, label = 'passage'): Highlighted {
  const issues: string[] = [];
  const ranges: Array<{ start: number; end: number; spans: number[] }> = [];
  spans.forEach((span, i) => {
    const name = `${label} ${i + 1}`;
    if (typeof span.start !== 'number' || typeof span.end !== 'number' || Number.isNaN(span.start) || Number.isNaN(span.end)) {
      issues.push(`${name}: offsets are not numbers; not marked`);
      return;
    }
    let start = clampIndex(span.start, text.length);
    let end = clampIndex(span.end, text.length);
    if (start !== span.start || end !== span.end) {
      issues.push(`${name}: offsets ${span.start}–${span.end} do not fit the text (${text.length} characters); clamped to ${start}–${end}`);
    }
    if (splitsPair(text, start)) start -= 1;
    if (splitsPair(text, end)) end += 1;
    if (end <= start) {
      issues.push(`${name}: empty range; not marked`);
      return;
    }
    if (span.text !== undefined && span.text !== '' && fold(text.slice(start, end)) !== fold(span.text)) {
      issues.push(`${name}: the text at offsets ${start}–${end} differs from the recorded passage (the text may have changed since)`);
    }
    ranges.push({ start, end, spans: [i] });
  });

  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: typeof ranges = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) {
      last.end = Math.max(last.end, r.end);
      last.spans.push(...r.spans);
    } else {
      merged.push({ start: r.start, end: r.end, spans: [...r.spans] });
    }
  }

  const anchors: Array<string | null> = spans.map(() => null);
  let html = '';
  let pos = 0;
  for (const m of merged) {
    const numbers = [...m.spans].sort((a, b) => a - b);
    const id = `${idPrefix}-${numbers[0] + 1}`;
    for (const n of numbers) anchors[n] = id;
    const title = `${label} ${numbers.map((n) => n + 1).join(', ')}`;
    html += escapeHtml(text.slice(pos, m.start));
    html += `<mark id="${escapeHtml(id)}" title="${escapeHtml(title)}">${escapeHtml(text.slice(m.start, m.end))}</mark>`;
    pos = m.end;
  }
  html += escapeHtml(text.slice(pos));
  return { html, marks: merged.length, anchors, issues };
}
