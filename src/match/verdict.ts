/** The verdict of the DESIGN contract from containment, matched characters and chrome. */
import type { Thresholds, Verdict } from '../domain/index.ts';

export function verdictOf(containment: number, matchedChars: number, pageMirror: boolean, t: Thresholds): Verdict {
  if (containment >= t.full) return pageMirror ? 'mirror' : 'full';
  if ((containment >= t.partial && matchedChars >= t.minMatchedChars) || matchedChars >= t.substantialChars) return 'partial';
  return 'none';
}
