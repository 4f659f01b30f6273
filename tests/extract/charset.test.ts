import { describe, expect, it } from 'vitest';
import { canonicalCharset, decodeHtml } from '../../src/extract/charset.ts';
import { encodePage } from '../support/web/html.ts';

const zh = '去年以来，沿海炼化基地把节能降碳作为提质增效的主攻方向，围绕加热炉、换热网络、循环水和蒸汽管网四个重点环节逐台设备摸底。';
const page = (charset: string | null, body = zh) =>
  `<html><head>${charset ? `<meta http-equiv="Content-Type" content="text/html; charset=${charset}">` : ''}<title>t</title></head><body><p>${body}</p></body></html>`;

describe('charset', () => {
  it('maps GB2312 and GBK labels to gb18030', () => {
    expect(canonicalCharset('GB2312')).toBe('gb18030');
    expect(canonicalCharset('gbk')).toBe('gb18030');
    expect(canonicalCharset('x-unknown-charset')).toBeNull();
  });

  it('honours a BOM over every declaration', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page('gbk'), 'utf8')]);
    const d = decodeHtml(bytes, 'text/html; charset=big5');
    expect(d).toMatchObject({ charset: 'utf-8', source: 'bom' });
    expect(d.text).toContain(zh);
  });

  it('uses the HTTP header, then the meta tag', () => {
    expect(decodeHtml(encodePage(page(null), 'gbk'), 'text/html; charset=GBK')).toMatchObject({ charset: 'gb18030', source: 'header' });
    const d = decodeHtml(encodePage(page('gb2312'), 'gbk'));
    expect(d).toMatchObject({ charset: 'gb18030', source: 'meta' });
    expect(d.text).toContain(zh);
  });

  it('decodes GB18030-only characters on a page that declares gb2312', () => {
    const rare = '𠀀镕堃'; // outside GB2312, inside GB18030
    const d = decodeHtml(encodePage(page('gb2312', zh + rare), 'gb18030'));
    expect(d.text).toContain(rare);
  });

  it('sniffs GBK and Big5 pages that declare nothing', () => {
    expect(decodeHtml(encodePage(page(null), 'gbk')).text).toContain(zh);
    const big5 = '去年以來，沿海煉化基地把節能降碳作為提質增效的主攻方向，圍繞加熱爐、換熱網絡、循環水和蒸汽管網四個重點環節逐台設備摸底。';
    const d = decodeHtml(encodePage(page(null, big5), 'big5'));
    expect(d.charset).toBe('big5');
    expect(d.text).toContain(big5);
  });

  it('decodes right when the declaration is wrong, and says so', () => {
    const utf8AsGbk = decodeHtml(Buffer.from(page('gb2312'), 'utf8'));
    expect(utf8AsGbk.charset).toBe('utf-8');
    expect(utf8AsGbk.diagnostics.join()).toMatch(/declared gb18030/);
    const gbkAsUtf8 = decodeHtml(encodePage(page('utf-8'), 'gbk'), 'text/html; charset=utf-8');
    expect(gbkAsUtf8.charset).toBe('gb18030');
    expect(gbkAsUtf8.text).toContain(zh);
  });

  it('accepts UTF-8 cut in the middle of a character by a size cap', () => {
    const bytes = Buffer.from(page(null), 'utf8');
    const cut = bytes.subarray(0, bytes.indexOf(Buffer.from('环节', 'utf8')) + 4); // 环 whole, 节 cut after one byte
    expect(decodeHtml(cut).charset).toBe('utf-8');
  });

  it('keeps a declared legacy charset under a few undecodable bytes, and sniffs again under many', () => {
    const long = zh.repeat(8);
    // One byte GBK never starts a character with (0xFF) among ~1,000 characters: 1 U+FFFD, under 0.2%.
    const stray = Buffer.concat([encodePage(page('gbk', long), 'gbk'), Buffer.from([0xff]), Buffer.from('</html>')]);
    expect(decodeHtml(stray)).toMatchObject({ charset: 'gb18030', source: 'meta' });
    // A GBK page declared Shift_JIS decodes with many U+FFFD: sniffed as GBK.
    const wrong = decodeHtml(encodePage(page('shift_jis', long), 'gbk'));
    expect(wrong).toMatchObject({ charset: 'gb18030', source: 'sniff' });
    expect(wrong.text).toContain(long);
  });
});
