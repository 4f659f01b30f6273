import { describe, expect, it } from 'vitest';
import { countFindings, renderSiteReport, sortFindings } from '../../src/report/index.ts';
import { finding } from './fixtures.ts';
import { scanHtml } from './html-scan.ts';

const findings = [
  finding({ id: 1, verdict: 'partial', severity: 'medium', status: 'open', lastSeen: '2024-05-03T00:00:00.000Z' }),
  finding({ id: 2, verdict: 'full', severity: 'high', status: 'confirmed', lastSeen: '2024-05-01T00:00:00.000Z', articleTitle: 'Old ferry pier to close' }),
  finding({ id: 3, verdict: 'mirror', severity: 'critical', status: 'notice-sent', lastSeen: '2024-05-02T00:00:00.000Z' }),
  finding({ id: 4, verdict: 'full', severity: 'high', status: 'open', lastSeen: '2024-05-04T00:00:00.000Z' }),
];
const summary = { host: 'news.repost-portal.test', findings: 4, open: 2, maxSeverity: 'critical' as const, lastSeen: '2024-05-04T00:00:00.000Z' };
const render = () =>
  renderSiteReport({ host: 'news.repost-portal.test', findings, summary, publisher: { name: '江北晨报社' }, generatedAt: '2024-05-05T08:00:00.000Z' });

/** The rows of the table under the section `id`, as cell texts. */
function rows(html: string, id: string): string[][] {
  const section = html.slice(html.indexOf(`<section id="${id}">`));
  const body = section.slice(0, section.indexOf('</section>'));
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => scanHtml(c[1]).text.trim()));
}

describe('renderSiteReport', () => {
  it('counts findings by verdict, severity and status', () => {
    const counts = countFindings(findings);
    expect(counts.total).toBe(4);
    expect(counts.byVerdict).toEqual({ mirror: 1, full: 2, partial: 1, none: 0 });
    expect(counts.bySeverity).toEqual({ info: 0, low: 0, medium: 1, high: 2, critical: 1 });
    expect(counts.byStatus).toEqual({ open: 2, confirmed: 1, dismissed: 0, 'notice-sent': 1, resolved: 0 });
    const table = rows(render(), 'summary');
    expect(table).toContainEqual(['full full copy of the article', '2']);
    expect(table).toContainEqual(['mirror mirror of the original page', '1']);
    expect(table).toContainEqual(['critical', '1']);
    expect(table).toContainEqual(['high', '2']);
    expect(table).toContainEqual(['info', '0']);
    expect(table).toContainEqual(['To act on (open, confirmed, notice sent)', '2']);
    expect(table).toContainEqual(['notice-sent notice sent', '1']);
    expect(table).toContainEqual(['Highest severity', 'critical']);
  });

  it('lists every finding, worst first, with status, severity, verdict, containment, title, URLs and times', () => {
    const html = render();
    const table = rows(html, 'findings');
    expect(table[0]).toEqual(['#', 'Status', 'Severity', 'Verdict', 'Containment', 'Article', 'Copy URL', 'Rules', 'First seen (UTC)', 'Last seen (UTC)']);
    expect(table.slice(1).map((r) => r[0])).toEqual(['3', '4', '2', '1']);
    expect(sortFindings(findings).map((f) => f.id)).toEqual([3, 4, 2, 1]);
    const row2 = table.find((r) => r[0] === '2')!;
    expect(row2.slice(1, 5)).toEqual(['confirmed', 'high', 'full', '62.1%']);
    expect(row2[5]).toContain('Old ferry pier to close');
    expect(row2[6]).toBe('https://news.repost-portal.test/a/2024/0502/123.html');
    expect(row2[8]).toBe('2024-05-02 03:15:00 UTC');
    expect(row2[9]).toBe('2024-05-01 00:00:00 UTC');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script/i);
  });

  it('says so when there are no findings', () => {
    const html = renderSiteReport({
      host: 'quiet.test',
      findings: [],
      summary: { ...summary, host: 'quiet.test', findings: 0, open: 0, maxSeverity: 'info' },
      publisher: { name: 'Harbour Gazette' },
      generatedAt: '2024-05-05T08:00:00.000Z',
    });
    expect(scanHtml(html).text).toContain('No findings on this host.');
  });
});
