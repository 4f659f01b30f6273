import { describe, expect, it } from 'vitest';
import type { Evidence, Finding } from '../../src/domain/index.ts';
import { renderFindingReport, renderSiteReport, renderTakedownHtml, safeHref } from '../../src/report/index.ts';
import { evidence, finding, original, violation } from './fixtures.ts';
import { scanHtml } from './html-scan.ts';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
const text = `Breaking: ${IMG} the council met.\n\n</textarea></pre></mark>${SCRIPT} <svg onload=alert(2)>`;
const copy = `Reposted. ${IMG} the council met. <a href="javascript:alert(3)">more</a>`;
const passage = `${IMG} the council met.`;

const hostileFinding: Finding = finding({
  id: 666,
  articleTitle: SCRIPT,
  articleUrl: 'JaVaScRiPt:alert(2)',
  url: 'javascript:alert(1)',
  host: 'evil.test"><script>alert(1)</script>',
  violations: [
    violation({
      ruleId: 'x"><script>alert(1)</script>',
      title: `<b onmouseover=alert(1)>rule</b>`,
      clause: `Clause ${SCRIPT}`,
      advice: `Advice ${IMG}`,
      term: '<i>expired</i>, uncredited',
    }),
  ],
  facts: { ...finding().facts, licensee: `<u onclick=alert(1)>Partner</u>`, licenseStatus: 'expired', licenseBreaches: ['<i>expired</i>'] },
  passages: [
    {
      original: { start: text.indexOf(passage), end: text.indexOf(passage) + passage.length, text: passage },
      suspect: { start: copy.indexOf(passage), end: copy.indexOf(passage) + passage.length, text: passage },
    },
  ],
});

const hostileEvidence: Evidence = evidence({
  requestedUrl: ' javascript:alert(4)',
  finalUrl: 'java\tscript:alert(5)',
  redirects: ['data:text/html,<script>alert(6)</script>', 'vbscript:msgbox(1)', 'https://evil.test/"><script>alert(7)</script>', 'https://user:pw@evil.test/'],
  headers: { 'x-evil"><script>': `"><img src=x onerror=alert(1)>`, server: `a'b"c<d>e` },
  remoteAddress: '<script>alert(8)</script>',
  sha256: `"><script>alert(9)</script>`,
  articleText: copy,
  pageText: copy,
  note: `note ${IMG}`,
});

const publisher = { name: `Daily ${SCRIPT}`, notice: `© ${IMG}` };

function expectInert(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/onerror\s*=/i);
  expect(html).not.toMatch(/onload\s*=/i);
  expect(html).not.toMatch(/onmouseover\s*=/i);
  expect(html).not.toMatch(/(href|src)\s*=\s*["']?\s*javascript:/i);
  const { elements } = scanHtml(html);
  const forbidden = new Set(['script', 'img', 'svg', 'iframe', 'object', 'embed', 'textarea', 'b', 'i', 'u', 'form', 'base', 'link']);
  for (const el of elements) {
    expect(forbidden.has(el.name), `element <${el.name}>`).toBe(false);
    for (const [name, value] of Object.entries(el.attribs)) {
      expect(name.startsWith('on'), `attribute ${name}`).toBe(false);
      if (name === 'href' || name === 'src') {
        expect(/^(#[\w-]+|https?:\/\/)/.test(value), `${name}="${value}"`).toBe(true);
      }
    }
    if (el.name === 'meta' && el.attribs['http-equiv']) expect(el.attribs['http-equiv']).toBe('Content-Security-Policy');
  }
}

describe('hostile content', () => {
  it('the evidence report runs nothing and links nothing but http(s); the hostile strings show as text', () => {
    const html = renderFindingReport({
      finding: hostileFinding,
      original: original({ title: SCRIPT, text, url: 'javascript:alert(2)', lang: 'zh" onmouseover="alert(1)', byline: IMG }),
      evidence: hostileEvidence,
      events: [{ findingId: 666, at: '<script>', actor: `<script>alert(1)</script>`, from: null, to: 'open', note: IMG, evidenceId: null }],
      publisher,
      generatedAt: '2024-05-05T08:00:00.000Z',
    });
    expectInert(html);
    const { text: visible, marks } = scanHtml(html);
    for (const s of [
      SCRIPT,
      IMG,
      'javascript:alert(1)',
      ' javascript:alert(4)'.trim(),
      'data:text/html,<script>alert(6)</script>',
      `a'b"c<d>e`,
      'x-evil"><script>',
      '<svg onload=alert(2)>',
      '<b onmouseover=alert(1)>rule</b>',
    ]) {
      expect(visible, s).toContain(s);
    }
    expect(marks.map((m) => m.text)).toEqual([passage, passage]);
    // The http(s) redirect is a link, its quotes escaped; the others are text only; credentials are never linked.
    const hrefs = scanHtml(html)
      .elements.filter((e) => e.name === 'a' && !e.attribs.href.startsWith('#'))
      .map((e) => e.attribs.href);
    expect(hrefs).toContain('https://evil.test/%22%3E%3Cscript%3Ealert(7)%3C/script%3E');
    expect(hrefs.some((h) => h.includes('user:pw'))).toBe(false);
  });

  it('the site report and the notice page are inert too', () => {
    const site = renderSiteReport({
      host: SCRIPT,
      findings: [hostileFinding],
      summary: { host: SCRIPT, findings: 1, open: 1, maxSeverity: 'high', lastSeen: IMG },
      publisher,
      generatedAt: '2024-05-05T08:00:00.000Z',
    });
    expectInert(site);
    expect(scanHtml(site).text).toContain(SCRIPT);
    const notice = renderTakedownHtml({
      finding: hostileFinding,
      original: original({ title: SCRIPT, text }),
      evidence: hostileEvidence,
      publisher,
      lang: 'en',
      date: IMG,
    });
    expectInert(notice);
    expect(scanHtml(notice).text).toContain(IMG);
  });

  it('safeHref admits absolute http(s) URLs only', () => {
    for (const bad of [
      'javascript:alert(1)',
      ' JAVASCRIPT:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:x',
      'data:text/html,x',
      'vbscript:x',
      '//evil.test/x',
      '/relative',
      'file:///etc/passwd',
      'https://u:p@evil.test/',
      '',
    ]) {
      expect(safeHref(bad), JSON.stringify(bad)).toBeNull();
    }
    expect(safeHref('https://例子.测试/路径?q=新闻')).toBe('https://xn--fsqu00a.xn--0zwm56d/%E8%B7%AF%E5%BE%84?q=%E6%96%B0%E9%97%BB');
    expect(safeHref('http://a.test/"<>')).toBe('http://a.test/%22%3C%3E');
  });

  it('shows invisible direction marks in URLs instead of letting them reorder the text', () => {
    const html = renderFindingReport({
      finding: finding({ url: 'https://evil.test/\u202Egnp.exe' }),
      original: original(),
      evidence: null,
      events: [],
      publisher,
      generatedAt: '2024-05-05T08:00:00.000Z',
    });
    expect(scanHtml(html).text).toContain('https://evil.test/\\u{202E}gnp.exe');
    expect(html).not.toContain('\u202E');
  });
});
