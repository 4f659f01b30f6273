/**
 * The pre-filter's rough text (extract/rough-text.ts), scanned on the page's bytes: the markup
 * that is not text (tags, comments, raw-text elements, hidden inline elements) is dropped as
 * extraction drops it, the text kept in page order with a space where a block starts; a page in
 * a legacy charset (GBK, windows-1252, UTF-16 with a BOM) gives the same text as its UTF-8 twin.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { extract, roughText, roughTextInto } from '../../src/extract/index.ts';
import { analyze, shingles, UnitHashStream } from '../../src/fingerprint/index.ts';

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

  it("hashes the rough text's units on the way as analyze hashes the whole rough text, bit for bit", () => {
    // Pages of random pieces: every script analyze folds apart, entities (a surrogate's among
    // them), tags that cut a word or a multi-byte character, and bytes that are not UTF-8.
    const pieces: Array<string | number[]> = [
      'Word',
      ' ',
      'and3',
      'ÉCOLE',
      'naïve',
      'straße',
      'ﬁne',
      'Ｆｕｌｌ１',
      '，',
      '　',
      '清晨',
      '說話',
      'カタカナ',
      '𠀋',
      '😀',
      'x\u200by',
      'e\u0301',
      '\u00a0',
      '\u2003',
      '\ufeff',
      'İ',
      'Ω',
      '٣',
      '&amp;',
      '&eacute;',
      '&#xD800;',
      '&#128512;',
      '&nbsp;',
      '&bogus;',
      '&',
      '<p>',
      '</p>',
      '<b>',
      '</b>',
      '<br>',
      '<span class="hidden">gone</span>',
      '<script>no words</script>',
      '<!-- c -->',
      '< 3',
      [0xc3],
      [0xa9],
      [0xe2, 0x82],
      [0xac],
      [0xed, 0xa0, 0x80],
      [0xc0, 0x80],
      [0xf0, 0x9f],
      [0x98, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xff],
      [0xe0, 0x80, 0xaf],
    ];
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
    const pages: Buffer[] = [Buffer.from(zh.replace('gbk', 'utf-8'), 'utf8'), iconv.encode(zh, 'gbk'), Buffer.from('\ufeff<p>BOM then text</p>', 'utf8')];
    for (let p = 0; p < 300; p++) {
      const parts: Buffer[] = [];
      for (let k = next() % 400; k > 0; k--) {
        const piece = pieces[next() % pieces.length];
        parts.push(typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece));
      }
      pages.push(Buffer.concat(parts));
    }
    const stream = new UnitHashStream();
    for (const page of pages) {
      stream.reset();
      roughTextInto(page, 'text/html', stream);
      expect([...stream.finish()]).toEqual([...analyze(roughText(page, 'text/html')).hashes]);
    }
  });

  it('decodes runs of bytes cut anywhere as a decoder decodes them whole, invalid bytes as separators', () => {
    const bytes = [
      ...Buffer.from('Wörd 清晨 說 😀 ﬁ Ｆ x\u200by e\u0301 \ufeff', 'utf8'),
      0xc0,
      0x80,
      0xed,
      0xa0,
      0x80,
      0xf4,
      0x90,
      0xe0,
      0x9f,
      0xff,
      0x41,
      0x80,
    ];
    let seed = 11;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const stream = new UnitHashStream();
    for (let t = 0; t < 500; t++) {
      stream.reset();
      let text = '';
      let run: number[] = [];
      const flush = () => {
        text += decoder.decode(Uint8Array.from(run));
        run = [];
      };
      for (let k = next() % 60; k > 0; k--) {
        const op = next() % 8;
        if (op === 0) {
          flush();
          stream.char(0x20);
          text += ' ';
        } else if (op === 1) {
          flush();
          stream.text('é說');
          text += 'é說';
        } else {
          // A piece of 1–6 bytes from anywhere: multi-byte characters cut between pieces.
          const at = next() % bytes.length;
          const piece = bytes.slice(at, at + 1 + (next() % 6));
          stream.bytes(Uint8Array.from(piece), 0, piece.length);
          run.push(...piece);
        }
      }
      flush();
      expect([...stream.finish()]).toEqual([...analyze(text).hashes]);
    }
  });
});
