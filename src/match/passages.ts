/**
 * Runs → passages: runs that follow each other in both texts (small gaps allowed, such as an
 * edited word or a dropped sentence) are merged, then given as character offsets and text in
 * both articles.
 */
import type { Units } from '../fingerprint/index.ts';
import type { Passage } from '../domain/index.ts';
import type { Run } from './align.ts';

/** Largest gap, in units, bridged between two runs of one passage. */
const MAX_GAP = 12;

interface Span {
  o: number;
  oEnd: number;
  s: number;
  sEnd: number;
}

export function toPassages(runs: Run[], original: { text: string; units: Units }, suspect: { text: string; units: Units }, limit = 200): Passage[] {
  const sorted = [...runs].sort((a, b) => a.s - b.s || a.o - b.o);
  const spans: Span[] = [];
  for (const r of sorted) {
    const next: Span = { o: r.o, oEnd: r.o + r.len, s: r.s, sEnd: r.s + r.len };
    const last = spans[spans.length - 1];
    const follows = last && next.o >= last.o && next.s >= last.s && next.o - last.oEnd <= MAX_GAP && next.s - last.sEnd <= MAX_GAP;
    if (follows) {
      last.oEnd = Math.max(last.oEnd, next.oEnd);
      last.sEnd = Math.max(last.sEnd, next.sEnd);
    } else {
      spans.push(next);
    }
  }
  return spans.slice(0, limit).map((p) => {
    const oStart = original.units.starts[p.o];
    const oEnd = original.units.ends[Math.min(original.units.count, p.oEnd) - 1];
    const sStart = suspect.units.starts[p.s];
    const sEnd = suspect.units.ends[Math.min(suspect.units.count, p.sEnd) - 1];
    return {
      original: { start: oStart, end: oEnd, text: original.text.slice(oStart, oEnd) },
      suspect: { start: sStart, end: sEnd, text: suspect.text.slice(sStart, sEnd) },
    };
  });
}
