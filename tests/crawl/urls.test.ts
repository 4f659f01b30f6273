import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { editionUrls, MemoryFrontier, normalizeUrl, siteDomain, staticTrapReason, TrapGuard } from '../../src/crawl/index.ts';
import { Scope } from '../../src/crawl/scope.ts';
import { discoverLinks } from '../../src/crawl/links.ts';
import { gunzipIfNeeded, parseXmlLinks } from '../../src/crawl/xml-links.ts';
import { HashSet64 } from '../../src/crawl/hash-set.ts';
import { encodePage } from '../support/web/html.ts';

const NOW = new Date('2023-06-01T00:00:00Z');

describe('normalizeUrl', () => {
  it('gives one spelling per page', () => {
    expect(normalizeUrl('HTTP://Example.COM:80/a/./b/../c?b=2&a=1#frag')).toBe('http://example.com/a/c?a=1&b=2');
    expect(normalizeUrl('https://example.com:443')).toBe('https://example.com/');
    expect(normalizeUrl('https://example.com:8443/x')).toBe('https://example.com:8443/x');
    expect(normalizeUrl('http://example.com./x')).toBe('http://example.com/x');
    expect(normalizeUrl('http://user:pw@example.com/x')).toBe('http://example.com/x');
    expect(normalizeUrl('http://example.com/%e4%b8%ad')).toBe('http://example.com/%E4%B8%AD');
  });

  it('drops tracking parameters and keeps the others sorted', () => {
    expect(normalizeUrl('http://a.test/p?utm_source=x&id=3&spm=a2c.1&fbclid=z&gclid=q&utm_medium=m&cat=b')).toBe('http://a.test/p?cat=b&id=3');
    expect(normalizeUrl('http://a.test/p?utm_campaign=x')).toBe('http://a.test/p');
  });

  it('resolves relative links and refuses what is not http(s)', () => {
    expect(normalizeUrl('../x.html', 'http://a.test/a/b/c.html')).toBe('http://a.test/a/x.html');
    expect(normalizeUrl('//b.test/y', 'https://a.test/')).toBe('https://b.test/y');
    expect(normalizeUrl('mailto:x@a.test')).toBeNull();
    expect(normalizeUrl('javascript:void(0)', 'http://a.test/')).toBeNull();
    expect(normalizeUrl('file:///etc/passwd')).toBeNull();
    expect(normalizeUrl('http://[::1')).toBeNull();
  });
});

describe('discoverLinks on absurd nesting', () => {
  it('reads 400,000 unclosed <div>s (2 MB) like any page: the links around them are found, in the test time limit', () => {
    const html = `<a href="/before">b</a>${'<div>'.repeat(400_000)}<a href="/after">a</a>`;
    const { links } = discoverLinks(Buffer.from(html), 'http://deep.test/', 'text/html');
    expect(links).toContain('http://deep.test/before');
  });
});

describe('trap guards', () => {
  it('refuses very long URLs, session ids, repeating segments and far calendar dates', () => {
    expect(staticTrapReason(`http://a.test/${'x'.repeat(1000)}`, NOW)).toMatch(/longer than 1000/);
    expect(staticTrapReason('http://a.test/p.jsp;jsessionid=0123456789ABCDEF', NOW)).toMatch(/session id/);
    expect(staticTrapReason('http://a.test/p?PHPSESSID=0123456789abcdef', NOW)).toMatch(/session id.*PHPSESSID/);
    expect(staticTrapReason('http://a.test/p?sid=0123456789abcdef0123', NOW)).toMatch(/session id/);
    expect(staticTrapReason('http://a.test/a/b/a/b/a/b/', NOW)).toMatch(/repeating path segments/);
    expect(staticTrapReason('http://a.test/x/x/x/x/x/', NOW)).toMatch(/"x" 5 times/);
    expect(staticTrapReason('http://a.test/calendar?month=2031-02', NOW)).toMatch(/calendar date 2031-02 out of range/);
    expect(staticTrapReason('http://a.test/events/1950/01/', NOW)).toMatch(/calendar date 1950\/01 out of range/);
  });

  it('lets ordinary URLs through, numeric ids and e-paper dates included', () => {
    for (const url of [
      'http://a.test/html/2023-01/09/node_1.htm',
      'http://a.test/p/190001',
      'http://a.test/news/2023/0111/8811.html',
      'http://a.test/a/b/c/a/b/',
      'http://a.test/s?q=1&sort=new',
    ]) {
      expect(staticTrapReason(url, NOW)).toBeNull();
    }
  });

  it('stops an endless generator: query variants of one path, pages of one calendar pattern', () => {
    const guard = new TrapGuard(undefined, () => NOW);
    const reasons = Array.from({ length: 60 }, (_, i) => guard.check(`http://a.test/list?page=${i}`));
    expect(reasons.slice(0, 50).every((r) => r === null)).toBe(true);
    expect(reasons[50]).toMatch(/more than 50 query variants of \/list/);
    const months = Array.from({ length: 120 }, (_, i) => guard.check(`http://a.test/events/${2000 + Math.floor(i / 12)}/${(i % 12) + 1}/`));
    expect(months.filter((r) => r === null)).toHaveLength(100);
    expect(months[100]).toMatch(/calendar-like pattern/);
  });
});

