/** Fixture pages as bytes, for the extraction tests. */
import * as OpenCC from 'opencc-js';
import { ARTICLES } from './web/articles.ts';
import { ARTICLES_EN } from './web/articles-en.ts';
import { encodePage, esc } from './web/html.ts';
import { renderEpaperArticle } from './web/templates/epaper.ts';
import { renderNewsArticle, SAMPLE_TEASERS } from './web/templates/news-en.ts';

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

export const epaperHtml = (i = 0) => renderEpaperArticle(ARTICLES[i]);
export const epaperGbk = (i = 0) => encodePage(epaperHtml(i), 'gbk');

/** The same e-paper page in traditional characters, Big5, declaring big5. */
export function epaperBig5(i = 0): Buffer {
  const html = toTraditional(epaperHtml(i)).replace('charset=gb2312', 'charset=big5');
  return encodePage(html, 'big5');
}

export const newsEnHtml = () => renderNewsArticle(ARTICLES_EN[0], { siteName: 'Coastal Ledger', host: 'www.coastal-ledger.test', teasers: SAMPLE_TEASERS });

export function linkListPage(): string {
  const items = Array.from({ length: 40 }, (_, i) => `<li><a href="/a/${i}">${esc(ARTICLES[i % ARTICLES.length].title)} 第${i}期</a></li>`).join('\n');
  return `<html><head><meta charset="utf-8"><title>新闻列表</title></head><body><div class="nav"><a href="/">首页</a> <a href="/news">新闻</a></div><ul class="list">${items}</ul><div class="footer">版权所有</div></body></html>`;
}

/** A home page: teasers (linked headline + summary) and nothing else. */
export function homePage(): string {
  const teasers = [...ARTICLES, ...ARTICLES]
    .map((a, i) => `<div class="item"><h3><a href="/a/${i}">${esc(a.title)}</a></h3><p>${esc(a.paragraphs[1])}</p></div>`)
    .join('\n');
  return `<html><head><meta charset="utf-8"><title>石化晨报首页</title></head><body><div class="nav"><a href="/">首页</a></div><div class="home-list">${teasers}</div></body></html>`;
}
