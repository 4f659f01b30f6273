/** Who wrote a post of a thread and when, read from the post's own chrome (outside its body). */
import { classWords } from './boilerplate.ts';
import { contains, elements, textOf, type Element } from './dom.ts';
import { foldSpace } from './text-stats.ts';

const AUTHOR_WORD = new Set(['author', 'username', 'poster', 'postauthor', 'creator', 'owner', 'nickname', 'commenter']);

/** A user name: letters, short, not a date line ("asked Jun 29, 2012", "3 days ago"). */
const NOT_A_NAME = /\b(ago|asked|answered|edited|modified|posted|joined|replied|wrote|\d{4}|\d+:\d\d)\b/i;

/** A post's author: the name in its chrome (outside its body), marked as the author's by itemprop, rel or class. */
export function authorOf(root: Element, body: Element): string | null {
  let weak: string | null = null;
  for (const el of elements(root)) {
    if (el === body || contains(body, el)) continue;
    const prop = el.attrs.itemprop ?? '';
    const words = classWords(el);
    const strong = prop === 'author' || prop === 'name' || el.attrs.rel === 'author' || words.some((w) => AUTHOR_WORD.has(w));
    if (!strong && !(weak === null && words.includes('user'))) continue;
    const text = nameIn(el);
    if (!/\p{L}{2}/u.test(text) || text.length > 60 || NOT_A_NAME.test(text)) continue;
    if (strong) return text;
    weak = text;
  }
  return weak;
}

/** The name in an author element: its name part or its link when it has one, else its text. */
function nameIn(el: Element): string {
  let link: Element | null = null;
  for (const d of elements(el)) {
    if (d === el) continue;
    if (d.attrs.itemprop === 'name' || classWords(d).some((w) => w === 'fn' || w === 'username')) return foldSpace(textOf(d));
    if (!link && d.tag === 'a' && foldSpace(textOf(d))) link = d;
  }
  return foldSpace(textOf(link ?? el))
    .replace(/^by\s+/i, '')
    .replace(/\s+(says|wrote)\s*:?$/i, '');
}

/** A post's date: a machine-readable one (<time datetime>, itemprop datePublished/dateCreated) in its chrome. */
export function dateOf(root: Element, body: Element): string | null {
  for (const el of elements(root)) {
    if (el === body || contains(body, el)) continue;
    const value =
      el.tag === 'time'
        ? el.attrs.datetime
        : el.attrs.itemprop === 'datePublished' || el.attrs.itemprop === 'dateCreated'
          ? (el.attrs.content ?? el.attrs.datetime)
          : undefined;
    if (value && /^\d{4}-\d{2}-\d{2}/.test(value.trim())) return value.trim();
  }
  return null;
}

/** A date as posts show theirs: 2024-03-05, 2024/3/5, 05.03.2024, Mar 5, 2024, 5 March 2024, 3 hours ago, 2024年3月5日. */
export const DATE_TEXT =
  /\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}\b|\b\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4}\b|\b\d+ (minutes?|hours?|days?|weeks?|months?|years?) ago\b|\d{4}年\d{1,2}月\d{1,2}日/i;
