import { describe, expect, it } from 'vitest';
import { highlight, renderFindingReport } from '../../src/report/index.ts';
import { events, evidence, finding, original, publisher, SHA, ZH_CLAUSE, ZH_COPY, ZH_NOTICE, ZH_P1, ZH_P2, ZH_TEXT } from './fixtures.ts';
import { scanHtml } from './html-scan.ts';
import { copiedPhoto } from '../support/photo-match.ts';

const input = (over: Partial<Parameters<typeof renderFindingReport>[0]> = {}) => ({
  finding: finding(),
  original: original(),
  evidence: evidence(),
  events,
  publisher,
  generatedAt: '2024-05-05T08:00:00.000Z',
  ...over,
});

describe('renderFindingReport', () => {
  it('marks exactly the passages, in the original and in the copy', () => {
    const html = renderFindingReport(input());
    const { marks } = scanHtml(html);
    expect(html.match(/<mark\b/g)).toHaveLength(4);
    expect(marks.filter((m) => m.inside === 'original-text').map((m) => m.text)).toEqual([ZH_P1, ZH_P2]);
    expect(marks.filter((m) => m.inside === 'copy-text').map((m) => m.text)).toEqual([ZH_P1, ZH_P2]);
  });

  it('uses the page text for a copy found outside the page article', () => {
    const pageText = evidence().pageText!;
    const f = finding({
      scope: 'page',
      passages: [
        {
          original: { start: ZH_TEXT.indexOf(ZH_P2), end: ZH_TEXT.indexOf(ZH_P2) + ZH_P2.length, text: ZH_P2 },
          suspect: { start: pageText.indexOf(ZH_P2), end: pageText.indexOf(ZH_P2) + ZH_P2.length, text: ZH_P2 },
        },
      ],
    });
    const { marks, text } = scanHtml(renderFindingReport(input({ finding: f })));
    expect(marks.map((m) => [m.inside, m.text])).toEqual([
      ['original-text', ZH_P2],
      ['copy-text', ZH_P2],
    ]);
    expect(text).toContain('首页 新闻 财经');
  });

  it('merges overlapping and adjacent passages into one mark and clamps offsets out of range', () => {
    const len = ZH_TEXT.length;
    const f = finding({
      passages: [
        { original: { start: 0, end: 10, text: '' }, suspect: { start: -50, end: 6, text: '' } },
        { original: { start: 5, end: 20, text: '' }, suspect: { start: 6, end: 12, text: '' } },
        { original: { start: len - 5, end: len + 500, text: '' }, suspect: { start: 10_000, end: 20_000, text: '' } },
        { original: { start: Number.NaN, end: 3, text: '' }, suspect: { start: 30, end: 20, text: '' } },
      ],
    });
    let html = '';
    expect(() => {
      html = renderFindingReport(input({ finding: f }));
    }).not.toThrow();
    const { marks, text } = scanHtml(html);
    const left = marks.filter((m) => m.inside === 'original-text').map((m) => m.text);
    const right = marks.filter((m) => m.inside === 'copy-text').map((m) => m.text);
    expect(left).toEqual([ZH_TEXT.slice(0, 20), ZH_TEXT.slice(len - 5)]);
    expect(right).toEqual([ZH_COPY.slice(0, 12)]);
    expect(html).not.toMatch(/<mark[^>]*>[^<]*<mark/);
    expect(text).toContain('clamped to');
    // The whole text is still there, once.
    expect(text).toContain(ZH_TEXT.slice(20, len - 5));
  });

  it('shows the capture: time, URLs, redirects, status, headers, address, SHA-256, size', () => {
    const { text } = scanHtml(renderFindingReport(input()));
    expect(text).toContain('2024-05-02 03:15:07 UTC');
    expect(text).toContain(SHA);
    expect(text).toContain('48,213 bytes (47.1 KiB)');
    expect(text).toContain('http://repost-portal.test/a/123');
    expect(text).toContain('https://repost-portal.test/a/123');
    expect(text).toContain('(final, HTTP 200)');
    expect(text).toContain('text/html; charset=utf-8');
    expect(text).toContain('nginx/1.24');
    expect(text).toContain('203.0.113.9:443');
    expect(text).toContain('62.1%');
    expect(text).toContain('88 characters');
  });

  it('names the photo of an image finding: both images with size and SHA-256, the part matched, the distance, the changes (escaped)', () => {
    const image = copiedPhoto({ url: 'https://pics.example/up/x.jpg?a=<b>' });
    const f = finding({ kind: 'image', verdict: 'none', passages: [], facts: { ...finding().facts, verdict: 'none', image } });
    const html = renderFindingReport({ ...input(), finding: f });
    const { text } = scanHtml(html);
    for (const s of [
      image.original.url,
      image.copy.url,
      '960×640 px',
      'a'.repeat(64),
      '80% × 80% of it, from 10% left and 5% top',
      '8 of 64 bits',
      'cropped, resized',
    ])
      expect(text, s).toContain(s);
    expect(html).not.toContain('<b>');
    expect(scanHtml(renderFindingReport(input())).text).not.toContain('Matched part of the original');
  });

  it('shows the rules, the clauses verbatim, advice, license terms, facts and the audit trail', () => {
    const f = finding({
      violations: [
        finding().violations[0],
        {
          ruleId: 'jiangbei.license-terms',
          title: 'Outside the license',
          severity: 'medium',
          clause: 'Licensed content may be used only within the scope of the license.',
          advice: 'Name the broken term.',
          term: 'expired, no-link',
        },
      ],
      facts: { ...finding().facts, licensee: 'Harbour Weekly', licenseStatus: 'expired', licenseBreaches: ['expired', 'no-link'], credited: true },
    });
    const { text } = scanHtml(renderFindingReport(input({ finding: f })));
    expect(text).toContain(ZH_CLAUSE);
    expect(text).toContain('Licensed content may be used only within the scope of the license.');
    expect(text).toContain('jiangbei.reproduction');
    expect(text).toContain('要求删除或补办授权。');
    expect(text).toContain('the license has expired (expired)');
    expect(text).toContain('the required link to the original is missing (no-link)');
    expect(text).toContain('Harbour Weekly');
    expect(text).toContain(ZH_NOTICE);
    expect(text).toContain('已核实，准备发函');
    expect(text).toContain('rights-office');
    expect(text).toContain('2024-05-04 09:00:00 UTC');
    expect(text).toMatch(/Credits the publisher\s*yes/);
    expect(text).toMatch(/Links back to the publisher\s*no/);
  });

  it('is one self-contained page: no script, no external resources, print styles, CJK-aware', () => {
    const html = renderFindingReport(input());
    const { elements } = scanHtml(html);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(elements.some((e) => e.name === 'script' || e.name === 'link' || e.name === 'img' || e.name === 'iframe')).toBe(false);
    expect(html).toContain('@media print');
    expect(html).toContain('size:A4');
    expect(elements.find((e) => e.attribs.id === 'original-text')?.attribs.lang).toBe('zh-Hans');
    expect(html).toContain('Noto Sans CJK SC');
    expect(html).toContain("default-src 'none'");
  });

  it('renders without a capture, saying so', () => {
    const { marks, text } = scanHtml(renderFindingReport(input({ evidence: null, finding: finding({ evidenceId: null }) })));
    expect(marks.filter((m) => m.inside === 'original-text')).toHaveLength(2);
    expect(marks.filter((m) => m.inside === 'copy-text')).toHaveLength(0);
    expect(text).toContain('No capture is stored');
  });

  it('works for English text', () => {
    const en = "Engineers found that three of the pier's timber piles had rotted through.";
    const copy = `Local news. ${en} Subscribe now.`;
    const f = finding({ passages: [{ original: { start: 0, end: en.length, text: en }, suspect: { start: 12, end: 12 + en.length, text: en } }] });
    const html = renderFindingReport(
      input({ finding: f, original: original({ text: en, lang: 'en', title: 'Pier to close' }), evidence: evidence({ articleText: copy }) }),
    );
    const { marks } = scanHtml(html);
    expect(marks.map((m) => m.text)).toEqual([en, en]);
    expect(html).toContain('&#39;');
  });
});

