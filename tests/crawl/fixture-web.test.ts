/** The fixture web itself: routing, encodings, the planted cases and negatives, and config.example.json agreeing with it. */
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.ts';
import { renderSample, SAMPLE_PATH } from '../support/build-sample.ts';
import {
  ARTICLES,
  COPY_HOSTS,
  FIXTURE_HOSTS,
  LICENSEES,
  NEGATIVES,
  PLANTED,
  publisherUrl,
  SOURCE_SITES,
  startFixtureWeb,
  TARGET_SITES,
  type FixtureWeb,
} from '../support/web/index.ts';

let web: FixtureWeb;
beforeAll(async () => {
  web = await startFixtureWeb();
});
afterAll(() => web.close());

/** GET through the server's port with the URL's host in the Host header. */
async function get(url: string, headers: Record<string, string> = {}) {
  const u = new URL(url);
  const res = await request(`http://127.0.0.1:${web.port}${u.pathname}${u.search}`, { headers: { host: u.host, ...headers } });
  return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
}

describe('fixture web', () => {
  it('routes by Host, port-less URLs, and maps every host to its port', async () => {
    expect(web.url('epaper.shihua-chenbao.test')).toBe('http://epaper.shihua-chenbao.test/');
    expect(Object.keys(web.resolve).sort()).toEqual([...FIXTURE_HOSTS].sort());
    expect(Object.values(web.resolve).every((v) => v === `127.0.0.1:${web.port}`)).toBe(true);
    expect((await get('http://unknown.test/')).status).toBe(404);
    const before = web.requests.length;
    expect((await get(`http://${COPY_HOSTS.portalA}:8080/`)).status).toBe(200);
    expect(web.requests.slice(before)).toMatchObject([{ host: COPY_HOSTS.portalA, path: '/', status: 200 }]);
  });

  it('bundles the sample page (tests/support/pages) as the publisher renders it: rebuild it with tests/support/build-sample.ts', () => {
    expect(readFileSync(SAMPLE_PATH).equals(renderSample())).toBe(true);
  });

  it('serves the publisher in GBK, declared gb2312, with every article extractable', async () => {
    expect(ARTICLES).toHaveLength(24);
    expect(new Set(ARTICLES.map((a) => a.date)).size).toBe(4);
    for (const a of ARTICLES) {
      const r = await get(publisherUrl(a));
      expect(r.status).toBe(200);
      const result = extract(r.body, { contentType: String(r.headers['content-type']) });
      expect(result.ok && result.article.paragraphs, a.id).toEqual(a.paragraphs);
      expect(result.ok && result.article.charset).toBe('gb18030');
    }
  });

  it('answers conditional requests with 304', async () => {
    const first = await get(publisherUrl(ARTICLES[0]));
    expect((await get(publisherUrl(ARTICLES[0]), { 'if-none-match': String(first.headers.etag) })).status).toBe(304);
    expect((await get(publisherUrl(ARTICLES[0]), { 'if-modified-since': String(first.headers['last-modified']) })).status).toBe(304);
  });

  it('mirrors publisher pages byte for byte', async () => {
    const a = ARTICLES[0];
    const original = await get(publisherUrl(a));
    const mirror = await get(publisherUrl(a).replace('epaper.shihua-chenbao.test', COPY_HOSTS.mirror));
    expect(mirror.body.equals(original.body)).toBe(true);
  });

  it('plants every kind of copy, each served, and keeps negatives apart', async () => {
    const kinds = new Set(PLANTED.map((p) => p.kind));
    expect([...kinds].sort()).toEqual([
      'buried',
      'credit-replaced',
      'excerpt',
      'full-credited',
      'full-uncredited',
      'licensed',
      'licensed-expired',
      'mirror',
      'traditional',
    ]);
    for (const p of PLANTED) {
      expect(
        ARTICLES.some((a) => a.id === p.articleId),
        p.url,
      ).toBe(true);
      expect((await get(p.url)).status, p.url).toBe(200);
      if (p.kind === 'excerpt') expect(p.approxContainment).toBeGreaterThan(0.15);
    }
    for (const url of NEGATIVES) expect((await get(url)).status, url).toBe(200);
    expect(NEGATIVES.filter((u) => PLANTED.some((p) => p.url === u))).toEqual([]);
    const big5 = await get(PLANTED.find((p) => p.kind === 'traditional')!.url);
    const trad = extract(big5.body, { contentType: String(big5.headers['content-type']) });
    expect(trad.ok && trad.article.lang).toBe('zh-Hant');
  });

  it('is what config.example.json describes', () => {
    const config = JSON.parse(readFileSync('config.example.json', 'utf8'));
    expect(config.publisher.sources).toEqual(SOURCE_SITES);
    expect(config.targets).toEqual(TARGET_SITES);
    expect(config.licensees).toEqual(LICENSEES);
    expect(Object.keys(config.crawler.resolve).sort()).toEqual([...FIXTURE_HOSTS].sort());
    const hosts = new Set(PLANTED.map((p) => p.host));
    for (const host of hosts)
      expect(
        TARGET_SITES.some((t) => t.startUrls.some((u) => new URL(u).hostname === host)),
        host,
      ).toBe(true);
  });
});
