import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTICLES } from '../support/web/articles.ts';
import { epaperGbk } from '../support/fixtures.ts';
import { runCli } from '../support/cli.ts';
import { serve, type TestServer } from '../support/servers.ts';

let web: TestServer;
beforeAll(async () => {
  web = await serve((req, res) => {
    if (req.url === '/article') {
      res.writeHead(200, { 'content-type': 'text/html; charset=gbk' });
      res.end(epaperGbk());
    } else if (req.url === '/slow') {
      // answers after the files beside it in a batch are long done
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html; charset=gbk' });
        res.end(epaperGbk());
      }, 800);
    } else if (req.url === '/hang') {
      // accepts the connection and never answers
    } else if (req.url === '/redirect') {
      res.writeHead(302, { location: '/article' });
      res.end();
    } else {
      res.writeHead(404);
      res.end('not found');
    }
  });
});
afterAll(() => web.close());

describe('copywatch extract', () => {
  it('prints the Article of the DESIGN contract as JSON', async () => {
    const r = await runCli(['extract', 'tests/support/pages/epaper-sample.gbk.html', '--json']);
    expect(r.code).toBe(0);
    const article = JSON.parse(r.stdout);
    expect(Object.keys(article)).toEqual(
      expect.arrayContaining(['url', 'title', 'byline', 'publishedAt', 'credit', 'text', 'paragraphs', 'lang', 'charset', 'canonicalUrl', 'notices']),
    );
    expect(article.title).toBe(ARTICLES[0].title);
    expect(article.paragraphs).toEqual(ARTICLES[0].paragraphs);
  });

  it('fetches a URL, following a redirect', async () => {
    const r = await runCli(['extract', `${web.url}/redirect`, '--json']);
    expect(r.code).toBe(0);
    const article = JSON.parse(r.stdout);
    expect(article.url).toBe(`${web.url}/article`);
    expect(article.credit).toBe('石化晨报');
  });

  it('names a file that does not exist in one line, exit 1', async () => {
    const r = await runCli(['extract', 'no/such/page.html']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('copywatch: INPUT_NOT_FOUND: no such file: no/such/page.html');
  });

  it('gives up on a URL that does not answer, with a one-line reason', async () => {
    const started = Date.now();
    const r = await runCli(['extract', `${web.url}/hang`, '--timeout', '500']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/CRAWL_TIMEOUT: .*\/hang did not answer within 500 ms/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('reports an HTTP error status', async () => {
    const r = await runCli(['extract', `${web.url}/missing`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/answered HTTP 404/);
  });

  it('says why a page has no article', async () => {
    const r = await runCli(['extract', 'package.json']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^copywatch: INPUT_INVALID: package.json: no article/);
  });

  describe('--selector and --exclude', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copywatch-extract-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'page.html');
    writeFileSync(
      file,
      `<html><head><title>Quay reopens</title></head><body><nav><a href="/">Home</a></nav>
      <div class="body"><p>The quay reopened on Monday, the council said, after the storm damage of last winter was repaired.</p>
      <p class="promo">Subscribe now, and read everything we publish, for one low price a month.</p>
      <p>Fishing boats were the first to tie up again, their crews cheering as they came in.</p></div>
      <div class="comments">${'<p>A reader wrote a long comment here, with several clauses, and a full stop at the end.</p>'.repeat(10)}</div></body></html>`,
    );

    it('takes the article from the selector, less the excluded elements', async () => {
      const r = await runCli(['extract', file, '--json', '--selector', 'div.body', '--exclude', '.promo', '--exclude', 'nav']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).paragraphs).toEqual([
        'The quay reopened on Monday, the council said, after the storm damage of last winter was repaired.',
        'Fishing boats were the first to tie up again, their crews cheering as they came in.',
      ]);
      expect(r.stderr).toBe('');
    });

    it('says when the selector matches nothing and extracts automatically', async () => {
      const r = await runCli(['extract', file, '--json', '--selector', '#missing']);
      expect(r.code).toBe(0);
      expect(r.stderr.trim()).toBe('copywatch: article selector "#missing" matched no text: automatic extraction used');
      expect(JSON.parse(r.stdout).text.length).toBeGreaterThan(0);
    });

    it('refuses an invalid selector in one line, naming the flag, before reading the page', async () => {
      const r = await runCli(['extract', 'no/such/page.html', '--selector', 'div.body', '--exclude', 'p:bogus']);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toMatch(/^copywatch: INPUT_INVALID: --exclude: expected a CSS selector css-select can match, got "p:bogus" \(.*bogus.*\)$/);
      const alone = await runCli(['extract', file, '--exclude', '.promo']);
      expect(alone.stderr.trim()).toBe('copywatch: INPUT_INVALID: --exclude needs --selector (the elements to exclude from)');
    });
  });
});

describe('copywatch extract --jsonl', () => {
  const dir = mkdtempSync(join(tmpdir(), 'copywatch-extract-jsonl-'));
  const page = (title: string, paragraphs: string[]) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<div class="nav"><a href="/">Home</a> <a href="/news">News</a></div>
<article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article>
<div class="footer">Example Daily</div></body></html>`;
  const para = (topic: string) =>
    Array.from(
      { length: 5 },
      (_, i) =>
        `The ${topic} report, part ${i + 1}, says the council met on Tuesday to weigh the plan, and members argued for an hour about what it would cost the town and who would pay for it in the end.`,
    );
  const first = join(dir, 'first.html');
  const second = join(dir, 'second.html');
  const empty = join(dir, 'empty.html');
  writeFileSync(first, page('Bridge repairs approved', para('bridge')));
  writeFileSync(second, page('School budget grows', para('school')));
  writeFileSync(empty, '');

  it('prints one line per input, in input order, errors in their place, exit 0', async () => {
    const missing = join(dir, 'missing.html');
    const r = await runCli(['extract', '--jsonl', second, missing, first, empty, 'tests/support/pages/epaper-sample.gbk.html']);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0].title).toBe('School budget grows');
    expect(lines[1]).toEqual({ file: missing, error: { code: 'INPUT_NOT_FOUND', message: `no such file: ${missing}` } });
    expect(lines[2].title).toBe('Bridge repairs approved');
    expect(lines[3]).toEqual({ file: empty, error: { code: 'empty-body', message: expect.any(String) } });
    expect(lines[4].paragraphs).toEqual(ARTICLES[0].paragraphs);
  });

  it('prints each Article in the shape of extract --json', async () => {
    const [batch, single] = await Promise.all([runCli(['extract', '--jsonl', first]), runCli(['extract', '--json', first])]);
    expect(batch.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(batch.stdout)).toEqual(JSON.parse(single.stdout));
  });

  it('keeps the order with inputs in flight at once, URLs among files', async () => {
    const args = [
      `${web.url}/slow`,
      ...Array.from({ length: 8 }, (_, i) => (i % 3 === 1 ? `${web.url}/article` : i % 3 === 2 ? `${web.url}/missing` : i % 2 ? first : second)),
    ];
    const r = await runCli(['extract', '--jsonl', '--concurrency', '3', ...args]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.error?.code ?? l.title)).toEqual(
      args.map((a) =>
        a.endsWith('/article') || a.endsWith('/slow')
          ? ARTICLES[0].title
          : a.endsWith('/missing')
            ? 'CRAWL_HTTP_STATUS'
            : a === first
              ? 'Bridge repairs approved'
              : 'School budget grows',
      ),
    );
    expect(lines[3]).toMatchObject({ file: `${web.url}/missing`, error: { message: expect.stringMatching(/HTTP 404/) } });
  });

  it('is a usage error (exit 1) without inputs, and several inputs need --jsonl', async () => {
    const none = await runCli(['extract', '--jsonl']);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    const several = await runCli(['extract', first, second]);
    expect(several.code).toBe(1);
    expect(several.stderr).toMatch(/--jsonl/);
    const both = await runCli(['extract', '--json', '--jsonl', first]);
    expect(both.code).toBe(1);
  });
});
