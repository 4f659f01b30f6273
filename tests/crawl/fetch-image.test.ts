/** The crawler's image fetch: robots.txt, the byte cap, image types only, the destination guard, conditional requests. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Crawler } from '../../src/crawl/index.ts';
import { photoFile } from '../support/web/photos.ts';
import { startServer, type RunningServer } from '../support/web/server.ts';
import { rejectionOf } from '../support/errors.ts';

const HOST = 'images.fetch.test';
let server: RunningServer;
let crawler: Crawler;

beforeAll(async () => {
  server = await startServer([
    {
      host: HOST,
      route(req) {
        const path = req.url.pathname;
        if (path === '/robots.txt') return { type: 'text/plain', body: 'User-agent: *\nDisallow: /private/\n' };
        if (path === '/a.jpg' || path === '/private/a.jpg')
          return { type: 'image/jpeg', body: photoFile('refinery-dusk.jpg'), lastModified: new Date('2023-01-09T00:00:00Z') };
        if (path === '/page.jpg') return { type: 'text/html', body: '<html>not an image</html>' };
        return null;
      },
    },
  ]);
  crawler = new Crawler({ resolve: { [HOST]: `127.0.0.1:${server.port}` }, delayMs: 0, retries: 0, timeoutMs: 5000 });
});

afterAll(async () => {
  await crawler?.close();
  await server?.close();
});

describe('Crawler.fetchImage', () => {
  it('fetches an image with its validators, and answers a conditional request with not-modified', async () => {
    const got = await crawler.fetchImage(`http://${HOST}/a.jpg`, { maxBytes: 1 << 20 });
    expect(got.notModified).toBe(false);
    if (got.notModified) return;
    expect(got.record.body.equals(photoFile('refinery-dusk.jpg'))).toBe(true);
    expect(got.record.headers.etag).toMatch(/^"/);
    const again = await crawler.fetchImage(`http://${HOST}/a.jpg`, { maxBytes: 1 << 20, etag: got.record.headers.etag });
    expect(again).toEqual({ notModified: true });
    // robots.txt was read before the first image, once.
    expect(server.requests.filter((r) => r.path === '/robots.txt')).toHaveLength(1);
  });

  it('refuses what robots.txt disallows, an image over the byte cap, and a body that is no image, each with its code', async () => {
    expect(await rejectionOf(crawler.fetchImage(`http://${HOST}/private/a.jpg`, { maxBytes: 1 << 20 }))).toMatchObject({ code: 'CRAWL_ROBOTS' });
    expect(server.requests.some((r) => r.path === '/private/a.jpg')).toBe(false);
    expect(await rejectionOf(crawler.fetchImage(`http://${HOST}/a.jpg`, { maxBytes: 1000 }))).toMatchObject({ code: 'CRAWL_TOO_LARGE' });
    const page = await rejectionOf(crawler.fetchImage(`http://${HOST}/page.jpg`, { maxBytes: 1 << 20 }));
    expect(page).toMatchObject({ code: 'CRAWL_CONTENT_TYPE' });
    expect(page.message).toMatch(/is text\/html, not an image/);
    expect(await rejectionOf(crawler.fetchImage(`http://${HOST}/missing.jpg`, { maxBytes: 1 << 20 }))).toMatchObject({ code: 'CRAWL_HTTP_STATUS' });
  });

  it('refuses a private address that crawler.resolve does not name (the destination guard)', async () => {
    // With robots.txt, its fetch is refused first (the host is then not crawled); without, the image's own fetch is.
    const viaRobots = await rejectionOf(crawler.fetchImage(`http://127.0.0.1:${server.port}/a.jpg`, { maxBytes: 1 << 20 }));
    expect(viaRobots).toMatchObject({ code: 'CRAWL_ROBOTS' });
    expect(viaRobots.message).toMatch(/robots\.txt unavailable/);
    const bare = new Crawler({ resolve: { [HOST]: `127.0.0.1:${server.port}` }, delayMs: 0, retries: 0, respectRobots: false });
    try {
      expect(await rejectionOf(bare.fetchImage(`http://127.0.0.1:${server.port}/a.jpg`, { maxBytes: 1 << 20 }))).toMatchObject({
        code: 'CRAWL_PRIVATE_ADDRESS',
      });
      expect((await bare.fetchImage(`http://${HOST}/a.jpg`, { maxBytes: 1 << 20 })).notModified).toBe(false);
    } finally {
      await bare.close();
    }
    expect(server.requests.some((r) => r.host === '127.0.0.1')).toBe(false);
  });
});
