/**
 * Main-text scoring as the corpus README defines it (the aeb benchmark's way): the bag of tokens
 * of the extracted text against the reference (words for alphabetic scripts, single characters
 * for CJK), after NFKC and whitespace folding; precision, recall and F1 per page.
 */
import { isCjk } from '../../src/extract/text-stats.ts';

const WORD = /[\p{L}\p{N}\p{M}]/u;

export function tokens(text: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const ch of text.normalize('NFKC').toLowerCase()) {
    const code = ch.codePointAt(0)!;
    if (isCjk(code)) {
      if (word) {
        out.push(word);
        word = '';
      }
      out.push(ch);
    } else if (WORD.test(ch)) {
      word += ch;
    } else if (word) {
      out.push(word);
      word = '';
    }
  }
  if (word) out.push(word);
  return out;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

export function scoreText(extracted: string, gold: string): Prf {
  const got = tokens(extracted);
  const want = tokens(gold);
  if (!got.length && !want.length) return { precision: 1, recall: 1, f1: 1 };
  if (!got.length || !want.length) return { precision: 0, recall: 0, f1: 0 };
  const bag = new Map<string, number>();
  for (const t of want) bag.set(t, (bag.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of got) {
    const n = bag.get(t);
    if (n) {
      common++;
      bag.set(t, n - 1);
    }
  }
  const precision = common / got.length;
  const recall = common / want.length;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

export function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}
