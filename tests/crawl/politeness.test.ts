/** robots.txt, per-host pace, Crawl-delay, the global limit, the User-Agent, robots expiry. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Crawler } from '../../src/crawl/index.ts';
import { HostPool } from '../../src/crawl/host-pool.ts';
import { COPY_HOSTS, HOSTILE_HOSTS as H, startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';
import { serve, type TestServer } from '../support/servers.ts';
import { collect, fastCrawler, FIXED_CLOCK } from './collect.ts';

let web: FixtureWeb;
let local: TestServer;
let localPort: number;
const robotsHits = new Map<string, number>();
let inFlight = 0;
let maxInFlight = 0;
const agents = new Set<string>();

beforeAll(async () => {
  web = await startFixtureWeb();
  local = await serve((req: IncomingMessage, res: ServerResponse) => {
    const host = String(req.headers.host).replace(/:\d+$/, '');
    if (host === 'a.test' || host === 'b.test') agents.add(String(req.headers['user-agent']));
    if (req.url === '/robots.txt') {
      robotsHits.set(host, (robotsHits.get(host) ?? 0) + 1);
      if (host === 'down.test') {
        res.writeHead(503);
        return res.end();
      }
      if (host === 'gone.test') {
        res.writeHead(404);
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('User-agent: *\nDisallow: /no\n\nUser-agent: copywatch\nDisallow: /not-for-copywatch\n');
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, { 'content-type': 'text/html' });
      const links =
        req.url === '/'
          ? Array.from({ length: 6 }, (_, i) => `<a href="/p${i}">p${i}</a>`).join('') + '<a href="/no">no</a><a href="/not-for-copywatch">x</a>'
          : '';
      res.end(`<html><body>${links}</body></html>`);
    }, 40);
  });
  localPort = Number(new URL(local.url).port);
});
afterAll(async () => {
  await web.close();
  await local.close();
});

const localResolve = () => Object.fromEntries(['a.test', 'b.test', 'down.test', 'gone.test', 'cache.test'].map((h) => [h, `127.0.0.1:${localPort}`]));

/** Gaps (ms) between the arrivals of consecutive requests to a host, robots.txt included. */
function gaps(host: string, since: number): number[] {
  const times = web.requests.filter((r) => r.host === host && r.time >= since).map((r) => r.time);
  return times.slice(1).map((t, i) => t - times[i]);
}

describe('politeness', () => {
  it("starts a host's next request its interval after the previous one ended, even when the global limit held it back", async () => {
    // One global slot, taken by a slow request to another host while host a waits its turn: a
    // turn booked before that wait would fire at once after it, on the heels of a's previous request.
    const pool = new HostPool({ concurrency: 1, perHost: 4, delayMs: 100, maxHostFailures: 5 });
    const a = pool.get('http://a.test');
    const b = pool.get('http://b.test');
    b.intervalMs = 0;
    const spans: Array<{ start: number; end: number }> = [];
    const sendA = (ms: number) => async () => {
      const start = performance.now();
      await new Promise((r) => setTimeout(r, ms));
      spans.push({ start, end: performance.now() });
    };
    await Promise.all([
      pool.request(a, sendA(30)),
      pool.request(b, () => new Promise((r) => setTimeout(r, 250))),
      pool.request(a, sendA(30)),
      pool.request(a, sendA(30)),
    ]);
    expect(spans).toHaveLength(3);
    for (let i = 1; i < spans.length; i++) expect(spans[i].start - spans[i - 1].end).toBeGreaterThanOrEqual(100);
  });

  it('honours Disallow and Crawl-delay: the host sees no two requests closer than its Crawl-delay', async () => {
    const since = performance.timeOrigin + performance.now();
    const c = await collect(fastCrawler(web, { perHost: 4 }), { name: 'd', startUrls: [`http://${H.delay}/`] });
    expect(c.skipped.get(`http://${H.delay}/private/secret.html`)).toMatchObject({ kind: 'robots', reason: 'robots: disallowed by robots.txt (line 3)' });
    expect(c.pages.size).toBe(5);
    const g = gaps(H.delay, since);
    expect(g.length).toBeGreaterThanOrEqual(5);
    // Crawl-delay: 0.3 s. A floor, not a speed measure, and exact: a request arrives here before it
    // ends, and the next starts 0.3 s after that end, however late the server's loop records either.
    expect(Math.min(...g)).toBeGreaterThanOrEqual(300);
  });

  it('spaces requests to one host by delayMs', async () => {
    const since = performance.timeOrigin + performance.now();
    await collect(new Crawler({ resolve: web.resolve, delayMs: 120, perHost: 1, timeoutMs: 2000 }, { clock: FIXED_CLOCK }), {
      name: 'o',
      startUrls: [`http://${COPY_HOSTS.oldPartner}/`],
    });
    const g = gaps(COPY_HOSTS.oldPartner, since);
    expect(g.length).toBeGreaterThanOrEqual(8);
    expect(Math.min(...g)).toBeGreaterThanOrEqual(120);
  });

  it('keeps the global limit over all hosts and the per-host limit, and sends the configured User-Agent', async () => {
    maxInFlight = 0;
    const crawler = new Crawler(
      { resolve: localResolve(), delayMs: 0, concurrency: 2, perHost: 2, userAgent: 'copywatch-test/9 (+http://example.test/contact)' },
      { clock: FIXED_CLOCK },
    );
    const [a, b] = await Promise.all([
      collect(crawler, { name: 'a', startUrls: ['http://a.test/'] }),
      collect(crawler, { name: 'b', startUrls: ['http://b.test/'] }),
    ]);
    expect(a.pages.size).toBe(7);
    expect(b.pages.size).toBe(7);
    expect(maxInFlight).toBeLessThanOrEqual(2);
    expect([...agents]).toEqual(['copywatch-test/9 (+http://example.test/contact)']);
    expect(a.skipped.get('http://a.test/no')).toMatchObject({ kind: 'robots' });
    // the group for our product token applies, not the * group
    expect(a.skipped.get('http://a.test/not-for-copywatch')).toMatchObject({ kind: 'robots' });
    await crawler.close();
  });

  it('reads a robots.txt that is missing (4xx) as allow-all, and one that fails (5xx) as disallow-all for the run', async () => {
    const crawler = new Crawler({ resolve: localResolve(), delayMs: 0, retries: 0 }, { clock: FIXED_CLOCK });
    const gone = await collect(crawler, { name: 'g', startUrls: ['http://gone.test/'] });
    expect(gone.pages.size).toBe(9);
    const down = await collect(crawler, { name: 'd', startUrls: ['http://down.test/'] });
    expect(down.pages.size).toBe(0);
    expect(down.skipped.get('http://down.test/')).toMatchObject({
      kind: 'robots',
      reason: 'robots: robots.txt unavailable (HTTP 503), the host is not crawled this run',
    });
    await crawler.close();
  });

  it('keeps robots.txt for its expiry, on the injected clock, then reads it again', async () => {
    let now = Date.parse('2023-06-01T00:00:00Z');
    const crawler = new Crawler({ resolve: localResolve(), delayMs: 0, robotsTtlMs: 3_600_000 }, { clock: () => new Date(now) });
    const site = { name: 'c', startUrls: ['http://cache.test/'], maxDepth: 0 };
    await collect(crawler, site);
    now += 30 * 60_000;
    await collect(crawler, site);
    expect(robotsHits.get('cache.test')).toBe(1);
    now += 31 * 60_000;
    await collect(crawler, site);
    expect(robotsHits.get('cache.test')).toBe(2);
    await crawler.close();
  });
});
