/**
 * The e-paper's page pictures (版面图) on the fixture web: the index keeps each edition page's
 * picture as a photo of every article its image map draws (the banner on every edition page is
 * template: never fetched), and a page that reposts a page picture is an image finding for each
 * article drawn on it.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scan } from '../../src/domain/index.ts';
import { editionPage } from '../../src/extract/index.ts';
import { openApp, type App } from '../../src/scan/app.ts';
import { runIndex, runScan } from '../../src/scan/jobs.ts';
import type { StoredImage } from '../../src/store/ports.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { ARTICLES, publisherUrl, startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';
import { BANNER_PATH, pageImage, pageImagePath } from '../support/web/page-images.ts';
import { startServer, type RunningServer } from '../support/web/server.ts';

const PUBLISHER = 'http://epaper.shihua-chenbao.test';
const WALL = 'wall.copy.test';
/** The editions config.example.json indexes (its `epaper` dates). */
const INDEXED = ARTICLES.filter((a) => a.date >= '2023-01-09' && a.date <= '2023-01-12');
const FRONT = { date: '2023-01-10', page: 1 };

let web: FixtureWeb;
let wall: RunningServer;
let setup: DemoSetup;
let app: App;
let index: Scan;

beforeAll(async () => {
  web = await startFixtureWeb();
  // A site that reposts the front page's picture, smaller and as JPEG, under a text of its own.
  const repost = await sharp(pageImage(FRONT.date, FRONT.page)).resize(360).jpeg({ quality: 70 }).toBuffer();
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>今日头版</title></head><body>
<article><h1>今日头版：石化晨报</h1><p><img src="/up/front.jpg" alt="头版"></p>
<p>每天早上翻一翻本地报纸的头版，是很多老读者多年的习惯，今天的版面依旧排得满满当当，值得一看。</p>
<p>图片来自网络，仅供大家了解本地新闻动态，如有不妥请联系删除，我们会尽快处理，谢谢理解和支持。</p></article></body></html>`;
  wall = await startServer([
    {
      host: WALL,
      route(req) {
        const path = req.url.pathname;
        if (path === '/robots.txt') return { type: 'text/plain', body: 'User-agent: *\nAllow: /\n' };
        if (path === '/') return { body: html };
        if (path === '/up/front.jpg') return { type: 'image/jpeg', body: repost };
        return null;
      },
    },
  ]);
  setup = demoConfig({ resolve: { ...web.resolve, [WALL]: `127.0.0.1:${wall.port}` } }, (config) => {
    config.targets = [{ name: 'wall', startUrls: [`http://${WALL}/`] }];
    config.crawler.allowHosts = [...(config.crawler.allowHosts ?? []), WALL];
  });
  app = await openApp(setup.configPath, { clock: () => new Date('2024-03-01T08:00:00Z') });
  index = await runIndex(app);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await wall?.close();
  await web?.close();
  setup?.cleanup();
});

async function imagesByArticleUrl(): Promise<Map<string, StoredImage[]>> {
  const urlOf = new Map<string, string>();
  for (let cursor: string | undefined, more = true; more;) {
    const page = await app.store.articles.list({ cursor, limit: 200 });
    for (const a of page.items) urlOf.set(a.id, a.url);
    cursor = page.nextCursor ?? undefined;
    more = !!page.nextCursor;
  }
  const out = new Map<string, StoredImage[]>();
  for await (const batch of app.store.images.all()) for (const i of batch) out.set(urlOf.get(i.articleId)!, [...(out.get(urlOf.get(i.articleId)!) ?? []), i]);
  return out;
}

describe("the e-paper's page pictures", () => {
  it("an edition page's images come with the articles its image map links to", () => {
    const html = `<html><body><div><img src="/images/banner.png"></div><div><img src="/images/01/page_b.jpg" usemap="#PagePicMap" alt="第1版">
<map name="PagePicMap"><area shape="rect" coords="0,0,10,10" href="/a/1.htm"><area shape="rect" coords="0,0,10,10" href="/a/2.htm"></map></div>
<div><a href="/a/3.htm">另一版的文章</a></div></body></html>`;
    expect(editionPage(Buffer.from(html), { url: 'http://e.example/html/node_1.htm' })).toEqual([
      { url: 'http://e.example/images/banner.png', from: 'img', text: '', links: null },
      { url: 'http://e.example/images/01/page_b.jpg', from: 'img', text: '第1版', links: ['http://e.example/a/1.htm', 'http://e.example/a/2.htm'] },
    ]);
  });

  it('are kept while indexing, as a photo of each article drawn on the page; the banner on every edition page is template, never fetched', async () => {
    expect(index.status).toBe('done');
    const byArticle = await imagesByArticleUrl();
    for (const a of INDEXED) {
      const pictures = (byArticle.get(publisherUrl(a)) ?? []).filter((i) => i.url.endsWith('/page_b.jpg'));
      expect(pictures.map((i) => i.url)).toEqual([`${PUBLISHER}${pageImagePath(a.date, a.page)}`]);
      expect(pictures[0]).toMatchObject({ width: 500, height: 760 });
      expect(pictures[0].alt).toContain(`第${a.page}版`);
    }
    // Nothing else from the edition pages: the article photo of the fixture (the refinery) and the pictures.
    const all = [...byArticle.values()].flat();
    expect(all.filter((i) => !i.url.endsWith('/page_b.jpg')).map((i) => i.url)).toEqual([`${PUBLISHER}/images/refinery-dusk.jpg`]);
    expect(all).toHaveLength(INDEXED.length + 1);
    expect(web.requests.filter((r) => r.path === BANNER_PATH)).toEqual([]);
    // Counted once per edition page that shows it (the config's editions: 4 dates; the pages each has).
    const editionPages = new Set(INDEXED.map((a) => `${a.date} ${a.page}`)).size;
    expect(index.reasons['image skipped: template']).toBe(editionPages);
    // Each picture fetched once, however many articles it draws.
    const pictureFetches = web.requests.filter((r) => r.path.endsWith('/page_b.jpg')).map((r) => r.path);
    expect(pictureFetches.length).toBe(new Set(pictureFetches).size);
  });

  it('a page reposting a page picture is an image finding for each article drawn on that page, naming the picture', async () => {
    const scan = await runScan(app);
    expect(scan.status).toBe('done');
    const { items } = await app.store.findings.list({ limit: 100 });
    const onPage = INDEXED.filter((a) => a.date === FRONT.date && a.page === FRONT.page);
    expect(onPage.length).toBeGreaterThan(0);
    expect(items.map((f) => f.articleUrl).sort()).toEqual(onPage.map(publisherUrl).sort());
    for (const f of items) {
      expect(f).toMatchObject({ kind: 'image', url: `http://${WALL}/`, verdict: 'none' });
      expect(f.facts.image).toMatchObject({
        original: { url: `${PUBLISHER}${pageImagePath(FRONT.date, FRONT.page)}`, width: 500, height: 760 },
        copy: { url: `http://${WALL}/up/front.jpg`, width: 360 },
        transforms: expect.arrayContaining(['resized']),
      });
    }
  }, 120_000);
});
