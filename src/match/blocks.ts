/**
 * Alignment at the level of the suspect's blocks, and template discounting.
 *
 * - A copy is often a small share of a long original: one paragraph of a news article pasted as
 *   a forum reply. Its share of the original says little; its share of the suspect's block says
 *   it: a block (a post, a paragraph, or a run of them) that is the original's text nearly whole,
 *   and long enough not to be a quoted sentence, is a copy.
 * - Units of the original marked as template are taken out of an alignment's evidence.
 */
import type { Units } from '../fingerprint/index.ts';
import type { Alignment, Run } from './align.ts';

/** Share of a block's units that must come from the original. */
const BLOCK_COVERED = 0.8;
/**
 * Units and folded characters a copied run of blocks must hold: more than a quoted sentence (12
 * to 35 words, 20 to 60 Han characters), as much as a paragraph of a news article.
 */
const BLOCK_MIN_UNITS = 48;
const BLOCK_MIN_CHARS = 240;

/** True when consecutive lines of the suspect's text, each mostly the original's, hold enough of it. */
export function copiedBlock(runs: Run[], text: string, units: Units): boolean {
  if (!runs.length) return false;
  const covered = new Uint8Array(units.count);
  for (const r of runs) for (let k = r.s; k < r.s + r.len && k < units.count; k++) covered[k] = 1;
  let streak = 0;
  let streakChars = 0;
  let at = 0;
  let u = 0;
  for (const line of text.split('\n')) {
    const end = at + line.length;
    at = end + 1;
    let n = 0;
    let hit = 0;
    let hitChars = 0;
    for (; u < units.count && units.starts[u] < end; u++, n++)
      if (covered[u]) {
        hit++;
        hitChars += units.sizes[u];
      }
    if (!n) continue;
    if (hit >= n * BLOCK_COVERED) {
      streak += hit;
      streakChars += hitChars;
      if (streak >= BLOCK_MIN_UNITS && streakChars >= BLOCK_MIN_CHARS) return true;
    } else {
      streak = 0;
      streakChars = 0;
    }
  }
  return false;
}

/**
 * The alignment without the original's template units as evidence (null mask: unchanged). The
 * share is still taken of the whole original: template text the original kept is not evidence,
 * and taking it out of the measure would make what is left look larger than it is.
 */
export function discountTemplate(a: Alignment, mask: Uint8Array | null, o: Units): Alignment {
  if (!mask) return a;
  const covered = new Uint8Array(o.count);
  const runs = a.runs.filter((r) => {
    let fresh = 0;
    for (let k = r.o; k < r.o + r.len && k < o.count; k++)
      if (!mask[k]) {
        covered[k] = 1;
        fresh++;
      }
    return fresh > 0;
  });
  let matchedChars = 0;
  for (let u = 0; u < o.count; u++) if (covered[u]) matchedChars += o.sizes[u];
  return { runs, matchedChars, containment: o.chars ? matchedChars / o.chars : 0 };
}

/** Share of the suspect text's units that the runs cover. */
export function suspectCoverage(runs: Run[], units: Units): number {
  if (!units.count) return 0;
  const covered = new Uint8Array(units.count);
  for (const r of runs) for (let k = r.s; k < r.s + r.len && k < units.count; k++) covered[k] = 1;
  let n = 0;
  for (let u = 0; u < units.count; u++) n += covered[u];
  return n / units.count;
}
