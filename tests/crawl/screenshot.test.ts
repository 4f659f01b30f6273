/**
 * Screenshots of suspect pages with the real headless Chromium (Debian's /usr/bin/chromium)
 * against the fixture web: the page's own scripts, style sheet and data load; a third-party
 * origin, the server's loopback address by IP, a WebSocket and a POST are refused and never
 * reach the server; a page at a private address (by IP, or by a name resolving to one) is not
 * rendered; a tall page is cut at the height limit; without Chromium the reason is given.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageScreenshots, type ScreenshotOptions } from '../../src/crawl/screenshot.ts';
import { HOSTILE_HOSTS, startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';

const CHROMIUM = process.env.COPYWATCH_CHROMIUM ?? '/usr/bin/chromium';

let web: FixtureWeb;
let shots: PageScreenshots;

function options(over: Partial<ScreenshotOptions> = {}): ScreenshotOptions {
  return {
    executable: CHROMIUM,
    // Generous: the first screenshot launches Chromium on a loaded machine.
    timeoutMs: 90_000,
    width: 1280,
    maxHeight: 16_000,
    maxRequests: 100,
    maxTotalBytes: 20 * 1024 * 1024,
    crawler: { userAgent: 'copywatch-test', maxBytes: 5 * 1024 * 1024, timeoutMs: 15_000, resolve: web.resolve, allowHosts: [], allowPrivate: false },
    ...over,
  };
}

/** The width and height a PNG's IHDR declares. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`the screenshot tests need Debian's Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  web = await startFixtureWeb();
  shots = new PageScreenshots(options());
});

afterAll(async () => {
  await shots?.close();
  await web?.close();
});

describe('screenshots in headless Chromium', () => {
  it('renders the page with its own scripts and refuses every other origin, loopback by IP, WebSockets and POSTs', async () => {
    const before = web.requests.length;
    const r = await shots.take(web.url(HOSTILE_HOSTS.scripted, '/scripted.html'));
    if (!r.ok) throw new Error(r.reason);
    expect(pngSize(r.png)).toMatchObject({ width: 1280 });
    expect(r.sha256).toBe(createHash('sha256').update(r.png).digest('hex'));
    expect(r.cut).toBe(false);

    const seen = web.requests.slice(before);
    const paths = seen.filter((q) => q.host === HOSTILE_HOSTS.scripted).map((q) => q.path);
    // The script ran: it asked for the data (same origin), through the crawler's client.
    expect(paths).toEqual(expect.arrayContaining(['/scripted.html', '/style.css', '/app.js', '/data.json']));
    expect(paths).not.toContain('/beacon-post');
    expect(paths).not.toContain('/socket');
    // Nothing reached the third party or the server by its loopback address.
    expect(seen.filter((q) => q.host !== HOSTILE_HOSTS.scripted)).toEqual([]);

    const blocked = r.blocked.join('\n');
    expect(blocked).toContain(`http://${HOSTILE_HOSTS.tracker}/pixel.gif (another origin)`);
    expect(blocked).toContain(`http://${HOSTILE_HOSTS.tracker}/beacon?from=script (another origin)`);
    expect(blocked).toContain(`http://127.0.0.1:${web.port}/private-probe (another origin)`);
    expect(blocked).toContain(`http://127.0.0.1:${web.port}/private-image (another origin)`);
    expect(blocked).toContain(`ws://${HOSTILE_HOSTS.scripted}/socket (WebSocket)`);
    expect(blocked).toContain(`http://${HOSTILE_HOSTS.scripted}/beacon-post (POST is not fetched)`);
  });

  it('does not render a page at a private address, by IP or by a name that resolves to one', async () => {
    const before = web.requests.length;
    const byIp = await shots.take(`http://127.0.0.1:${web.port}/scripted.html`);
    expect(byIp).toMatchObject({ ok: false });
    if (!byIp.ok) expect(byIp.reason).toContain('CRAWL_PRIVATE_ADDRESS');

    const rebinding = new PageScreenshots(options({ lookup: async () => [{ address: '127.0.0.1', family: 4 }] }));
    try {
      const byName = await rebinding.take(`http://rebind.example.test:${web.port}/scripted.html`);
      expect(byName).toMatchObject({ ok: false });
      if (!byName.ok) expect(byName.reason).toMatch(/CRAWL_PRIVATE_ADDRESS: rebind\.example\.test \(127\.0\.0\.1\) is a loopback address/);
    } finally {
      await rebinding.close();
    }
    expect(web.requests.slice(before)).toEqual([]);
  });

  it('cuts a page taller than the limit, and says so', async () => {
    const short = new PageScreenshots(options({ maxHeight: 2000 }));
    try {
      const r = await short.take(web.url(HOSTILE_HOSTS.scripted, '/tall.html'));
      if (!r.ok) throw new Error(r.reason);
      expect(r).toMatchObject({ cut: true, height: 2000 });
      expect(pngSize(r.png)).toEqual({ width: 1280, height: 2000 });
    } finally {
      await short.close();
    }
  });

  it('without Chromium, says the screenshot is missing and why', async () => {
    const none = new PageScreenshots(options({ executable: '/nonexistent/chromium' }));
    expect(await none.take(web.url(HOSTILE_HOSTS.scripted, '/scripted.html'))).toEqual({
      ok: false,
      reason: 'no Chromium at /nonexistent/chromium (install it: apt-get install -y chromium, or set evidence.chromium)',
    });
  });
});
