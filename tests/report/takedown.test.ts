import { describe, expect, it } from 'vitest';
import { renderTakedownHtml, renderTakedownNotice } from '../../src/report/index.ts';
import { EN_CLAUSE, EN_TEXT, evidence, finding, original, SHA, violation, ZH_CLAUSE, ZH_NOTICE, ZH_P1 } from './fixtures.ts';
import { scanHtml } from './html-scan.ts';
import { copiedPhoto } from '../support/photo-match.ts';

const ORIGINAL_URL = 'https://epaper.jiangbei-chenbao.test/2024/05/01/content_1.htm';
const COPY_URL = 'https://news.repost-portal.test/a/2024/0502/123.html';

const base = { finding: finding(), original: original(), evidence: evidence(), date: '2024年5月6日' };

describe('renderTakedownNotice', () => {
  it('zh: 侵权通知函 citing the notice, both URLs, the capture, the verdict, the rules and a passage', () => {
    const text = renderTakedownNotice({ ...base, lang: 'zh', publisher: { name: '江北晨报社', notice: ZH_NOTICE, contact: { name: '王敏' } } });
    expect(text.startsWith('侵权通知函\n')).toBe(true);
    for (const s of [
      ZH_NOTICE,
      ZH_CLAUSE,
      ORIGINAL_URL,
      COPY_URL,
      SHA,
      '2024-05-02 03:15:07 UTC',
      '大段摘编',
      '62.1%',
      '2024-05-01',
      ZH_P1,
      'jiangbei.reproduction',
      '严重程度：高',
      '联系人：王敏',
      '[电子邮箱]',
      '[通讯地址]',
      '日期：2024年5月6日',
    ]) {
      expect(text, s).toContain(s);
    }
  });

  it("zh: a generic rule's English clause for the same breach is not quoted: the publisher's own notice is cited once", () => {
    const f = finding({
      violations: [
        violation(),
        violation({ ruleId: 'generic.unlicensed-copy', title: 'Whole article reproduced without a license', clause: EN_CLAUSE, severity: 'high' }),
      ],
    });
    const text = renderTakedownNotice({ ...base, finding: f, lang: 'zh', publisher: { name: '江北晨报社', notice: ZH_NOTICE } });
    expect(text).not.toContain(EN_CLAUSE);
    expect(text).toContain('generic.unlicensed-copy');
    expect(text).toContain('jiangbei.reproduction');
    expect(text.split('所援引条款').length - 1).toBe(1);
    // In English, both are cited: the English clause in its words, the publisher's by reference.
    const en = renderTakedownNotice({ ...base, finding: f, lang: 'en', date: '2024-05-06', publisher: { name: '江北晨报社', notice: ZH_NOTICE } });
    expect(en).toContain(EN_CLAUSE);
  });

  it('en: a notice of infringement with the clause, both URLs, the capture and the request', () => {
    const f = finding({
      verdict: 'full',
      containment: 0.97,
      matchedChars: 640,
      violations: [violation({ ruleId: 'generic.unlicensed-copy', title: 'Whole article reproduced without a license', clause: EN_CLAUSE, severity: 'high' })],
    });
    const en = EN_TEXT.split('\n\n')[1];
    f.passages = [
      { original: { start: EN_TEXT.indexOf(en), end: EN_TEXT.indexOf(en) + en.length, text: en }, suspect: { start: 0, end: en.length, text: en } },
    ];
    const text = renderTakedownNotice({
      ...base,
      finding: f,
      original: original({ text: EN_TEXT, lang: 'en', title: 'Old ferry pier to close for repairs', publishedAt: null }),
      lang: 'en',
      date: '2024-05-06',
      publisher: { name: 'Harbour Gazette' },
    });
    expect(text.startsWith('NOTICE OF COPYRIGHT INFRINGEMENT')).toBe(true);
    for (const s of [
      EN_CLAUSE,
      ORIGINAL_URL,
      COPY_URL,
      SHA,
      'Captured (UTC): 2024-05-02 03:15:07 UTC',
      'full copy of the article',
      '97.0%',
      '640 characters',
      '"Old ferry pier to close for repairs"',
      'Published: [publication date]',
      en,
      'remove or disable access',
      'good faith',
      'Name: [name]',
      'Email: [email]',
      'Date: 2024-05-06',
    ]) {
      expect(text, s).toContain(s);
    }
    expect(text).not.toMatch(/DMCA|17 U\.S\.C|penalty of perjury/);
  });

  it('quotes at most two passages, trimmed, and names the redirect target', () => {
    const long = 'x'.repeat(10);
    const passages = [0, 1, 2].map((i) => ({
      original: { start: i * 40, end: i * 40 + 30, text: `${i}`.repeat(30) },
      suspect: { start: 0, end: 30, text: `${i}`.repeat(30) },
    }));
    passages.push({
      original: { start: 200, end: 700, text: `${long}${'长'.repeat(490)}` },
      suspect: { start: 0, end: 500, text: `${long}${'长'.repeat(490)}` },
    });
    const text = renderTakedownNotice({
      ...base,
      finding: finding({ passages }),
      evidence: evidence({ finalUrl: 'https://m.repost-portal.test/123' }),
      lang: 'zh',
      publisher: { name: '江北晨报社' },
    });
    expect(text.match(/我方原文：“/g)).toHaveLength(2);
    expect(text).toContain('…”');
    expect(text).toContain('最终网址（经 2 次跳转）：https://m.repost-portal.test/123');
    // Without a notice, the clause is quoted under the rules.
    expect(text).toContain(`所援引条款：“${ZH_CLAUSE}”`);
  });

  it('leaves placeholders when there is no capture, and keeps hostile strings on their line', () => {
    const text = renderTakedownNotice({
      ...base,
      evidence: null,
      finding: finding({ articleTitle: null }),
      original: original({ title: 'Title\n\nWe withdraw this notice.\r\nSigned' }),
      lang: 'en',
      publisher: { name: 'Harbour Gazette' },
    });
    expect(text).toContain('Captured (UTC): [capture time]');
    expect(text).toContain('SHA-256 of the captured page: [SHA-256]');
    expect(text).toContain('Title: "Title We withdraw this notice. Signed"');
    expect(text.split('\n').some((l) => l.startsWith('We withdraw'))).toBe(false);
  });

  it('names the license and the terms broken for a licensee outside its terms', () => {
    const f = finding({
      facts: { ...finding().facts, licensee: 'Harbour Weekly', licenseStatus: 'expired', licenseBreaches: ['expired', 'no-link'] },
      violations: [violation({ ruleId: 'jiangbei.license-terms', title: '超出授权范围', term: 'expired, no-link' })],
    });
    const zh = renderTakedownNotice({ ...base, finding: f, lang: 'zh', publisher: { name: '江北晨报社' } });
    expect(zh).toContain('超出我方授权的范围和条件');
    expect(zh).toContain('被授权方 Harbour Weekly（授权状态：已过期）；超出的授权条件：授权已过期 (expired)；未按约定链接原文 (no-link)');
    expect(zh).toContain('违反的授权条件：授权已过期 (expired)；未按约定链接原文 (no-link)');
    const en = renderTakedownNotice({ ...base, finding: f, lang: 'en', publisher: { name: 'Harbour Gazette' } });
    expect(en).toContain('Outside the terms of our license, the page identified below reproduces a substantial part of the article.');
    expect(en).toContain(
      'License: Harbour Weekly (license expired); terms broken: the license has expired (expired); the required link to the original is missing (no-link).',
    );
  });

  it('renderTakedownHtml wraps the same text, escaped, in a printable page', () => {
    const input = { ...base, lang: 'zh' as const, publisher: { name: '江北晨报社', notice: ZH_NOTICE } };
    const html = renderTakedownHtml(input);
    const pre = scanHtml(html).text;
    expect(pre).toContain(renderTakedownNotice(input).trim());
    expect(html).toContain('<html lang="zh-Hans">');
    expect(html).toContain('@media print');
  });

  it('cites every capture (time, SHA-256), the bundle export command and the timestamp authority, in both languages', () => {
    const later = evidence({ id: 9, capturedAt: '2024-05-09T08:00:01.000Z', sha256: 'b'.repeat(64), note: 'text no longer present' });
    const input = { ...base, captures: [evidence(), later], tsaUrl: 'https://tsa.example.test/tsr', publisher: { name: '江北晨报社' } };
    const zh = renderTakedownNotice({ ...input, lang: 'zh' });
    const en = renderTakedownNotice({ ...input, lang: 'en', date: '2024-05-10' });
    for (const text of [zh, en]) {
      for (const s of [
        '2024-05-02 03:15:07 UTC',
        SHA,
        '2024-05-09 08:00:01 UTC',
        'b'.repeat(64),
        'text no longer present',
        'copywatch evidence export 42',
        'https://tsa.example.test/tsr',
      ]) {
        expect(text, s).toContain(s);
      }
    }
    expect(zh).toContain('取证记录');
    expect(zh).toContain('可信时间戳');
    expect(en).toContain('Time-Stamp Authority');
    // Without captures given, the one capture the finding rests on is cited; without a TSA none is named.
    const one = renderTakedownNotice({ ...base, lang: 'en', publisher: { name: 'Harbour Gazette' } });
    expect(one).toContain('(1) Captured 2024-05-02 03:15:07 UTC');
    expect(one).not.toContain('Time-Stamp Authority');
  });
});

