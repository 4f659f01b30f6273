import { describe, expect, it } from 'vitest';
import { compare, preparePage } from '../../src/match/index.ts';
import { ARTICLES, PUBLISHER_NAME } from '../support/web/articles.ts';
import { ARTICLES_EN } from '../support/web/articles-en.ts';
import { articleOf } from '../support/articles-as.ts';

const original = preparePage(articleOf(ARTICLES[0].paragraphs, { credit: PUBLISHER_NAME }), [
  '上一期 下一期 | 上一版 下一版',
  '版权声明',
  '第3版：石化晨报03版',
  '用户名 密码',
  '文章检索 日期检索',
]);

describe('compare', () => {
  it('a page against itself: full, everything matched, one passage per stretch', () => {
    const self = preparePage(original.article);
    const c = compare(original, self);
    expect(c.verdict).toBe('full');
    expect(c.containment).toBe(1);
    expect(c.simhashDistance).toBe(0);
    expect(c.passages.length).toBeGreaterThanOrEqual(1);
    const covered = c.passages.reduce((n, p) => n + (p.original.end - p.original.start), 0);
    expect(covered).toBeGreaterThan(original.article.text.length * 0.95);
  });

  it('a copy with the chrome of the original page is a mirror', () => {
    const mirror = preparePage(original.article, ['上一期 下一期 | 上一版 下一版', '版权声明', '第3版：石化晨报03版', '用户名 密码', '文章检索 日期检索']);
    expect(compare(original, mirror)).toMatchObject({ verdict: 'mirror', pageMirror: true });
  });

  it('an excerpt is partial, with containment near its share and offsets into both texts', () => {
    const excerpt = ARTICLES[0].paragraphs.slice(2, 5);
    const suspect = preparePage(articleOf(['转载声明：本文来自网络。', ...excerpt, '更多精彩内容请关注我们。']));
    const c = compare(original, suspect);
    expect(c.verdict).toBe('partial');
    const share = excerpt.join('').length / ARTICLES[0].paragraphs.join('').length;
    expect(Math.abs(c.containment - share)).toBeLessThan(0.05);
    for (const p of c.passages) {
      expect(original.article.text.slice(p.original.start, p.original.end)).toBe(p.original.text);
      expect(suspect.article.text.slice(p.suspect.start, p.suspect.end)).toBe(p.suspect.text);
    }
    expect(c.passages[0].original.text.startsWith('过去说节能')).toBe(true);
  });

  it('finds a traditional-character copy with changed punctuation and zero-width characters', () => {
    const trad = ARTICLES[0].paragraphs.map((p) =>
      p.replace(/炼化/g, '煉化').replace(/节能/g, '節能').replace(/，/g, ',').replace(/。/g, '.').split('').join('\u200b'),
    );
    const c = compare(original, preparePage(articleOf(trad, { lang: 'zh-Hant' })));
    expect(c.verdict).toBe('full');
    expect(c.containment).toBeGreaterThan(0.98);
  });

  it('one shared quote-length sentence is not a copy', () => {
    const quote = '“过去说节能，大家觉得是设备部门的事。”';
    const c = compare(original, preparePage(articleOf([...ARTICLES[1].paragraphs.slice(0, 3), `有专家指出，${quote}`, ...ARTICLES[1].paragraphs.slice(3)])));
    expect(c.verdict).toBe('none');
    expect(c.matchedChars).toBeGreaterThan(0);
  });

  it('says whether the suspect credits the publisher or links back', () => {
    const credited = preparePage(articleOf([...ARTICLES[0].paragraphs, `来源：${PUBLISHER_NAME}`]));
    expect(compare(original, credited).credited).toBe(true);
    const uncredited = preparePage(articleOf(ARTICLES[0].paragraphs, { credit: '某某网' }));
    expect(compare(original, uncredited).credited).toBe(false);
    const linked = preparePage(articleOf(ARTICLES[0].paragraphs, { links: [{ href: 'http://epaper.shihua-chenbao.test/html/x.htm', text: '原文链接' }] }));
    const c = compare(original, linked, { publisher: { names: [PUBLISHER_NAME], domains: ['*.shihua-chenbao.test'] } });
    expect(c).toMatchObject({ credited: true, linksBack: true });
  });

  it("without a config, a credit line naming the brand of the original's host credits it, as a whole word only", () => {
    const en = ARTICLES_EN[0].paragraphs;
    const cnn = preparePage(articleOf(en, { url: 'https://edition.cnn.com/2024/05/01/business/story/index.html', lang: 'en' }));
    const withSource = preparePage(articleOf([...en, 'Source: CNN Business'], { lang: 'en' }));
    expect(compare(cnn, withSource).credited).toBe(true);
    const bbc = preparePage(articleOf(en, { url: 'https://www.bbc.co.uk/news/articles/x1', lang: 'en' }));
    expect(compare(bbc, preparePage(articleOf([...en, 'Source: BBC News'], { lang: 'en' }))).credited).toBe(true);
    // "cnn" inside another word, or no credit phrase at all, is no credit.
    expect(compare(cnn, preparePage(articleOf([...en, 'Source: Acnnews Daily'], { lang: 'en' }))).credited).toBe(false);
    expect(compare(cnn, preparePage(articleOf(en, { lang: 'en' }))).credited).toBe(false);
  });

  it('finds a copy elsewhere on the page when the page has its own article', () => {
    const own = ARTICLES_EN[0].paragraphs;
    const suspect = preparePage(articleOf(own, { lang: 'en' }), [], [...own, '相关阅读', ...ARTICLES[0].paragraphs].join('\n'));
    const c = compare(original, suspect);
    expect(c).toMatchObject({ verdict: 'full', scope: 'page' });
    expect(suspect.pageText!.slice(c.passages[0].suspect.start, c.passages[0].suspect.end)).toBe(c.passages[0].suspect.text);
  });

  it("measures a copy on the page's text when the suspect's extraction left part of it out", () => {
    const all = ARTICLES[0].paragraphs;
    const half = all.slice(0, Math.ceil(all.length / 2));
    // The extraction kept the first half; the page shows the whole copy (and its menu).
    const suspect = preparePage(articleOf(half), [], ['首页 新闻 论坛', ...all, '关于我们'].join('\n'));
    const c = compare(original, suspect);
    expect(c).toMatchObject({ verdict: 'full', scope: 'page' });
    expect(c.containment).toBeGreaterThan(0.95);
    // Where the page holds no more of it than the article, the article stands.
    const same = preparePage(articleOf(half), [], ['首页 新闻 论坛', ...half, '关于我们'].join('\n'));
    expect(compare(original, same)).toMatchObject({ verdict: 'partial', scope: 'article' });
  });

  it('empty and one-character texts compare to none without throwing', () => {
    expect(compare(original, preparePage(articleOf(['']))).verdict).toBe('none');
    expect(compare(original, preparePage(articleOf(['油']))).verdict).toBe('none');
    expect(compare(preparePage(articleOf(['油'])), preparePage(articleOf(['油']))).verdict).toBe('full');
  });

  it('handles a 5-million-character suspect', () => {
    const filler = '本段文字与原文无关，用于测试超长页面。'.repeat(250_000);
    const big = preparePage(articleOf([filler.slice(0, 2_500_000), ...ARTICLES[0].paragraphs, filler.slice(0, 2_500_000)]));
    expect(big.article.text.length).toBeGreaterThan(5_000_000);
    const c = compare(original, big);
    expect(c.verdict).toBe('full');
    expect(c.containment).toBe(1);
  });
});
