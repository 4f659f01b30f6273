import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.ts';
import { ARTICLES, PUBLISHER_NAME } from '../support/web/articles.ts';
import { ARTICLES_EN } from '../support/web/articles-en.ts';
import { encodePage } from '../support/web/html.ts';
import { epaperBig5, epaperGbk, epaperHtml, homePage, linkListPage, newsEnHtml } from '../support/fixtures.ts';

function ok(result: ReturnType<typeof extract>) {
  if (!result.ok) throw new Error(`expected an article, got ${result.reason}: ${result.message}`);
  return result.article;
}

describe('extract: the e-paper page modeled on the seed (GBK)', () => {
  const a = ARTICLES[0];
  const article = ok(extract(epaperGbk(), { url: 'http://epaper.shihua-chenbao.test/html/2023-01/09/content_refinery-energy.htm' }));

  it('decodes GB2312-declared bytes as gb18030', () => {
    expect(article.charset).toBe('gb18030');
    expect(article.lang).toBe('zh-Hans');
  });

  it('keeps exactly the article paragraphs, in order', () => {
    expect(article.paragraphs).toEqual(a.paragraphs);
  });

  it('drops edition navigation, the notice, login and search, the view counter and the footer', () => {
    for (const chrome of ['上一期', '下一版', '版权声明', '用户名', '文章检索', '16.8K', 'Repeat标签', '京ICP备', '来源:']) {
      expect(article.text).not.toContain(chrome);
    }
  });

  it('reads title, byline, date and credit', () => {
    expect(article.title).toBe(a.title);
    expect(article.byline).toBe('周 航 陈晓雯 吴 迪');
    expect(article.publishedAt).toBe('2023-01-09');
    expect(article.credit).toBe(PUBLISHER_NAME);
  });

  it('collects the copyright notices', () => {
    expect(article.notices.some((n) => n.includes('未经石化晨报社及/或相关权利人书面授权'))).toBe(true);
    expect(article.notices.some((n) => n.includes('版权所有'))).toBe(true);
  });

  it('extracts a short article without dropping it', () => {
    const short = ok(extract(encodePage(epaperHtml(2), 'gbk')));
    expect(short.paragraphs).toEqual(ARTICLES[2].paragraphs);
    expect(short.title).toBe(ARTICLES[2].title);
  });
});

describe('extract: traditional Chinese, Big5', () => {
  it('extracts the same article from a traditional-character Big5 page', () => {
    const article = ok(extract(epaperBig5()));
    expect(article.charset).toBe('big5');
    expect(article.lang).toBe('zh-Hant');
    expect(article.paragraphs).toHaveLength(ARTICLES[0].paragraphs.length);
    expect(article.paragraphs[1]).toContain('沿海煉化基地');
    expect(article.title).toBe('向每一度電要效益 煉化裝置能耗創新低');
  });
});

describe('extract: an English news page', () => {
  const a = ARTICLES_EN[0];
  const article = ok(extract(Buffer.from(newsEnHtml()), { url: 'https://www.coastal-ledger.test/news/x' }));

  it('keeps the paragraphs and drops ads, related links, comments, teasers and the footer', () => {
    expect(article.paragraphs).toEqual(a.paragraphs);
  });

  it('reads title without the site name, byline, date, canonical URL and notice', () => {
    expect(article.title).toBe(a.title);
    expect(article.byline).toBe('Jane Doe');
    expect(article.publishedAt).toBe('2023-03-14T09:30:00-05:00');
    expect(article.canonicalUrl).toBe('https://www.coastal-ledger.test/news/2023/03/14/harbor-wind');
    expect(article.notices.join(' ')).toMatch(/All rights reserved/);
    expect(article.lang).toBe('en');
  });
});

describe('extract: pages without an article return a reason', () => {
  it('an empty body', () => {
    expect(extract(Buffer.alloc(0))).toMatchObject({ ok: false, reason: 'empty-body' });
  });

  it('image bytes served as text/html', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(extract(png, { contentType: 'text/html' })).toMatchObject({ ok: false, reason: 'not-html', message: expect.stringContaining('PNG') });
  });

  it('PDF bytes served as text/html', () => {
    const pdf = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1');
    expect(extract(pdf, { contentType: 'text/html' })).toMatchObject({ ok: false, reason: 'not-html', message: expect.stringContaining('PDF') });
  });

  it('a 20 MB page', () => {
    const big = Buffer.alloc(20 * 1024 * 1024, 'a');
    const result = extract(big);
    expect(result).toMatchObject({ ok: false, reason: 'too-large' });
    if (!result.ok) expect(result.message).toContain('20.0 MB');
  });

  it('a page of only links', () => {
    expect(extract(Buffer.from(linkListPage()))).toMatchObject({ ok: false, reason: 'link-list' });
  });

  it('a home page of headlines and summaries', () => {
    expect(extract(Buffer.from(homePage()))).toMatchObject({ ok: false, reason: 'link-list' });
  });

  it('a page with markup and no text', () => {
    expect(extract(Buffer.from('<html><head><title>x</title></head><body><div><img src="a.png"></div></body></html>'))).toMatchObject({
      ok: false,
      reason: 'no-text',
    });
  });
});

describe('extract: hostile markup', () => {
  it('markup nested 100,000 levels deep finishes and still finds the text', () => {
    const depth = 100_000;
    const html = `<html><body>${'<div>'.repeat(depth)}<p>${ARTICLES[1].paragraphs.join('</p><p>')}</p>${'</div>'.repeat(depth)}</body></html>`;
    const article = ok(extract(Buffer.from(html)));
    expect(article.paragraphs.join('')).toContain(ARTICLES[1].paragraphs[0]);
  });

  it('unclosed and malformed tags', () => {
    const p = ARTICLES[1].paragraphs;
    const html = `<html><body><div class=nav><a href=/>首页<a href=/x>新闻</div><div id=content><p>${p[0]}<p>${p[1]}<b><i>${p[2]}</b></i><p>${p[3]}</span></font><p ${'"'}broken=>${p[4]}<table><td>${p[5]}</div>`;
    const article = ok(extract(Buffer.from(html)));
    for (const para of p) expect(article.text).toContain(para);
    expect(article.text).not.toContain('首页');
  });

  it('a page whose declared charset is wrong (UTF-8 bytes declared gb2312)', () => {
    const html = epaperHtml();
    const article = ok(extract(Buffer.from(html, 'utf8'), { contentType: 'text/html; charset=gb2312' }));
    expect(article.charset).toBe('utf-8');
    expect(article.paragraphs).toEqual(ARTICLES[0].paragraphs);
  });

  it('a page whose declared charset is wrong (GBK bytes declared utf-8)', () => {
    const html = epaperHtml().replace('charset=gb2312', 'charset=utf-8');
    const article = ok(extract(encodePage(html, 'gbk'), { contentType: 'text/html; charset=utf-8' }));
    expect(article.charset).toBe('gb18030');
    expect(article.paragraphs).toEqual(ARTICLES[0].paragraphs);
  });
});
