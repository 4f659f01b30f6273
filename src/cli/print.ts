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
