/**
 * The pre-filter's rough text (extract/rough-text.ts), scanned on the page's bytes: the markup
 * that is not text (tags, comments, raw-text elements, hidden inline elements) is dropped as
 * extraction drops it, the text kept in page order with a space where a block starts; a page in
 * a legacy charset (GBK, windows-1252, UTF-16 with a BOM) gives the same text as its UTF-8 twin.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { extract, roughText } from '../../src/extract/index.ts';
import { analyze, shingles } from '../../src/fingerprint/index.ts';

const rough = (html: string) => roughText(Buffer.from(html, 'utf8'), 'text/html');

describe('rough text on the bytes', () => {
  it('drops tags, comments and raw-text elements and leaves a space where a block starts', () => {
    expect(
      rough('<html><head><title>T</title><style>p{}</style></head><body><p>One &amp; two</p><div>three<br>four</div><span>in</span>line</body></html>'),
    ).toBe('     One & two  three four inline  ');
    expect(rough('<!doctype html><!-- <p>gone</p> --><?xml x?>a</ bogus>b< 3 and <3 c</>d<!x>e')).toBe('ab< 3 and <3 cde');
    expect(rough('<SCRIPT>var a="<p>x</p>";</ScRiPt >after<textarea>t</textarea>tail<xmp><b>no</b></XMP>z')).toBe(' after tail z');
    expect(rough('<p>before</p><script>never closed <p>x</p>')).toBe(' before  ');
  });

  it('ends a tag at the first `>` outside a quoted attribute value, as the tokenizer does', () => {
    expect(rough(`<a title="a > b" href='x>y'>link</a> after <a b"c>text</a> <img alt = "x>y">z`)).toBe('link after text z');
  });

  it('drops hidden inline elements (style, class, aria-hidden, hidden) but not folds, shown classes, or one whose end tag is too far', () => {
    const far = ' filler'.repeat(700);
    expect(
      rough(
        '<p>a<span style="display:none">zq</span>b<span class="hidden">x</span>c<span class="hidden d-md-block">shown</span>' +
          '<span aria-hidden="true">aria</span><em hidden>h</em><span hidden><span>in</span>still</span>out<i class="HIDE">y</i>' +
          `<span data-x="none">kept</span><span class="hidden">no end tag${far}</p>`,
      ),
    ).toBe(` abcshownoutkeptno end tag${far} `);
    expect(rough('<span class="hidden accordion">folded</span><b ID="x" Style="Visibility : hidden">vis</b>after')).toBe('foldedafter');
  });

  it('keeps non-ASCII text and entities, and reads attributes with non-ASCII values', () => {
    expect(rough('<p>café — 中文 &eacute;&#20013;</p><span title="中文 hidden">x</span><span style="display:none" title="é">gone</span>y')).toBe(
      ' café — 中文 é中 xy',
    );
  });

  const zh =
    '<html><head><meta charset="gbk"><title>节能</title></head><body><div class="nav"><a href="/">首页</a> &gt; 新闻</div>' +
    '<h1>向每一度电要效益</h1><p title="说明 hidden">清晨七点，炼化装置的控制室里已经坐满了人。</p><span style="display:none">隐藏</span>' +
    '<p>班长周航把当天的能耗报表摊在桌上，一项一项地对着数据。</p><script>var s="<p>脚本</p>";</script><p>三个月下来&hellip;</p></body></html>';

  it('gives a GBK page (declared in the page) the text of its UTF-8 twin', () => {
    const gbk = iconv.encode(zh, 'gbk');
    expect(roughText(gbk, 'text/html')).toBe(roughText(Buffer.from(zh.replace('gbk', 'utf-8'), 'utf8'), 'text/html'));
    expect(roughText(gbk, 'text/html')).toContain('清晨七点，炼化装置的控制室里已经坐满了人。');
    expect(roughText(gbk, 'text/html')).not.toContain('隐藏');
  });

  it('gives a UTF-16 page with a BOM and a windows-1252 page the text of their UTF-8 twins', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(zh, 'utf16le')]);
    expect(roughText(utf16, 'text/html')).toBe(roughText(Buffer.from(zh, 'utf8'), 'text/html'));
    const latin = '<p>Caf\u00e9 cr\u00e8me &amp; na\u00efve</p><span class="hidden">\u00e9</span>';
    expect(roughText(iconv.encode(latin, 'win1252'), 'text/html; charset=windows-1252')).toBe(rough(latin));
    expect(rough(latin)).toBe(' Café crème & naïve ');
  });

  it('holds every shingle of the extracted article, in UTF-8 and in GBK', () => {
    const page = zh.replace('<p>三个月', `<p>${'过去说节能，大家想到的是关灯关水；现在说节能，讲的是每一度电都要算出效益。'.repeat(3)}</p><p>三个月`);
    for (const bytes of [Buffer.from(page.replace('gbk', 'utf-8'), 'utf8'), iconv.encode(page, 'gbk')]) {
      const result = extract(bytes, { url: 'https://example.test/a', contentType: 'text/html' });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const have = new Set(shingles(analyze(roughText(bytes, 'text/html')).hashes));
      const want = shingles(analyze(result.article.text).hashes);
      expect(want.length).toBeGreaterThan(10);
      expect([...want].filter((h) => !have.has(h))).toEqual([]);
    }
  });
});
