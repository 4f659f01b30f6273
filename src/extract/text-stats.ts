/**
 * Character-level facts about a piece of text, computed in one pass: how many tokens it holds
 * (words for alphabetic scripts, single characters for CJK), how much of it is CJK, how much is
 * sentence punctuation. Extraction weighs blocks of text by these figures.
 */

export interface TextStats {
  /** Words (runs of letters/digits) plus CJK characters. */
  tokens: number;
  /** Han, kana and similar characters, each one a token. */
  cjk: number;
  /** Runs of letters/digits outside CJK. */
  words: number;
  /** Sentence and clause punctuation: . , ; ! ? and their CJK forms (and 、, ．, ｡, ､). */
  punct: number;
  /** Non-space characters. */
  chars: number;
}

/** Han, kana, CJK punctuation blocks, Hangul syllables are words (space separated), not here. */
export function isCjk(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) || // CJK unified
    (code >= 0x3400 && code <= 0x4dbf) || // extension A
    (code >= 0x3040 && code <= 0x30ff) || // hiragana, katakana
    (code >= 0x3005 && code <= 0x3007) || // 々 〆 〇
    (code >= 0x31f0 && code <= 0x31ff) || // katakana phonetic extensions
    (code >= 0xff66 && code <= 0xff9f) || // half-width katakana
    (code >= 0xf900 && code <= 0xfaff) || // compatibility ideographs
    (code >= 0x20000 && code <= 0x2ffff) // supplementary ideographs
  );
}

// Japanese text also uses the full-width period and the half-width 。 and 、 (｡ ､).
const PUNCT = new Set([...'。，、；！？.,;!?．｡､'].map((c) => c.codePointAt(0)!));

/** Letters and digits of any script (fast path for ASCII). */
function isWordChar(code: number): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  return WORD_RE.test(String.fromCodePoint(code));
}
const WORD_RE = /[\p{L}\p{N}\p{M}]/u;

export function textStats(text: string): TextStats {
  let tokens = 0,
    cjk = 0,
    words = 0,
    punct = 0,
    chars = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      code = text.codePointAt(i)!;
      i++;
    }
    if (code <= 0x20 || code === 0xa0 || code === 0x3000) {
      inWord = false;
      continue;
    }
    chars++;
    if (isCjk(code)) {
      cjk++;
      tokens++;
      inWord = false;
      continue;
    }
    if (isWordChar(code)) {
      if (!inWord) {
        words++;
        tokens++;
        inWord = true;
      }
      continue;
    }
    inWord = false;
    if (PUNCT.has(code)) punct++;
  }
  return { tokens, cjk, words, punct, chars };
}

/** Folds runs of whitespace (including NBSP and ideographic space) into one space, trims. */
export function foldSpace(text: string): string {
  return text.replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, ' ').trim();
}

/**
 * The text's tokens in order, lower-cased: words (runs of letters and digits) and single CJK
 * characters, as textStats counts them.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const ch of text.toLowerCase()) {
    const code = ch.codePointAt(0)!;
    if (isCjk(code)) {
      if (word) {
        out.push(word);
        word = '';
      }
      out.push(ch);
    } else if (isWordChar(code)) word += ch;
    else if (word) {
      out.push(word);
      word = '';
    }
  }
  if (word) out.push(word);
  return out;
}