describe('scope', () => {
  it('approximates the registrable domain', () => {
    expect(siteDomain('epaper.shihua-chenbao.test')).toBe('shihua-chenbao.test');
    expect(siteDomain('example.com')).toBe('example.com');
    expect(siteDomain('news.example.com.cn')).toBe('example.com.cn');
    expect(siteDomain('example.co.uk')).toBe('example.co.uk');
    expect(siteDomain('127.0.0.1')).toBe('127.0.0.1');
  });

  it('keeps the site and its sister subdomains, applies include/exclude, skips files that are not pages', () => {
    const scope = new Scope({ sameSite: true, include: [], exclude: ['/login'], maxDepth: 3 }, ['http://epaper.shihua-chenbao.test/']);
    expect(scope.reject('http://epaper.shihua-chenbao.test/a.htm')).toBeNull();
    expect(scope.reject('http://www.shihua-chenbao.test/a.htm')).toBeNull();
    expect(scope.reject('http://shihua-chenbao.test.evil.test/')).toBe('out-of-site');
    expect(scope.reject('http://other.test/')).toBe('out-of-site');
    expect(scope.reject('http://epaper.shihua-chenbao.test/login')).toBe('excluded');
    expect(scope.reject('http://epaper.shihua-chenbao.test/pdf/01.pdf')).toBe('not-a-page');
    const included = new Scope({ sameSite: false, include: ['/content_'], exclude: [], maxDepth: 3 }, ['http://a.test/']);
    expect(included.reject('http://other.test/content_1.htm')).toBeNull();
    expect(included.reject('http://a.test/node_1.htm')).toBe('not-included');
  });
});

describe('link discovery', () => {
  it('finds a, area and frame links against <base href>, in the page charset, http(s) only', () => {
    const html = `<html><head><meta charset="gbk"><base href="http://a.test/html/2023-01/09/"><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>
<a href="content_1.htm#top">一</a><a href="../10/node_1.htm?utm_source=x">二</a><map><area href="content_2.htm"></map>
<a href="mailto:x@a.test">mail</a><a href="javascript:go()">js</a><a href="中文页.htm">中文</a><iframe src="http://b.test/frame"></iframe></body></html>`;
    const found = discoverLinks(encodePage(html, 'gbk'), 'http://a.test/index.htm', 'text/html');
    expect(found.links).toEqual([
      'http://a.test/html/2023-01/09/content_1.htm',
      'http://a.test/html/2023-01/10/node_1.htm',
      'http://a.test/html/2023-01/09/content_2.htm',
      'http://a.test/html/2023-01/09/%E4%B8%AD%E6%96%87%E9%A1%B5.htm',
      'http://b.test/frame',
    ]);
    expect(found.feeds).toEqual(['http://a.test/rss.xml']);
  });

  it('follows no links from a page that asks robots not to', () => {
    const html = '<html><head><meta name="robots" content="noindex, nofollow"></head><body><a href="/x">x</a></body></html>';
    expect(discoverLinks(Buffer.from(html), 'http://a.test/', null).links).toEqual([]);
  });
});

