/**
 * scan-warc and photos: a page of the archive whose image is an image response of the same file
 * (after the page, as a crawler writes it) is judged for its photo, even when its text is nothing
 * of the publisher's; the copy's bytes are the archived ones; an image not in the file is counted,
 * never fetched live.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scan } from '../../src/domain/index.ts';
import { openApp, type App } from '../../src/scan/app.ts';
import { runIndex, runScanWarc } from '../../src/scan/jobs.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { buildWarc, htmlResponse, type RecordSpec } from '../support/warc.ts';
import { startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';
import { photoFile } from '../support/web/photos.ts';

const HOST = 'http://archive-photos.test';
const page = (...imgs: string[]) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>看图</title></head><body>
<article><h1>看图：傍晚的工厂</h1>${imgs.map((img) => `<p><img src="${img}" alt="网友供图"></p>`).join('')}
<p>今天在朋友圈看到一张傍晚工厂的照片，天空的颜色层次很丰富，烟囱的剪影也很好看，特地转过来和大家分享一下。</p>
<p>这类工业题材的风光照近年越来越受欢迎，很多摄影爱好者专门跑到海边去等日落，就为了拍这样一张。</p></article></body></html>`;

let web: FixtureWeb;
let setup: DemoSetup;
let app: App;
let scan: Scan;
const repost = photoFile('refinery-dusk-repost.jpg');

beforeAll(async () => {
  web = await startFixtureWeb();
  setup = demoConfig(web);
  app = await openApp(setup.configPath, { clock: () => new Date('2024-03-01T08:00:00Z') });
  expect((await runIndex(app)).status).toBe('done');
  const filler: RecordSpec[] = Array.from({ length: 5 }, (_, i) => ({ type: 'request', url: `${HOST}/other/${i}` }));
  const records: RecordSpec[] = [
    htmlResponse(`${HOST}/p/1.html`, page('/up/dusk.jpg')),
    ...filler,
    { type: 'response', url: `${HOST}/up/dusk.jpg`, httpHeaders: { 'Content-Type': 'image/jpeg' }, body: repost },
    // A page after the image, with one image the file does not hold; then one with that image only.
    htmlResponse(`${HOST}/p/2.html`, page('/up/not-archived.jpg', '/up/dusk.jpg')),
    ...filler,
    htmlResponse(`${HOST}/p/3.html`, page('/up/not-archived.jpg')),
  ];
  const file = join(setup.dir, 'photos.warc.gz');
  writeFileSync(file, (await buildWarc(records, true)).bytes);
  scan = await runScanWarc(app, [file]);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await web?.close();
  setup?.cleanup();
});

describe('scan-warc and photos', () => {
  it("finds the reposted photo in the file's image response after the page, as an image finding with the archived bytes", async () => {
    expect(scan.status).toBe('done');
    const { items } = await app.store.findings.list({ kind: 'image' });
    // p/3 names no image the file holds and nothing of the publisher's text: passed over, as before.
    expect(items.map((f) => f.url).sort()).toEqual([`${HOST}/p/1.html`, `${HOST}/p/2.html`]);
    const f = items.find((x) => x.url === `${HOST}/p/1.html`)!;
    expect(f).toMatchObject({ kind: 'image', verdict: 'none' });
    expect(f.facts.image).toMatchObject({
      original: { url: 'http://epaper.shihua-chenbao.test/images/refinery-dusk.jpg' },
      copy: { url: `${HOST}/up/dusk.jpg`, sha256: createHash('sha256').update(repost).digest('hex') },
      transforms: ['cropped', 'resized'],
    });
    const kept = await app.store.imageEvidence.ofFinding(f.id);
    expect(kept.map((i) => i.role).sort()).toEqual(['copy', 'original']);
    const copy = kept.find((i) => i.role === 'copy')!;
    expect(await app.store.imageEvidence.bytes(copy.sha256)).toEqual(repost);
  });

  it('counts the image record as before (not html), and an image the file does not hold as not looked up; nothing fetched from the archived host', () => {
    expect(scan.reasons).toMatchObject({ 'skipped: not html': 1, 'image not in the WARC file near its page': 1 });
    expect(web.requests.filter((r) => r.host === 'archive-photos.test')).toEqual([]);
  });
});