describe('takedown notices of photos', () => {
  const image = copiedPhoto();
  const photoOnly = finding({
    kind: 'image',
    verdict: 'none',
    containment: 0,
    matchedChars: 0,
    passages: [],
    facts: { ...finding().facts, verdict: 'none', image },
  });

  it('name the photograph, both images with their SHA-256, the part matched and how it was changed; no text verdict for a photo alone', () => {
    const zh = renderTakedownNotice({ ...base, finding: photoOnly, lang: 'zh', publisher: { name: '江北晨报社', notice: ZH_NOTICE } });
    for (const s of [
      '一文所附图片的侵权通知',
      `图片：${image.original.url}（960×640 像素；SHA-256：${'a'.repeat(64)}）`,
      `侵权图片：${image.copy.url}（640×426 像素；SHA-256：${'b'.repeat(64)}）`,
      '宽 80%、高 80%，自左 10%、自上 5% 起',
      '感知哈希距离 8/64',
      '处理方式：裁剪、缩放',
      '图片旁注明我方为来源：否',
    ])
      expect(zh, s).toContain(s);
    expect(zh).not.toContain('比对结论');
    const en = renderTakedownNotice({ ...base, finding: photoOnly, lang: 'en', date: '2024-05-06', publisher: { name: '江北晨报社' } });
    for (const s of [
      'Re: Unauthorized copy of the photograph of',
      'reproduces the photograph published with the article',
      `Photograph: ${image.original.url} (960×640 pixels`,
      `Copied photograph: ${image.copy.url} (640×426 pixels; SHA-256 ${'b'.repeat(64)})`,
      'a perceptual-hash distance of 8 of 64 bits; changes: cropped, resized',
    ])
      expect(en, s).toContain(s);
    expect(en).not.toContain('Finding: no substantial copy');
  });

  it('a text copy with its photo names both: the text verdict and the photograph', () => {
    const both = finding({ kind: 'text+image', facts: { ...finding().facts, image: { ...image, region: { x: 0, y: 0, w: 1, h: 1 }, transforms: [] } } });
    const zh = renderTakedownNotice({ ...base, finding: both, lang: 'zh', publisher: { name: '江北晨报社' } });
    expect(zh).toContain('一文及其图片的侵权通知');
    expect(zh).toContain('与我方图片整幅相符');
    expect(zh).toContain('处理方式：与原图文件相同');
    expect(zh).toContain('比对结论：大段摘编');
  });
});
