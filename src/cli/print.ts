/** Human-readable output for the terminal. */
import type { Article } from '../domain/index.ts';

export function printArticle(article: Article, diagnostics: string[] = [], out: NodeJS.WritableStream = process.stdout): void {
  const field = (name: string, value: string | null) => out.write(`${name.padEnd(13)}${value ?? '—'}\n`);
  field('title', article.title);
  field('byline', article.byline);
  field('published', article.publishedAt);
  field('credit', article.credit);
  field('language', article.lang);
  field('charset', article.charset);
  field('canonical', article.canonicalUrl);
  field('paragraphs', String(article.paragraphs.length));
  field('characters', String([...article.text].length));
  for (const notice of article.notices) field('notice', notice.length > 120 ? `${notice.slice(0, 117)}...` : notice);
  for (const d of diagnostics) field('note', d);
  out.write('\n');
  out.write(`${article.text}\n`);
}

/** Control characters out, long values clipped: URLs, titles and messages come from the network. */
export function clean(text: string, max = 300): string {
  const t = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ');
  return t.length > max ? `${t.slice(0, max - 3)}...` : t;
}
