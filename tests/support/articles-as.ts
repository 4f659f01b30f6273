/** Builds Article values directly, for engine tests that need no HTML. */
import type { Article } from '../../src/domain/index.ts';

export function articleOf(paragraphs: string[], extra: Partial<Article> = {}): Article {
  return {
    url: null,
    title: null,
    byline: null,
    publishedAt: null,
    credit: null,
    text: paragraphs.join('\n\n'),
    paragraphs,
    lang: 'zh-Hans',
    charset: 'utf-8',
    canonicalUrl: null,
    notices: [],
    links: [],
    ...extra,
  };
}
