/**
 * Photos while indexing and scanning, on a small site of our own: which images of a page are
 * collected (img, the best srcset candidate, og:image), which are skipped and why (a template
 * image on every article, refused images: too small, vector), that nothing else is lost, and
 * that a scan and a manual check find a reposted photo with its transformations.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { extract } from '../../src/extract/index.ts';
import { openApp, type App } from '../../src/scan/app.ts';
import { checkRecord } from '../../src/scan/check-record.ts';
import { runCheck, runIndex, runRecheck, runScan } from '../../src/scan/jobs.ts';
import { BetterSqlite3 as Database } from '../../src/store/sqlite/driver.ts';
import { runCli } from '../support/cli.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { ARTICLES } from '../support/web/index.ts';
import { photoFile } from '../support/web/photos.ts';
import { startServer, type FixtureSiteDef, type RunningServer } from '../support/web/server.ts';

const SOURCE = 'photos.source.test';
const COPY = 'photos.copy.test';

/** A second photo, drawn here: stripes and discs (nothing like the refinery). */
async function drawnPhoto(): Promise<Buffer> {
  const discs = Array.from(
    { length: 9 },
    (_, i) => `<circle cx="${60 + i * 90}" cy="${120 + (i % 3) * 140}" r="${30 + (i % 4) * 12}" fill="#${['c33', '3a7', '36c'][i % 3]}"/>`,
  );
  const stripes = Array.from({ length: 12 }, (_, i) => `<rect x="0" y="${i * 50}" width="800" height="22" fill="#${i % 2 ? 'eee' : '222'}"/>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="600" fill="#888"/>${stripes.join('')}${discs.join('')}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

const PIXEL = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300" fill="red"/></svg>');

function articlePage(i: number, head: string, body: string): string {
  const a = ARTICLES[i];
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${a.title}</title>${head}</head><body>
<header><img src="/static/logo.png" alt="站标"><nav><a href="/">首页</a></nav></header>
<article><h1>${a.title}</h1>${body}${a.paragraphs.map((p) => `<p>${p}</p>`).join('')}</article>
<footer>示例报社 版权所有</footer></body></html>`;
}

let server: RunningServer;
let setup: DemoSetup;
let app: App;
let photoB: Buffer;
/** The copy page still shows the photo (a recheck then keeps its finding) or not (it resolves it). */
let copyShowsPhoto = true;
/** The source publishes a fifth article (with the site's logo) after the first index. */
let fifthArticle = false;
/** The publisher has removed the original photo from its site. */
let originalGone = false;

beforeAll(async () => {
  photoB = await drawnPhoto();
  const logo = photoFile('logo.png');
  const sourcePages: Record<string, string> = {
    '/a/1.html': articlePage(
      0,
      '',
      '<figure><img src="/img/a-320.jpg" srcset="/img/a-320.jpg 320w, /img/a-960.jpg 960w" alt="炼化基地夕照"><figcaption>本报记者 摄</figcaption></figure>',
    ),
    '/a/2.html': articlePage(1, '<meta property="og:image" content="http://photos.source.test/img/b.jpg">', ''),
    '/a/3.html': articlePage(2, '', '<p><img src="/img/pixel.gif" width="1" height="1"><img src="/img/chart.svg"></p>'),
    '/a/4.html': articlePage(3, '', ''),
  };
  const home = `<!doctype html><html><body>${Object.keys(sourcePages)
    .map((p) => `<a href="${p}">${p}</a>`)
    .join(' ')}</body></html>`;
  const source: FixtureSiteDef = {
    host: SOURCE,
    route(req) {
      const path = req.url.pathname;
      if (path === '/robots.txt') return { type: 'text/plain', body: 'User-agent: *\nAllow: /\n' };
      if (path === '/') return { body: fifthArticle ? home.replace('</body>', '<a href="/a/5.html">5</a></body>') : home };
      if (sourcePages[path]) return { body: sourcePages[path] };
      if (path === '/a/5.html' && fifthArticle) return { body: articlePage(4, '', '') };
      if (path === '/static/logo.png') return { type: 'image/png', body: logo };
      if (path === '/img/a-960.jpg' && !originalGone) return { type: 'image/jpeg', body: photoFile('refinery-dusk.jpg') };
      if (path === '/img/b.jpg') return { type: 'image/jpeg', body: photoB };
      if (path === '/img/pixel.gif') return { type: 'image/gif', body: PIXEL };
      if (path === '/img/chart.svg') return { type: 'image/svg+xml', body: SVG };
      return null;
    },
  };
  const copyHtml = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>看图</title></head><body>
<article><h1>看图：傍晚的工厂</h1><img src="/up/x.jpg" alt="网友供图">
<p>今天在朋友圈看到一张傍晚工厂的照片，天空的颜色层次很丰富，烟囱的剪影也很好看，特地转过来和大家分享一下。</p>
<p>这类工业题材的风光照近年越来越受欢迎，很多摄影爱好者专门跑到海边去等日落，就为了拍这样一张。</p></article></body></html>`;
  // A page that copies the first article's text and its photo: one finding carrying both.
  const bothHtml = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${ARTICLES[0].title}</title></head><body>
<article><h1>${ARTICLES[0].title}</h1><p><img src="/up/x.jpg"></p>${ARTICLES[0].paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
  const copy: FixtureSiteDef = {
    host: COPY,
    route(req) {
      const path = req.url.pathname;
      if (path === '/robots.txt') return { type: 'text/plain', body: 'User-agent: *\nAllow: /\n' };
      if (path === '/' || path === '/p/1.html') return { body: copyShowsPhoto ? copyHtml : copyHtml.replace('<img src="/up/x.jpg" alt="网友供图">', '') };
      if (path === '/up/x.jpg') return { type: 'image/jpeg', body: photoFile('refinery-dusk-repost.jpg') };
      if (path === '/p/2.html') return { body: bothHtml };
      if (path === '/p/3.html') return { body: copyHtml };
      return null;
    },
  };
  server = await startServer([source, copy]);
  const address = `127.0.0.1:${server.port}`;
  setup = demoConfig({ resolve: { [SOURCE]: address, [COPY]: address } }, (config) => {
    config.publisher.sources = [{ name: 'photos', startUrls: [`http://${SOURCE}/`], maxDepth: 2 }];
    config.targets = [{ name: 'copy', startUrls: [`http://${COPY}/`] }];
    config.publisher.ownedDomains = [SOURCE];
    config.discovery = { ...config.discovery, providers: [] };
    config.crawler.allowHosts = [SOURCE, COPY];
  });
  app = await openApp(setup.configPath, { clock: () => new Date('2024-03-01T08:00:00Z') });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await server?.close();
  setup?.cleanup();
});

