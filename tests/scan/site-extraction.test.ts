/**
 * What the jobs give extraction from a page's site: the configured article selector (index, scan
 * and check), and the template learned from the host's own pages, kept in the store (index and
 * scan learn; a manual check only reads).
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/scan/app.ts';
import { runCheck, runIndex, runScan } from '../../src/scan/jobs.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';

const TOPICS = ['bridge', 'school', 'harvest', 'library', 'ferry', 'orchard', 'clinic', 'market', 'stadium', 'quarry', 'museum', 'railway', 'canal', 'theatre'];
const paragraph = (n: number, i: number) =>
  `The ${TOPICS[n]} story, part ${TOPICS[(n + i) % TOPICS.length]}: the council met again this week, heard the residents at length, and voted to go ahead with the plan it had drafted.`;

function article(n: number, copy = false): string {
  const body = [0, 1, 2, 3].map((i) => `<p>${paragraph(n, i)}</p>`).join('');
  const head = copy
    ? '<div class="bar"><a href="/">Copycat home</a> <a href="/more">More</a></div>'
    : '<div class="nav"><a href="/">Courier</a> <a href="/local">Local</a></div>';
  return `<html><head><title>${TOPICS[n]} - ${copy ? 'Copycat' : 'Courier'}</title></head><body>${head}
    <h1>The ${TOPICS[n]} story</h1><div class="story">${body}<p class="share">Share this story with your friends and neighbours, it helps the paper.</p></div>
    <div class="foot">All rights reserved by the publisher of this site, since long ago.</div></body></html>`;
}

const listing = (prefix: string) => `<html><body>${TOPICS.map((_, n) => `<a href="${prefix}${n}.html">story ${n}</a>`).join(' ')}</body></html>`;

let server: Server;
let setup: DemoSetup;
let app: App;

beforeAll(async () => {
  server = createServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    const copy = host === 'www.copycat.test';
    const m = /^\/a\/(\d+)\.html$/.exec(req.url ?? '');
    if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(listing('/a/'));
    if (m && Number(m[1]) < TOPICS.length) return res.writeHead(200, { 'content-type': 'text/html' }).end(article(Number(m[1]), copy));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const at = `127.0.0.1:${(server.address() as { port: number }).port}`;
  setup = demoConfig({ resolve: { 'www.courier.test': at, 'www.copycat.test': at } }, (c) => {
    c.publisher.sources = [{ name: 'courier', startUrls: ['http://www.courier.test/'], maxDepth: 1, article: { selector: '.story', exclude: ['.share'] } }];
    c.targets = [{ name: 'copycat', startUrls: ['http://www.copycat.test/'], maxDepth: 1 }];
    c.licensees = [];
  });
  app = await openApp(setup.configPath);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await new Promise((r) => server?.close(r));
  setup?.cleanup();
});

describe('site extraction in the jobs', () => {
  it("index takes each article by the source's selector and learns the host's template", async () => {
    expect((await runIndex(app)).status).toBe('done');
    const id = (await app.store.articles.list({ limit: 500 })).items.find((a) => a.url === 'http://www.courier.test/a/3.html')?.id;
    const stored = id ? await app.store.articles.get(id) : null;
    expect(stored?.paragraphs).toEqual([0, 1, 2, 3].map((i) => paragraph(3, i)));
    const template = await app.store.templates.get('www.courier.test');
    expect(template?.profile.pages).toBeGreaterThanOrEqual(TOPICS.length);
    expect(template?.profile.blocks.some(([, seen]) => seen >= TOPICS.length)).toBe(true); // the nav, the share line, the footer
  });

  it("scan learns the target's template too, and finds its copies", async () => {
    const scan = await runScan(app);
    expect(scan.status).toBe('done');
    expect(scan.counts.findingsNew).toBeGreaterThan(0);
    expect((await app.store.templates.get('www.copycat.test'))?.profile.pages).toBeGreaterThanOrEqual(TOPICS.length);
  });

  it("a manual check reads the host's template but does not learn from one page", async () => {
    const before = (await app.store.templates.get('www.copycat.test'))!;
    const result = await runCheck(app, 'http://www.copycat.test/a/5.html');
    expect(result.judgement.extraction.ok).toBe(true);
    expect(await app.store.templates.get('www.copycat.test')).toEqual(before);
  });
});

describe('siteOfUrl', () => {
  it('finds the configured site of a URL by the hosts it is given, the e-paper template included', async () => {
    const { siteOfUrl } = await import('../../src/scan/site-templates.ts');
    const sites = [
      { name: 'a', startUrls: ['http://www.a.test/'], sitemaps: [], feeds: [] },
      {
        name: 'paper',
        startUrls: [],
        sitemaps: [],
        feeds: ['http://feeds.b.test/rss'],
        epaper: { urlTemplate: 'http://epaper.b.test/html/{yyyy}-{mm}/{dd}/node_{page}.htm' },
      },
    ];
    expect(siteOfUrl(sites, 'http://WWW.A.test/x.html')?.name).toBe('a');
    expect(siteOfUrl(sites, 'http://epaper.b.test/html/2024-01/09/content_1.htm')?.name).toBe('paper');
    expect(siteOfUrl(sites, 'http://feeds.b.test/item')?.name).toBe('paper');
    expect(siteOfUrl(sites, 'http://elsewhere.test/')).toBeUndefined();
    expect(siteOfUrl(sites, 'not a url')).toBeUndefined();
  });
});