describe('sitemaps and feeds', () => {
  it('reads urlsets, sitemap indexes, RSS and Atom', () => {
    const urlset =
      '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> http://a.test/1 </loc></url><url><loc>http://a.test/2?utm_source=s</loc></url></urlset>';
    expect(parseXmlLinks(Buffer.from(urlset), 'http://a.test/sitemap.xml')).toEqual({
      kind: 'urlset',
      pages: ['http://a.test/1', 'http://a.test/2'],
      sitemaps: [],
    });
    const index = '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://a.test/s1.xml.gz</loc></sitemap></sitemapindex>';
    expect(parseXmlLinks(Buffer.from(index), 'http://a.test/')).toMatchObject({ kind: 'sitemapindex', sitemaps: ['http://a.test/s1.xml.gz'] });
    const rss = '<rss version="2.0"><channel><link>http://a.test/</link><item><title>t</title><link>http://a.test/item1</link></item></channel></rss>';
    expect(parseXmlLinks(Buffer.from(rss), 'http://a.test/')).toMatchObject({ kind: 'rss', pages: ['http://a.test/item1'] });
    const atom =
      '<feed xmlns="http://www.w3.org/2005/Atom"><link href="http://a.test/"/><entry><link rel="alternate" href="/e1"/><link rel="edit" href="/edit/e1"/></entry></feed>';
    expect(parseXmlLinks(Buffer.from(atom), 'http://a.test/atom.xml')).toMatchObject({ kind: 'atom', pages: ['http://a.test/e1'] });
  });

  it('gunzips a gzipped sitemap, and stops a gzip bomb at the cap', () => {
    expect(gunzipIfNeeded(gzipSync('<urlset/>'), 1000, 'u').toString()).toBe('<urlset/>');
    expect(() => gunzipIfNeeded(gzipSync(Buffer.alloc(10_000_000)), 1_000_000, 'http://a.test/s.xml.gz')).toThrow(
      /larger than the 1000000-byte limit once gunzipped/,
    );
  });
});

describe('e-paper editions', () => {
  it('generates every page of every edition in the range, newest first', () => {
    const urls = editionUrls({ urlTemplate: 'http://e.test/html/{yyyy}-{mm}/{dd}/node_{page}.htm', pages: '1-2', from: '2023-01-30', to: '2023-02-01' }, NOW);
    expect(urls).toEqual([
      'http://e.test/html/2023-02/01/node_1.htm',
      'http://e.test/html/2023-02/01/node_2.htm',
      'http://e.test/html/2023-01/31/node_1.htm',
      'http://e.test/html/2023-01/31/node_2.htm',
      'http://e.test/html/2023-01/30/node_1.htm',
      'http://e.test/html/2023-01/30/node_2.htm',
    ]);
    expect(editionUrls({ urlTemplate: 'http://e.test/{yyyy}{mm}{dd}/{page2}.htm', pages: [3, 3], from: '2023-05-31', to: 'today' }, NOW)).toEqual([
      'http://e.test/20230601/03.htm',
      'http://e.test/20230531/03.htm',
    ]);
  });
});

describe('frontier', () => {
  it('queues breadth first and de-duplicates', () => {
    const f = new MemoryFrontier();
    expect(f.push({ url: 'http://a.test/1', depth: 0, kind: 'page' })).toBe(true);
    expect(f.push({ url: 'http://a.test/2', depth: 1, kind: 'sitemap' })).toBe(true);
    expect(f.push({ url: 'http://a.test/1', depth: 2, kind: 'page' })).toBe(false);
    expect(f.markSeen('http://a.test/3')).toBe(true);
    expect(f.push({ url: 'http://a.test/3', depth: 0, kind: 'page' })).toBe(false);
    expect(f.size()).toBe(2);
    expect(f.pop()).toEqual({ url: 'http://a.test/1', depth: 0, kind: 'page' });
    expect(f.pop()).toEqual({ url: 'http://a.test/2', depth: 1, kind: 'sitemap' });
    expect(f.pop()).toBeUndefined();
    expect(f.seen('http://a.test/1')).toBe(true);
  });

  it('holds 200,000 URLs in order, and refuses pushes beyond its bound', () => {
    const f = new MemoryFrontier({ maxPending: 200_000 });
    for (let i = 0; i < 200_000; i++) f.push({ url: `http://big.test/p/${i}`, depth: i % 4, kind: 'page' });
    expect(f.push({ url: 'http://big.test/over', depth: 0, kind: 'page' })).toBe(false);
    expect(f.dropped).toBe(1);
    let outOfOrder = 0;
    for (let i = 0; i < 200_000; i++) if (f.pop()!.url !== `http://big.test/p/${i}`) outOfOrder++;
    expect(outOfOrder).toBe(0);
    expect(f.size()).toBe(0);
  });

  it('keeps the seen set as hashes that grow without losing members', () => {
    const set = new HashSet64(4);
    let wrong = 0;
    for (let i = 0; i < 50_000; i++) if (!set.add(`u${i}`)) wrong++;
    for (let i = 0; i < 50_000; i++) if (set.add(`u${i}`)) wrong++;
    expect(wrong).toBe(0);
    expect(set.size).toBe(50_000);
    expect(set.has('u-none')).toBe(false);
  });
});