describe('the images of a page', () => {
  it('are the img src (or its lazy data-src), the largest srcset candidate and og:image, absolute, with the text around them', () => {
    const html = `<html><head><meta property="og:image" content="/share.jpg"><meta property="og:image:alt" content="分享图"></head><body><article>
<figure><img src="small.jpg" srcset="small.jpg 320w, big.jpg 1280w, mid.jpg 640w" alt="图一"><figcaption>新华社记者 摄</figcaption></figure>
<picture><source srcset="p-1x.webp 1x, p-2x.webp 2x"><img src="p.jpg" alt="图二"></picture>
<p><img data-src="lazy.jpg" src="data:image/gif;base64,R0lGOD"> 图三：示例报 供图</p>
<img src="/share.jpg"><img src="javascript:alert(1)">
<p>${'正文内容很长。'.repeat(40)}</p></article></body></html>`;
    const e = extract(Buffer.from(html), { url: 'https://news.example/a/b/page.html' });
    expect(e.ok).toBe(true);
    if (!e.ok) return;
    expect(e.images).toEqual([
      { url: 'https://news.example/share.jpg', from: 'og:image', text: '分享图' },
      { url: 'https://news.example/a/b/big.jpg', from: 'srcset', text: '图一 新华社记者 摄' },
      { url: 'https://news.example/a/b/p-2x.webp', from: 'srcset', text: '图二' },
      { url: 'https://news.example/a/b/lazy.jpg', from: 'img', text: '图三：示例报 供图' },
    ]);
  });
});

