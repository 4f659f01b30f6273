import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTICLES } from '../support/web/articles.ts';
import { esc } from '../support/web/html.ts';
import { runCli } from '../support/cli.ts';

const ORIGINAL = 'tests/support/pages/epaper-sample.gbk.html';

function portalPage(paragraphs: string[], credit: string | null): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>能耗创新低_财经频道_某某资讯网</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/finance">财经</a> <a href="/tech">科技</a></div>
<div class="main"><h1>能耗创新低</h1><div class="info">2023-01-10 08:00 ${credit ? `来源：${esc(credit)}` : '来源：某某资讯网'}</div>
<div class="article-content">${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}</div></div>
<div class="side"><h3>热门推荐</h3><ul><li><a href="/a">某地出台新政支持小微企业发展</a></li><li><a href="/b">冬季出行注意安全</a></li></ul></div>
<div class="footer">某某资讯网 版权所有</div></body></html>`;
}

describe('copywatch compare', () => {
  const dir = mkdtempSync(join(tmpdir(), 'copywatch-compare-'));
  const full = join(dir, 'full.html');
  const excerpt = join(dir, 'excerpt.html');
  writeFileSync(full, portalPage(ARTICLES[0].paragraphs, null));
  writeFileSync(excerpt, portalPage(ARTICLES[0].paragraphs.slice(1, 4), '石化晨报'));

  it('prints the comparison contract as JSON for an uncredited full copy', async () => {
    const r = await runCli(['compare', ORIGINAL, full, '--json']);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(Object.keys(c)).toEqual(expect.arrayContaining(['verdict', 'containment', 'matchedChars', 'simhashDistance', 'passages', 'credited', 'pageMirror']));
    expect(c).toMatchObject({ verdict: 'full', credited: false, pageMirror: false });
    expect(c.containment).toBeGreaterThan(0.95);
    expect(c.passages[0].original).toEqual({ start: expect.any(Number), end: expect.any(Number), text: expect.any(String) });
  });

  it('reports a credited excerpt as partial', async () => {
    const r = await runCli(['compare', ORIGINAL, excerpt, '--json']);
    const c = JSON.parse(r.stdout);
    expect(c).toMatchObject({ verdict: 'partial', credited: true });
    expect(c.containment).toBeGreaterThan(0.2);
    expect(c.containment).toBeLessThan(0.6);
  });

  it('reports a page against itself as a mirror', async () => {
    const r = await runCli(['compare', ORIGINAL, ORIGINAL]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^verdict\s+mirror/m);
  });

  it('names a missing input in one line', async () => {
    const r = await runCli(['compare', ORIGINAL, join(dir, 'missing.html')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^copywatch: INPUT_NOT_FOUND: no such file: .*missing\.html$/);
  });
});

describe('copywatch compare --pairs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'copywatch-pairs-'));
  const full = join(dir, 'full.html');
  const excerpt = join(dir, 'excerpt.html');
  const other = join(dir, 'other.html');
  writeFileSync(full, portalPage(ARTICLES[0].paragraphs, null));
  writeFileSync(excerpt, portalPage(ARTICLES[0].paragraphs.slice(1, 4), '石化晨报'));
  writeFileSync(other, portalPage(ARTICLES[1].paragraphs, null));
  const pairsFile = (lines: string[]) => {
    const file = join(dir, `pairs-${Math.random().toString(36).slice(2)}.jsonl`);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const pair = (original: string, suspect: string) => JSON.stringify({ original, suspect });

  it('prints one comparison per pair, in order, each as compare --json prints it', async () => {
    const file = pairsFile([pair(ORIGINAL, full), pair(ORIGINAL, excerpt), pair(ORIGINAL, other), pair(ORIGINAL, ORIGINAL)]);
    const [r, single] = await Promise.all([runCli(['compare', '--pairs', file]), runCli(['compare', ORIGINAL, excerpt, '--json'])]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((c) => c.verdict)).toEqual(['full', 'partial', 'none', 'mirror']);
    expect(lines[1]).toEqual(JSON.parse(single.stdout));
  });

  it('answers a malformed or unreadable line with an error naming its line number, and goes on', async () => {
    const missing = join(dir, 'missing.html');
    const file = pairsFile([
      pair(ORIGINAL, full),
      '{"original": "a.html"',
      JSON.stringify({ original: ORIGINAL }),
      '',
      pair(ORIGINAL, missing),
      '[1, 2]',
      pair(ORIGINAL, excerpt),
    ]);
    const r = await runCli(['compare', '--pairs', file]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    expect(lines[0].verdict).toBe('full');
    expect(lines[1]).toEqual({ error: { code: 'INPUT_INVALID', message: expect.stringMatching(/not JSON/) }, line: 2 });
    expect(lines[2]).toEqual({ error: { code: 'INPUT_INVALID', message: expect.stringMatching(/"suspect"/) }, line: 3 });
    // line 4 is blank: skipped
    expect(lines[3]).toEqual({ error: { code: 'INPUT_NOT_FOUND', message: `no such file: ${missing}` }, line: 5 });
    expect(lines[4]).toMatchObject({ error: { code: 'INPUT_INVALID' }, line: 6 });
    expect(lines[5].verdict).toBe('partial');
  });

  it('keeps the order over many pairs in flight at once', async () => {
    const suspects = Array.from({ length: 12 }, (_, i) => [full, excerpt, other][i % 3]);
    const file = pairsFile(suspects.map((s) => pair(ORIGINAL, s)));
    const r = await runCli(['compare', '--pairs', file, '--concurrency', '5']);
    expect(r.code).toBe(0);
    const verdicts = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).verdict);
    expect(verdicts).toEqual(suspects.map((s) => (s === full ? 'full' : s === excerpt ? 'partial' : 'none')));
  });

  it('is a usage error (exit 1): a missing pairs file, pairs plus positional pages, or no pages at all', async () => {
    const missing = await runCli(['compare', '--pairs', join(dir, 'nope.jsonl')]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim()).toMatch(/^copywatch: INPUT_NOT_FOUND: no such pairs file: .*nope\.jsonl$/);
    const both = await runCli(['compare', ORIGINAL, full, '--pairs', pairsFile([pair(ORIGINAL, full)])]);
    expect(both.code).toBe(1);
    expect(both.stdout).toBe('');
    const none = await runCli(['compare']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/missing required argument 'original'/);
  });
});
