/**
 * A page's chrome signature: hashes of its lines outside the article (navigation, notices,
 * footer). A suspect that carries most of the original's chrome lines is a mirror of the page,
 * not a repost of the article.
 */
import { analyze, mix32 } from '../fingerprint/index.ts';

const MAX_LINES = 200;

export function chromeSignature(lines: string[]): Uint32Array {
  const out = new Set<number>();
  for (const line of lines) {
    const units = analyze(line);
    if (units.count < 2) continue;
    let h = 0x9747b28c;
    for (let i = 0; i < units.count; i++) h = mix32(h ^ units.hashes[i]);
    out.add(h);
    if (out.size >= MAX_LINES) break;
  }
  return Uint32Array.from(out);
}

/** Share of the original's chrome lines found on the suspect page (0 when it has fewer than 3). */
export function chromeOverlap(original: Uint32Array, suspect: Uint32Array): number {
  if (original.length < 3) return 0;
  const set = new Set(suspect);
  let shared = 0;
  for (const h of original) if (set.has(h)) shared++;
  return shared / original.length;
}

/** The overlap at or above which a full copy is a mirror of the page. */
export const MIRROR_OVERLAP = 0.6;