describe('photos while indexing', () => {
  let scan: Awaited<ReturnType<typeof runIndex>>;
  beforeAll(async () => {
    scan = await runIndex(app);
  }, 60_000);

  it('keeps each article, and the photos of its page (srcset best candidate, og:image) with their hashes', async () => {
    expect(scan.status).toBe('done');
    expect(scan.counts.articles).toBe(4);
    const images = [];
    for await (const batch of app.store.images.all()) images.push(...batch);
    const byUrl = Object.fromEntries(images.map((i) => [i.url, i]));
    expect(Object.keys(byUrl).sort()).toEqual([`http://${SOURCE}/img/a-960.jpg`, `http://${SOURCE}/img/b.jpg`]);
    expect(byUrl[`http://${SOURCE}/img/a-960.jpg`]).toMatchObject({ width: 960, height: 640, alt: '炼化基地夕照 本报记者 摄' });
    expect(byUrl[`http://${SOURCE}/img/b.jpg`]).toMatchObject({ width: 800, height: 600 });
    for (const i of images) {
      expect(i.hashes.length).toBeGreaterThan(10);
      expect(i.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(i.etag).toMatch(/^"/);
    }
    const articles = await app.store.articles.list({ limit: 10 });
    expect(new Set(images.map((i) => i.articleId)).size).toBe(2);
    expect(articles.items.map((a) => a.url).sort()).toEqual([1, 2, 3, 4].map((n) => `http://${SOURCE}/a/${n}.html`));
  });

  it('skips the template image (on every article) without fetching it, and refused images with their reason', () => {
    expect(scan.reasons).toMatchObject({ 'image skipped: template': 4, 'image refused: too-small': 1, 'image refused: vector': 1 });
    const asked = server.requests.filter((r) => r.host === SOURCE).map((r) => r.path);
    expect(asked).not.toContain('/static/logo.png');
    expect(asked).not.toContain('/img/a-320.jpg');
  });

  it('a later run that indexes one new article still knows the logo as template (kept from the first run), and fetches it not', async () => {
    fifthArticle = true;
    const before = server.requests.length;
    const again = await runIndex(app);
    expect(again.status).toBe('done');
    expect(again.counts.articles).toBe(1);
    expect(again.reasons).toMatchObject({ 'image skipped: template': 1 });
    expect(server.requests.slice(before).map((r) => r.path)).not.toContain('/static/logo.png');
    expect(await app.store.images.count()).toBe(2);
  });

  it('finds the reposted photo in a scan, as an image finding naming both images and the transformations', async () => {
    // The index run saved the image index in the store: the scan loads it, it reads no stored hash.
    expect((await app.store.getBlob('image-index'))?.subarray(0, 4).toString()).toBe('CWI3');
    const all = vi.spyOn(app.store.images, 'all');
    const run = await runScan(app).finally(() => all.mockRestore());
    expect(all).not.toHaveBeenCalled();
    expect(run.status).toBe('done');
    const { items } = await app.store.findings.list({ kind: 'image' });
    expect(items).toHaveLength(1);
    const f = items[0];
    expect(f).toMatchObject({ kind: 'image', url: `http://${COPY}/`, verdict: 'none', articleUrl: `http://${SOURCE}/a/1.html` });
    expect(f.facts.image).toMatchObject({
      original: { url: `http://${SOURCE}/img/a-960.jpg`, width: 960, height: 640 },
      copy: { url: `http://${COPY}/up/x.jpg`, width: 640 },
      transforms: ['cropped', 'resized'],
      credited: false,
    });
    expect(f.violations.map((v) => v.ruleId).sort()).toEqual(['generic.uncredited-photo', 'shihua-chenbao.photo']);
  }, 60_000);

  it('keeps both images as evidence (bytes and SHA-256), bundles them and verify checks them (a changed byte fails)', async () => {
    const f = (await app.store.findings.list({ kind: 'image' })).items[0];
    const kept = await app.store.imageEvidence.ofFinding(f.id);
    expect(kept.map((i) => [i.role, i.url, i.format, i.evidenceId])).toEqual([
      ['original', `http://${SOURCE}/img/a-960.jpg`, 'jpeg', f.evidenceId],
      ['copy', `http://${COPY}/up/x.jpg`, 'jpeg', f.evidenceId],
    ]);
    expect(kept.map((i) => i.sha256)).toEqual([f.facts.image?.original.sha256, f.facts.image?.copy.sha256]);
    expect(await app.store.imageEvidence.bytes(kept[0].sha256)).toEqual(photoFile('refinery-dusk.jpg'));
    expect(await app.store.imageEvidence.bytes(kept[1].sha256)).toEqual(photoFile('refinery-dusk-repost.jpg'));

    const out = join(setup.dir, 'photo-bundle.zip');
    const r = await runCli(['--config', setup.configPath, 'evidence', 'export', String(f.id), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const entries = unzipSync(readFileSync(out));
    expect(Buffer.from(entries['images/original.jpg'])).toEqual(photoFile('refinery-dusk.jpg'));
    expect(Buffer.from(entries['images/copy.jpg'])).toEqual(photoFile('refinery-dusk-repost.jpg'));
    const manifest = JSON.parse(Buffer.from(entries['manifest.json']).toString('utf8'));
    expect(manifest.images.map((i: { role: string; file: string; sha256: string }) => [i.role, i.file, i.sha256])).toEqual([
      ['original', 'images/original.jpg', kept[0].sha256],
      ['copy', 'images/copy.jpg', kept[1].sha256],
    ]);
    const verify = await runCli(['evidence', 'verify', out]);
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).toContain(
      `ok  images/copy.jpg: the copy image (jpeg, ${photoFile('refinery-dusk-repost.jpg').length} bytes, SHA-256 ${kept[1].sha256}`,
    );

    // One byte of the copy changed, its digest in the manifest's file list made to agree: the digest kept at capture still fails it.
    const copy = entries['images/copy.jpg'].slice();
    copy[copy.length - 100] ^= 1;
    const digest = createHash('sha256').update(copy).digest('hex');
    manifest.files = manifest.files.map((x: { name: string }) => (x.name === 'images/copy.jpg' ? { ...x, sha256: digest } : x));
    const tampered = join(setup.dir, 'photo-bundle-tampered.zip');
    writeFileSync(tampered, zipSync({ ...entries, 'images/copy.jpg': copy, 'manifest.json': Buffer.from(JSON.stringify(manifest)) }));
    const bad = await runCli(['evidence', 'verify', tampered]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`FAILED  images/copy.jpg: SHA-256 ${digest} is not the copy image's stored when it was kept ${kept[1].sha256}`);
  }, 60_000);

  it('finds it in a manual check too', async () => {
    const result = await runCheck(app, `http://${COPY}/p/1.html`);
    expect(result.findings.map((f) => [f.kind, f.facts.image?.transforms])).toEqual([['image', ['cropped', 'resized']]]);
    // `copywatch check --json` and POST /api/check: the match says its kind and carries the photo.
    const record = await checkRecord(app, result);
    expect(record.matches.map((m) => [m.kind, m.verdict, m.image?.copy.url, m.allowed])).toEqual([['image', 'none', `http://${COPY}/up/x.jpg`, false]]);
  }, 60_000);

  it('a snapshot of the image index made stale by a change of the photos, or in a format not known, is rebuilt and saved again', async () => {
    const all = vi.spyOn(app.store.images, 'all');
    const check = async () => {
      all.mockClear();
      const result = await runCheck(app, `http://${COPY}/p/1.html`);
      expect(result.findings.map((f) => [f.kind, f.facts.image?.original.url])).toEqual([['image', `http://${SOURCE}/img/a-960.jpg`]]);
      return { rebuilt: all.mock.calls.length > 0, reasons: result.scan.reasons };
    };
    try {
      expect((await check()).rebuilt).toBe(false);
      // The photos change (an article gets one more; then loses it): the saved snapshot is stale.
      const fourth = (await app.store.articles.list({ limit: 10 })).items.find((a) => a.url === `http://${SOURCE}/a/4.html`)!;
      const b = (await app.store.images.byUrl(`http://${SOURCE}/img/b.jpg`))!;
      await app.store.images.replace(fourth.id, [{ ...b, url: `http://${SOURCE}/img/b-copy.jpg` }]);
      expect((await check()).rebuilt).toBe(true);
      expect((await check()).rebuilt).toBe(false);
      await app.store.images.replace(fourth.id, []);
      expect((await check()).rebuilt).toBe(true);
      // A snapshot in a format this version does not read (the first, CWI1; or a later one) is rebuilt, with a note.
      for (const magic of ['CWI1', 'CWI9']) {
        await app.store.putBlob('image-index', Buffer.concat([Buffer.from(magic), Buffer.alloc(64)]));
        const { rebuilt, reasons } = await check();
        expect(rebuilt).toBe(true);
        expect(Object.keys(reasons).filter((r) => r.startsWith('image index snapshot not loaded'))).toHaveLength(1);
        expect((await check()).rebuilt).toBe(false);
      }
    } finally {
      all.mockRestore();
    }
  }, 60_000);

  it('a page with the text and the photo of one article is one finding of kind text+image, judged by the text and the photo rules', async () => {
    const result = await runCheck(app, `http://${COPY}/p/2.html`);
    expect(result.findings).toHaveLength(1);
    const [f] = result.findings;
    expect(f).toMatchObject({ kind: 'text+image', verdict: 'full', articleUrl: `http://${SOURCE}/a/1.html` });
    expect(f.passages.length).toBeGreaterThan(0);
    expect(f.facts.image?.transforms).toEqual(['cropped', 'resized']);
    expect(f.violations.map((v) => v.ruleId)).toEqual(expect.arrayContaining(['generic.unlicensed-copy', 'generic.uncredited-photo', 'shihua-chenbao.photo']));
    // The same two images again, under this finding: rows of their own, the bytes stored once.
    const kept = await app.store.imageEvidence.ofFinding(f.id);
    expect(kept.map((i) => [i.role, i.sha256])).toEqual([
      ['original', f.facts.image?.original.sha256],
      ['copy', f.facts.image?.copy.sha256],
    ]);
    const db = new Database(setup.dbPath, { readonly: true });
    try {
      const count = (sql: string) => db.prepare<{ n: number }>(sql).get()?.n;
      expect(count('SELECT COUNT(DISTINCT finding_id) AS n FROM evidence_images')).toBeGreaterThanOrEqual(3);
      expect(count('SELECT COUNT(*) AS n FROM image_blobs')).toBe(2);
    } finally {
      db.close();
    }
  }, 60_000);

  it('a recheck keeps the image finding while the photo is there, and resolves it once it is gone', async () => {
    const f = (await app.store.findings.list({ kind: 'image' })).items.find((x) => x.url === `http://${COPY}/`)!;
    expect(f.kind).toBe('image');
    app.clock = () => new Date('2024-03-02T08:00:00Z');
    expect((await runRecheck(app)).status).toBe('done');
    expect(await app.store.findings.get(f.id)).toMatchObject({ status: 'open', lastSeen: '2024-03-02T08:00:00.000Z' });
    copyShowsPhoto = false;
    app.clock = () => new Date('2024-03-03T08:00:00Z');
    expect((await runRecheck(app)).status).toBe('done');
    expect((await app.store.findings.get(f.id))?.status).toBe('resolved');
    const events = await app.store.findings.events(f.id);
    expect(events.at(-1)).toMatchObject({ to: 'resolved', note: 'the page no longer carries the photo' });
  }, 60_000);

  it("the original no longer on the publisher's site when a finding is recorded: the copy alone is kept, and the run says why", async () => {
    originalGone = true;
    const result = await runCheck(app, `http://${COPY}/p/3.html`);
    expect(result.findings.map((f) => f.kind)).toEqual(['image']);
    expect((await app.store.imageEvidence.ofFinding(result.findings[0].id)).map((i) => i.role)).toEqual(['copy']);
    expect(result.scan.reasons).toMatchObject({ 'original image failed: CRAWL_HTTP_STATUS': 1 });
  }, 60_000);
});
