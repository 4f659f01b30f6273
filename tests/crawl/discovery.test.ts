/** Discovery and scope on the fixture publisher and portals: links, sitemaps, feeds, e-paper editions, recrawls. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviousFetch } from '../../src/crawl/index.ts';
import {
  ARTICLES,
  COPY_HOSTS,
  EPAPER_URL_TEMPLATE,
  PUBLISHER_HOST,
  PUBLISHER_ORIGIN,
  publisherUrl,
  startFixtureWeb,
  type FixtureWeb,
} from '../support/web/index.ts';
import { publisherPages } from '../support/web/sites/publisher.ts';
import { collect, fastCrawler } from './collect.ts';

let web: FixtureWeb;
beforeAll(async () => {
  web = await startFixtureWeb();
});
afterAll(() => web.close());

const articleUrls = ARTICLES.map(publisherUrl).sort();
const pagesOf = (c: { pages: Map<string, unknown> }, re: RegExp) => [...c.pages.keys()].filter((u) => re.test(u)).sort();

describe('discovery', () => {
  it('follows links from the start page to every edition page and article, and keeps the evidence', async () => {
    const c = await collect(fastCrawler(web), { name: 'epaper', startUrls: [`${PUBLISHER_ORIGIN}/`], sitemaps: [], maxDepth: 4 });
    expect(pagesOf(c, /content_/)).toEqual(articleUrls);
    expect(pagesOf(c, /node_\d+\.htm$/)).toHaveLength(11);
    expect(c.failed.size).toBe(0);
    const page = c.pages.get(publisherUrl(ARTICLES[0]))!;
    const bytes = publisherPages().get(new URL(page.finalUrl).pathname)!.bytes;
    expect(page).toMatchObject({ status: 200, capturedAt: '2023-06-01T00:00:00.000Z', remoteAddress: `127.0.0.1:${web.port}`, site: 'epaper', kind: 'page' });
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.body.equals(bytes)).toBe(true);
    expect(page.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    // the disallowed forms and the PDF links cost no request
    expect(web.requests.some((r) => r.host === PUBLISHER_HOST && /^\/(login|search|pdf)/.test(r.path))).toBe(false);
  });

  it('reads the sitemap index named by robots.txt, its gzipped child included', async () => {
    const c = await collect(fastCrawler(web), { name: 's', sitemaps: [`${PUBLISHER_ORIGIN}/sitemap.xml`], maxDepth: 0 });
    expect(c.stats.sitemaps).toBe(3);
    expect(pagesOf(c, /content_/)).toEqual(articleUrls);
    expect(pagesOf(c, /node_/)).toHaveLength(11);
    // from the start page alone, robots.txt's Sitemap line leads to the same index
    const fromRobots = await collect(fastCrawler(web), { name: 'r', startUrls: [`${PUBLISHER_ORIGIN}/`], maxDepth: 0 });
    expect(fromRobots.stats.sitemaps).toBe(3);
    expect(pagesOf(fromRobots, /content_/)).toEqual(articleUrls);
  });

  it('reads RSS and Atom feeds', async () => {
    const rss = await collect(fastCrawler(web, { respectRobots: false }), {
      name: 'rss',
      feeds: [`${PUBLISHER_ORIGIN}/rss.xml`],
      maxDepth: 0,
      sitemaps: [`${PUBLISHER_ORIGIN}/none.xml`],
    });
    expect(rss.stats.feeds).toBe(1);
    expect(pagesOf(rss, /content_/)).toHaveLength(10);
    const atom = await collect(fastCrawler(web, { respectRobots: false }), { name: 'atom', feeds: [`http://${COPY_HOSTS.portalA}/atom.xml`], maxDepth: 0 });
    expect(atom.stats.feeds).toBe(1);
    expect(pagesOf(atom, /\/(news|zt)\//)).toHaveLength(8); // every story of the portal, the hostile copy included
  });

  it('crawls e-paper editions by date and page, recording the pages an edition does not have', async () => {
    const c = await collect(fastCrawler(web, { respectRobots: false }), {
      name: 'editions',
      sitemaps: [`${PUBLISHER_ORIGIN}/none.xml`],
      maxDepth: 1,
      epaper: { urlTemplate: EPAPER_URL_TEMPLATE, pages: 4, from: '2023-01-10', to: '2023-01-11' },
    });
    const editions = [...c.pages.values()]
      .filter((p) => p.kind === 'edition')
      .map((p) => p.requestedUrl)
      .sort();
    expect(editions).toEqual(
      ['10/node_1', '10/node_2', '10/node_3', '11/node_1', '11/node_2', '11/node_3'].map((x) => `${PUBLISHER_ORIGIN}/html/2023-01/${x}.htm`),
    );
    expect(
      [...c.skipped.values()]
        .filter((s) => s.kind === 'edition-missing')
        .map((s) => s.url)
        .sort(),
    ).toEqual([`${PUBLISHER_ORIGIN}/html/2023-01/10/node_4.htm`, `${PUBLISHER_ORIGIN}/html/2023-01/11/node_4.htm`]);
    const wanted = ARTICLES.filter((a) => a.date === '2023-01-10' || a.date === '2023-01-11')
      .map(publisherUrl)
      .sort();
    expect(pagesOf(c, /content_/)).toEqual(wanted);
  });

  it('keeps to maxDepth, maxPages, include and exclude, and the site', async () => {
    const start = { name: 'p', startUrls: [`http://${COPY_HOSTS.portalA}/`] };
    const depth0 = await collect(fastCrawler(web), { ...start, maxDepth: 0 });
    expect([...depth0.pages.keys()]).toEqual([`http://${COPY_HOSTS.portalA}/`]);
    const capped = await collect(fastCrawler(web), { ...start, maxPages: 3 });
    expect(capped.pages.size).toBe(3);
    expect(capped.stats.truncated).toBe(true);
    const only = await collect(fastCrawler(web), { ...start, include: ['/news/2023/01/'], exclude: ['city-metro'] });
    // start URLs are seeds: include and exclude apply to what is discovered from them
    const discovered = [...only.pages.keys()].filter((u) => u !== `http://${COPY_HOSTS.portalA}/`);
    expect(discovered.every((u) => u.includes('/news/2023/01/') && !u.includes('city-metro'))).toBe(true);
    expect(discovered).toHaveLength(6); // the portal's January stories but city-metro, the hostile copy included
    const partner = await collect(fastCrawler(web), { name: 'partner', startUrls: [`http://${COPY_HOSTS.partner}/`] });
    expect([...partner.pages.keys()].every((u) => new URL(u).hostname === COPY_HOSTS.partner)).toBe(true);
    expect(partner.stats.outOfScope).toBeGreaterThan(0);
  });

  it('recrawls incrementally: conditional requests answered 304, and unchanged bodies, are not-modified', async () => {
    const first = await collect(fastCrawler(web), { name: 'o', startUrls: [`http://${COPY_HOSTS.oldPartner}/`] });
    const previous = new Map<string, PreviousFetch>(
      [...first.pages.values()].map((p) => [p.requestedUrl, { etag: p.headers.etag, lastModified: p.headers['last-modified'], sha256: p.sha256, links: [] }]),
    );
    const before = web.requests.length;
    const second = await collect(fastCrawler(web, {}, { lookup: (url) => previous.get(url) }), { name: 'o', startUrls: [`http://${COPY_HOSTS.oldPartner}/`] });
    const notModified = second.events.filter((e) => e.type === 'not-modified');
    // the start page is fetched in full (its links lead to the rest); every other page answers 304
    expect(second.pages.size).toBe(1);
    expect(notModified.length).toBe(first.pages.size - 1);
    expect(notModified.every((e) => e.type === 'not-modified' && e.reason === '304')).toBe(true);
    expect(web.requests.slice(before).filter((r) => r.status === 304).length).toBe(notModified.length);
    // without an ETag, the same body hash says not-modified too (the body came, the caller skips reprocessing)
    const byHash = new Map([...previous].map(([u, p]) => [u, { sha256: p.sha256 }]));
    const third = await collect(fastCrawler(web, {}, { lookup: (url) => byHash.get(url) }), { name: 'o', startUrls: [`http://${COPY_HOSTS.oldPartner}/`] });
    const same = third.events.filter((e) => e.type === 'not-modified');
    expect(same.length).toBe(first.pages.size - 1);
    expect(same.every((e) => e.type === 'not-modified' && e.reason === 'same-body' && e.page!.status === 200)).toBe(true);
  });

  it('delivers events one at a time and waits for each (back-pressure)', async () => {
    let active = 0;
    let maxActive = 0;
    const crawler = fastCrawler(web);
    await crawler.crawl({ name: 'bp', startUrls: [`http://${COPY_HOSTS.portalB}/`] }, async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 2));
      active--;
    });
    expect(maxActive).toBe(1);
    await expect(
      crawler.crawl({ name: 'boom', startUrls: [`http://${COPY_HOSTS.portalB}/`] }, () => {
        throw new Error('store is full');
      }),
    ).rejects.toThrow('store is full');
  });
});
