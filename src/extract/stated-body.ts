/**
 * The cross-check of the main text against what the page says about itself (its JSON-LD
 * articleBody): pure, on the blocks the main-text search already holds.
 */
import { assemble, type MainText } from './paragraphs.ts';
import { tokenize } from './text-stats.ts';

/**
 * What the page says about itself: a JSON-LD articleBody that is the full text (long, not cut
 * off with an ellipsis) and that the page's blocks hold. When the text found misses much of it,
 * the text is rebuilt from the blocks the articleBody holds, in page order; when the text found
 * holds it but goes on well past its end with prose it does not hold (a teaser list below a
 * short story), that tail is left out. A teaser-length or truncated articleBody is ignored.
 */
export function crossCheck(main: MainText, stated: string | null): MainText {
  if (!stated) return main;
  const trimmed = stated.trim();
  if (/(\.\.\.|…|\[…\]|\[\.\.\.\])$/.test(trimmed)) return main;
  const body = tokenize(trimmed);
  if (body.length < 15) return main;
  const grams = shingles(body);
  const coverage = (tokens: string[]): number => {
    const own = shingles(tokens);
    if (!own.size) return 0;
    let hit = 0;
    for (const g of own) if (grams.has(g)) hit++;
    return hit / own.size;
  };
  const { blocks, classes } = main;
  const cover = blocks.map((b) => (b.stats.tokens >= 4 ? coverage(tokenize(b.text)) : 0));
  const seen = new Set<string>();
  const held: number[] = [];
  let heldTokens = 0;
  blocks.forEach((b, i) => {
    if (cover[i] < 0.8 || seen.has(b.text)) return;
    seen.add(b.text);
    held.push(i);
    heldTokens += b.stats.tokens;
  });
  if (heldTokens < body.length * 0.7) return main; // the page's blocks do not hold it
  const got = tokenize(main.paragraphs.join('\n'));
  const recall = overlap(got, body) / body.length;
  if (recall < 0.85) {
    if (body.length < 60) return main;
    // Rebuild from the blocks that hold the articleBody (and the short lines between them that
    // it holds too: subheadings), skipping repeats.
    const picked: number[] = [];
    const taken = new Set<string>();
    for (let i = held[0]; i <= held[held.length - 1]; i++) {
      if (taken.has(blocks[i].text)) continue;
      if (cover[i] >= 0.8 || (cover[i] >= 0.5 && classes[i] !== 'bad')) {
        picked.push(i);
        taken.add(blocks[i].text);
      }
    }
    const rebuilt = assemble({ ...main, candidates: picked });
    return overlap(tokenize(rebuilt.paragraphs.join('\n')), body) > recall * body.length ? rebuilt : main;
  }
  // The text holds the articleBody. When the articleBody is whole blocks ending a sentence (not a
  // description cut at some length), a long tail of prose after it that it does not hold is
  // other stories.
  if (heldTokens < body.length * 0.95 || !/[.!?。！？”"'’)]$/.test(trimmed)) return main;
  const lastHeld = held[held.length - 1];
  const tail = main.candidates.filter((i) => i > lastHeld);
  const tailTokens = tail.reduce((n, i) => n + blocks[i].stats.tokens, 0);
  if (tailTokens < got.length * 0.25 || tail.some((i) => cover[i] >= 0.5)) return main;
  return assemble({ ...main, candidates: main.candidates.filter((i) => i <= lastHeld) });
}

/** Token bigrams (a single token when there is only one). */
function shingles(tokens: string[]): Set<string> {
  const out = new Set<string>();
  if (tokens.length === 1) out.add(tokens[0]);
  for (let i = 0; i + 1 < tokens.length; i++) out.add(`${tokens[i]} ${tokens[i + 1]}`);
  return out;
}

/** How many tokens of `a` are in `b`, counted as bags. */
function overlap(a: string[], b: string[]): number {
  const bag = new Map<string, number>();
  for (const t of b) bag.set(t, (bag.get(t) ?? 0) + 1);
  let n = 0;
  for (const t of a) {
    const k = bag.get(t);
    if (k) {
      n++;
      bag.set(t, k - 1);
    }
  }
  return n;
}
