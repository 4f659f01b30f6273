/**
 * A very short article on an e-paper page (one sentence, a brief 简讯) is still the article:
 * the page's long copyright notice below it must not win, and a page that holds only the notice
 * has no article.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.ts';
import { ARTICLES, encodePage, renderEpaperArticle, PUBLISHER_NOTICE } from '../support/web/index.ts';

function page(paragraphs: string[]): Buffer {
  const html = renderEpaperArticle({ ...ARTICLES[0], kicker: undefined, subtitle: undefined, paragraphs });
  expect(html).toContain(PUBLISHER_NOTICE.slice(0, 30)); // the notice is on the page
  return encodePage(html, 'gbk');
}

describe('short articles beside a long notice', () => {
  it('extracts a one-sentence brief, not the notice', () => {
    const brief = '本报讯 1月9日，炼化公司召开安全生产会议，部署节前安全工作。';
    const r = extract(page([brief]), { contentType: 'text/html; charset=gbk' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.text).toBe(brief);
    expect(r.article.credit).toBe('石化晨报');
    expect(r.article.notices.join('\n')).toContain('未经石化晨报社');
  });

  it('extracts a two-paragraph brief whole', () => {
    const paras = ['本报讯 寒潮来袭，销售公司连夜调运柴油一千二百吨。', '目前各加油站库存充足，供应平稳。'];
    const r = extract(page(paras), { contentType: 'text/html; charset=gbk' });
    expect(r.ok && r.article.paragraphs).toEqual(paras);
  });

  it('says a page holding only a copyright notice has no article', () => {
    const html = `<html><head><meta charset="utf-8"><title>版权声明</title></head><body><div class="nav"><a href="/">首页</a></div><h2>版权声明</h2><p>${PUBLISHER_NOTICE}</p></body></html>`;
    const r = extract(Buffer.from(html));
    expect(r).toMatchObject({ ok: false, reason: 'no-text' });
  });
});