describe('highlight', () => {
  it('never splits a surrogate pair and reports text that no longer matches', () => {
    const text = 'ab😀cd';
    const out = highlight(text, [{ start: 3, end: 5, text: 'zz' }], 'x');
    expect(out.marks).toBe(1);
    expect(out.html).toContain('<mark id="x-1" title="passage 1">😀c</mark>');
    expect(out.issues.join('\n')).toMatch(/differs from the recorded passage/);
    expect(highlight('', [{ start: 0, end: 10 }], 'x')).toMatchObject({ html: '', marks: 0 });
  });
});

describe('renderFindingReport: the Photo section', () => {
  const image = {
    original: { url: 'https://epaper.example/images/dusk.jpg', sha256: 'a'.repeat(64), width: 960, height: 640 },
    copy: { url: 'https://pics.example/up/x.jpg', sha256: 'b'.repeat(64), width: 640, height: 426 },
    distance: 8,
    region: { x: 0.1, y: 0.05, w: 0.8, h: 0.8 },
    transforms: ['cropped' as const, 'resized' as const],
    credited: false,
  };
  const photo = finding({ kind: 'image', verdict: 'none', facts: { ...finding().facts, image } });
  const bytes = (s: string) => new TextEncoder().encode(s);

  it('draws both kept images side by side as data: images, the matched part outlined on the original', () => {
    const html = renderFindingReport(
      input({
        finding: photo,
        images: [
          { role: 'original', format: 'jpeg', sha256: 'a'.repeat(64), bytes: bytes('original') },
          { role: 'copy', format: 'webp', sha256: 'b'.repeat(64), bytes: bytes('copy') },
        ],
      }),
    );
    const pair = html.slice(html.indexOf('<div class="photo-pair">'), html.indexOf('<table', html.indexOf('<div class="photo-pair">')));
    expect(pair.match(/<img [^>]*src="data:image\/(jpeg|webp);base64,[^"]+"/g)).toEqual([
      `<img class="photo-image" alt="Original image as kept" src="data:image/jpeg;base64,${Buffer.from('original').toString('base64')}"`,
      `<img class="photo-image" alt="Copy image as kept" src="data:image/webp;base64,${Buffer.from('copy').toString('base64')}"`,
    ]);
    expect(pair).toContain('<div class="photo-region" style="left:10.00%;top:5.00%;width:80.00%;height:80.00%"></div>');
    expect(pair.match(/photo-region/g)).toHaveLength(1);
  });

  it('without kept images, names them and says none is kept', () => {
    const html = renderFindingReport(input({ finding: photo }));
    expect(html).not.toContain('<div class="photo-pair">');
    expect(html).toContain('no image of this finding is kept as evidence');
    expect(html).toContain(image.copy.sha256);
  });
});
