/**
 * The scan benchmarks' synthetic corpus as the index job would store it: article n of
 * tests/support/web's generated portal (bench/engine/synthetic.ts texts), prepared, fingerprinted
 * and shaped for `store.articles.upsert` by the index job's own articleForStore.
 */
import { createHash } from 'node:crypto';
import type { Article } from '../../src/domain/index.ts';
import { articleForStore } from '../../src/scan/jobs-index.ts';
import { PUBLISHER_NAME } from '../../tests/support/web/index.ts';
import { scanCorpusArticle } from '../../tests/support/web/sites/generated.ts';

export function corpusArticle(n: number): Article {
  const a = scanCorpusArticle(n);
  return {
    url: a.url,
    title: a.title,
    byline: null,
    publishedAt: '2023-01-09',
    credit: PUBLISHER_NAME,
    text: a.text,
    paragraphs: a.paragraphs,
    lang: 'zh-Hans',
    charset: 'utf-8',
    canonicalUrl: null,
    notices: [],
    links: [],
  };
}

/** Article `article` (from corpusArticle) ready for the store and the corpus index. */
export function corpusRecord(article: Article): ReturnType<typeof articleForStore> {
  return articleForStore(article, { url: article.url!, chrome: [], source: 'epaper', bodySha256: createHash('sha256').update(article.text).digest('hex') });
}
