import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLES } from '../support/web/articles.ts';
import { epaperGbk } from '../support/fixtures.ts';
import { runCli } from '../support/cli.ts';
import { serve, type TestServer } from '../support/servers.ts';

describe('copywatch extract', () => {
  let web: TestServer;
  beforeAll(async () => {
    web = await serve((req, res) => {
      if (req.url === '/article') {
        res.writeHead(200, { 'content-type': 'text/html; charset=gbk' });
        res.end(epaperGbk());
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

  it('prints the Article of the DESIGN contract as JSON', async () => {
    const r = await runCli(['extract', 'tests/support/pages/epaper-sample.gbk.html', '--json']);
    expect(r.code).toBe(0);
    const article = JSON.parse(r.stdout);
    expect(Object.keys(article)).toEqual(expect.arrayContaining(['url', 'title', 'byline', 'publishedAt', 'credit', 'text', 'paragraphs', 'lang', 'charset', 'canonicalUrl', 'notices']));
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
});
