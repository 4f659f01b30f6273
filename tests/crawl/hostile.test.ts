/**
 * Each hostile host of the fixture web: the crawl finishes, records the reason for every page
 * that failed, keeps every good page, and stays inside its limits (the time limit ends what
 * would otherwise run for minutes; caps keep memory far below what the host sends).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.ts';
import { ARTICLES, HOSTILE_HOSTS as H, HOSTILE_SIZES, startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';
import { collect, fastCrawler } from './collect.ts';

let web: FixtureWeb;
beforeAll(async () => {
  web = await startFixtureWeb();
});
afterAll(() => web.close());

const u = (host: string, path = '/') => `http://${host}${path}`;
const site = (host: string, extra: Record<string, unknown> = {}) => ({ name: host, startUrls: [u(host)], ...extra });

/** Samples the process's RSS while `fn` runs; returns the growth over the starting value. */
async function rssGrowth<T>(fn: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const result = await fn();
    return { result, growth: peak - before };
  } finally {
    clearInterval(timer);
  }
}

describe('hostile hosts', () => {
  it('slow: a body dripped a byte at a time is cut at the time limit; the slow-but-fine page is kept', async () => {
    const c = await collect(fastCrawler(web, { timeoutMs: 1000 }), site(H.slow));
    expect([...c.pages.keys()].sort()).toEqual([u(H.slow), u(H.slow, '/good/1.html'), u(H.slow, '/good/2.html'), u(H.slow, '/slowish.html')].sort());
    expect(c.failed.get(u(H.slow, '/slow.html'))).toMatchObject({ code: 'CRAWL_TIMEOUT', message: `${u(H.slow, '/slow.html')} did not answer within 1000 ms` });
    // the server would drip for two minutes; the crawl is bounded by its 1 s limit
    expect(c.ms).toBeLessThan(HOSTILE_SIZES.dripMaxMs / 8);
  });

  it('hang: pages that never answer time out, the host is abandoned after 5 in a row, the rest is skipped with the reason', async () => {
    const c = await collect(fastCrawler(web, { timeoutMs: 500, perHost: 1 }), site(H.hang));
    expect([...c.pages.keys()].sort()).toEqual([u(H.hang), u(H.hang, '/good/1.html'), u(H.hang, '/good/2.html')]);
    expect([...c.failed.values()].map((e) => e.code)).toEqual(Array(5).fill('CRAWL_TIMEOUT'));
    expect(c.abandoned).toEqual([
      {
        type: 'host-abandoned',
        host: `http://${H.hang}`,
        reason: `5 failures in a row, the last: CRAWL_TIMEOUT: ${u(H.hang, '/hang/5.html')} did not answer within 500 ms`,
      },
    ]);
    expect([...c.skipped.keys()]).toEqual([6, 7, 8].map((i) => u(H.hang, `/hang/${i}.html`)));
    expect([...c.skipped.values()].every((s) => s.kind === 'host-abandoned' && s.reason.startsWith('host abandoned: 5 failures in a row'))).toBe(true);
    expect(c.stats.hostsAbandoned).toHaveLength(1);
  });

  it('flaky: 503 and 429 with Retry-After are retried until they answer; a host that stays down fails with its status', async () => {
    const c = await collect(fastCrawler(web, { timeoutMs: 4000 }), site(H.flaky));
    for (const p of ['/flaky/1.html', '/flaky/2.html', '/flaky/3.html', '/reset.html', '/good/1.html']) {
      expect(c.pages.get(u(H.flaky, p))?.status, p).toBe(200);
    }
    expect(c.pages.get(u(H.flaky, '/flaky/1.html'))!.attempts).toBe(2);
    expect(c.failed.get(u(H.flaky, '/always.html'))).toMatchObject({
      code: 'CRAWL_HTTP_STATUS',
      status: 503,
      message: `${u(H.flaky, '/always.html')} answered HTTP 503 3 times (retries exhausted)`,
    });
    expect(c.failed.size).toBe(1);
    const log = web.requests.filter((r) => r.host === H.flaky && r.path === '/flaky/2.html');
    expect(log.map((r) => r.status).slice(-2)).toEqual([429, 200]);
    // Retry-After: 1 was waited out (within 10%: arrival times carry event-loop jitter)
    expect(log.at(-1)!.time - log.at(-2)!.time).toBeGreaterThanOrEqual(900);
  });

  it('loop: redirect loops and endless chains stop with the chain named; private targets are refused; good redirects are kept', async () => {
    const c = await collect(fastCrawler(web), site(H.loop));
    expect(c.failed.get(u(H.loop, '/loop/a'))).toMatchObject({
      code: 'CRAWL_REDIRECT',
      message: `redirect loop: ${u(H.loop, '/loop/a')} → ${u(H.loop, '/loop/b')} → /loop/a`,
    });
    expect(c.failed.get(u(H.loop, '/chain/0'))!.message).toMatch(/^more than 5 redirects: /);
    expect(c.failed.get(u(H.loop, '/to-private'))).toMatchObject({ code: 'CRAWL_PRIVATE_ADDRESS' });
    expect(c.failed.get(u(H.loop, '/to-metadata'))).toMatchObject({ code: 'CRAWL_PRIVATE_ADDRESS' });
    const moved = c.pages.get(u(H.loop, '/moved'))!;
    expect(moved).toMatchObject({ finalUrl: u(H.loop, '/good/2.html'), redirects: [u(H.loop, '/moved')], status: 200 });
    expect(c.pages.has(u(H.loop, '/good/1.html'))).toBe(true);
    expect(web.requests.filter((r) => r.host === H.loop && r.path.startsWith('/chain/')).length).toBeLessThanOrEqual(6);
  });

  it('huge: a streamed 8 MB page and a declared one are refused at the 5 MB cap', async () => {
    const { result: c, growth } = await rssGrowth(() => collect(fastCrawler(web), site(H.huge)));
    expect(c.failed.get(u(H.huge, '/huge.html'))).toMatchObject({
      code: 'CRAWL_TOO_LARGE',
      message: `${u(H.huge, '/huge.html')} is larger than the 5242880-byte limit`,
    });
    expect(c.failed.get(u(H.huge, '/huge-declared.html'))).toMatchObject({
      code: 'CRAWL_TOO_LARGE',
      message: `${u(H.huge, '/huge-declared.html')} is ${HOSTILE_SIZES.huge} bytes, above the 5242880-byte limit`,
    });
    expect([...c.pages.keys()].sort()).toEqual([u(H.huge), u(H.huge, '/good/1.html'), u(H.huge, '/good/2.html')]);
    expect(growth).toBeLessThan(64 * 1024 * 1024);
  });

  it('bomb: 200 MB of gzipped zeros is stopped at the decompression cap, not inflated', async () => {
    // The time cap is not what is tested here: a generous one, so a busy machine inflating up to the
    // cap slowly still meets the cap first.
    const { result: c, growth } = await rssGrowth(() => collect(fastCrawler(web, { timeoutMs: 60_000 }), site(H.bomb)));
    expect(c.failed.get(u(H.bomb, '/bomb.html'))).toMatchObject({
      code: 'CRAWL_TOO_LARGE',
      message: `${u(H.bomb, '/bomb.html')} is larger than the 5242880-byte limit once decompressed`,
    });
    expect([...c.pages.keys()].sort()).toEqual([u(H.bomb), u(H.bomb, '/good/1.html'), u(H.bomb, '/good/2.html')]);
    expect(growth).toBeLessThan(HOSTILE_SIZES.bomb / 3);
  });

  it('malformed: broken, absurdly nested and binary pages are fetched and reported like any page (the extractor judges them)', async () => {
    const c = await collect(fastCrawler(web), site(H.malformed));
    expect([...c.pages.keys()].sort()).toEqual(['/', '/binary.html', '/broken.html', '/deep.html', '/good/1.html'].map((p) => u(H.malformed, p)).sort());
    expect(c.failed.size).toBe(0);
    expect(c.pages.get(u(H.malformed, '/deep.html'))!.size).toBeGreaterThan(250_000);
    expect(c.pages.get(u(H.malformed, '/binary.html'))!.size).toBe(4096);
    const binary = extract(c.pages.get(u(H.malformed, '/binary.html'))!.body);
    expect(binary.ok ? null : binary.reason).toBe('not-html');
  });

  it('charset: GBK bytes declared UTF-8 are kept as received and still extract right', async () => {
    const c = await collect(fastCrawler(web), site(H.charset));
    const page = c.pages.get(u(H.charset, '/wrong.html'))!;
    expect(page.contentType).toBe('text/html; charset=utf-8');
    const result = extract(page.body, { contentType: page.contentType });
    expect(result.ok && result.article.paragraphs).toEqual(ARTICLES[1].paragraphs);
  });

  it('calendar: an endless calendar is cut by the trap guards, each trapped URL recorded', async () => {
    const c = await collect(fastCrawler(web), site(H.calendar, { maxDepth: 50 }));
    const reasons = [...c.skipped.values()].map((s) => s.reason);
    expect(reasons.some((r) => /^trap: calendar date 2024[-/]0[7-9] out of range$/.test(r))).toBe(true);
    expect(reasons.some((r) => r === 'trap: more than 50 query variants of /calendar')).toBe(true);
    expect([...c.skipped.values()].every((s) => s.kind === 'trap')).toBe(true);
    expect(c.stats.truncated).toBe(false);
    expect(c.pages.size).toBeLessThan(200);
    expect(c.pages.has(u(H.calendar, '/good/1.html'))).toBe(true);
  });

  it('noindex: a robots.txt that disallows everything: nothing is fetched, every URL skipped with the reason', async () => {
    const before = web.requests.filter((r) => r.host === H.noindex).length;
    const c = await collect(fastCrawler(web), site(H.noindex));
    expect(c.pages.size).toBe(0);
    expect(c.skipped.get(u(H.noindex))).toMatchObject({ kind: 'robots', reason: 'robots: disallowed by robots.txt (line 2)' });
    expect(
      web.requests
        .filter((r) => r.host === H.noindex)
        .slice(before)
        .map((r) => r.path),
    ).toEqual(['/robots.txt']);
  });

  it('session: links carrying session ids are not followed', async () => {
    const c = await collect(fastCrawler(web), site(H.session));
    expect([...c.skipped.values()].map((s) => s.reason)).toEqual([
      'trap: session id in the URL path',
      'trap: session id in the URL (PHPSESSID=)',
      'trap: session id in the URL (sid=)',
      'trap: session id in the URL (sessionid=)',
    ]);
    expect([...c.pages.keys()].sort()).toEqual([u(H.session), u(H.session, '/good/1.html')]);
  });

  it('repeat: repeating path segments and ever-longer URLs are stopped', async () => {
    const c = await collect(fastCrawler(web), site(H.repeat, { maxDepth: 20 }));
    expect(c.skipped.get(u(H.repeat, '/a/b/a/b/a/b/'))).toMatchObject({ kind: 'trap', reason: 'trap: repeating path segments (/a/b 3 times in a row)' });
    expect([...c.skipped.values()].some((s) => s.reason === 'trap: URL longer than 1000 characters')).toBe(true);
    expect(c.pages.has(u(H.repeat, '/good/1.html'))).toBe(true);
    expect(c.pages.size).toBeLessThan(20);
  });

  it('types: PDFs, JSON and images are refused by Content-Type (file links by extension are not even fetched); text and untyped pages are kept', async () => {
    const c = await collect(fastCrawler(web), site(H.types));
    expect(c.failed.get(u(H.types, '/report'))).toMatchObject({
      code: 'CRAWL_CONTENT_TYPE',
      message: `${u(H.types, '/report')} is application/pdf, not an HTML or text page`,
    });
    expect(c.failed.get(u(H.types, '/data'))!.code).toBe('CRAWL_CONTENT_TYPE');
    expect(c.failed.get(u(H.types, '/photo'))!.code).toBe('CRAWL_CONTENT_TYPE');
    for (const p of ['/plain.txt', '/noctype', '/good/1.html']) expect(c.pages.has(u(H.types, p)), p).toBe(true);
    expect(web.requests.some((r) => r.host === H.types && r.path === '/file.pdf')).toBe(false);
  });
});
