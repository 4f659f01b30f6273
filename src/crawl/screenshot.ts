/**
 * A picture of a suspect page as a reader saw it: a full-page PNG rendered by headless Chromium
 * (Debian's, never a downloaded one) through playwright-core. The page's scripts run, but the
 * browser itself reaches nothing: every request it makes is intercepted and either refused or
 * fetched here by the crawler's own HTTP client (the same destination guard, `crawler.resolve`
 * and `crawler.allowHosts`, at most `maxBytes` each) and handed back to it. Only GET requests to
 * the page's own origin are fetched; any other origin, method, WebSocket or service worker is
 * refused and named; a redirect of a sub-request is refused too (it could lead elsewhere).
 * Chromium's own name resolution is switched off (`--host-resolver-rules`), so a request that
 * escaped the interception could not connect anywhere. Time, size and height are capped.
 * Never throws: a missing browser or a failure is a reason, and the capture goes on without it.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Route } from 'playwright-core';
import { CopywatchError } from '../domain/index.ts';
import type { Lookup } from './connector.ts';
import { HttpClient } from './http-client.ts';

export interface ScreenshotOptions {
  /** The Chromium binary (Debian's /usr/bin/chromium by default). */
  executable: string;
  /** Time limit of the whole screenshot: launch (first one), load, render (ms). */
  timeoutMs: number;
  /** Viewport width and the tallest page kept (px); a taller page is cut there, and says so. */
  width: number;
  maxHeight: number;
  /** At most this many requests of the page are fetched, and at most `maxTotalBytes` in all. */
  maxRequests: number;
  maxTotalBytes: number;
  /** The crawler's settings: the guard, the mapped hosts, the size of one response, the user agent. */
  crawler: { userAgent: string; maxBytes: number; timeoutMs: number; resolve: Record<string, string>; allowHosts: string[]; allowPrivate: boolean };
  lookup?: Lookup;
}

export type ScreenshotResult =
  | {
      ok: true;
      png: Buffer;
      sha256: string;
      takenAt: string;
      width: number;
      height: number;
      /** The page was taller than `maxHeight` and was cut there. */
      cut: boolean;
      /** What the page asked for and did not get (another origin, a private address ...), at most 50. */
      blocked: string[];
    }
  | { ok: false; reason: string };

const MAX_BLOCKED = 50;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--disable-sync',
  '--disable-component-update',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
];

/** One headless Chromium for the screenshots of a scan, launched at the first one; `close()` ends it. */
export class PageScreenshots {
  private browser: Promise<Browser> | null = null;

  constructor(
    private readonly o: ScreenshotOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async take(url: string): Promise<ScreenshotResult> {
    if (!existsSync(this.o.executable))
      return { ok: false, reason: `no Chromium at ${this.o.executable} (install it: apt-get install -y chromium, or set evidence.chromium)` };
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<ScreenshotResult>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, reason: `the screenshot took longer than ${this.o.timeoutMs} ms` }), this.o.timeoutMs);
    });
    const work = this.render(url, AbortSignal.timeout(this.o.timeoutMs));
    try {
      return await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    if (browser) await browser.then((b) => b.close()).catch(() => undefined);
  }

  private launch(): Promise<Browser> {
    this.browser ??= chromium.launch({ executablePath: this.o.executable, args: CHROMIUM_ARGS, timeout: this.o.timeoutMs });
    this.browser.catch(() => (this.browser = null));
    return this.browser;
  }

  private async render(url: string, signal: AbortSignal): Promise<ScreenshotResult> {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return { ok: false, reason: `not a URL: ${url.slice(0, 200)}` };
    }
    const c = this.o.crawler;
    const client = new HttpClient({
      userAgent: c.userAgent,
      timeoutMs: Math.min(c.timeoutMs, this.o.timeoutMs),
      maxBytes: c.maxBytes,
      maxRedirects: 0,
      retries: 0,
      resolve: c.resolve,
      guard: !c.allowPrivate,
      allowHosts: c.allowHosts,
      lookup: this.o.lookup,
    });
    const blocked: string[] = [];
    const block = (what: string) => {
      if (blocked.length < MAX_BLOCKED && !blocked.includes(what)) blocked.push(what);
    };
    let requests = 0;
    let total = 0;
    let pageFailure: string | null = null;
    let browser: Browser;
    try {
      browser = await this.launch();
    } catch (error) {
      void client.close();
      return { ok: false, reason: `Chromium did not start: ${firstLine(error)}` };
    }
    const context = await browser.newContext({
      viewport: { width: this.o.width, height: 900 },
      serviceWorkers: 'block',
      acceptDownloads: false,
      userAgent: c.userAgent,
      locale: 'zh-CN',
      timezoneId: 'UTC',
    });
    signal.addEventListener('abort', () => void context.close().catch(() => undefined), { once: true });
    try {
      await context.routeWebSocket(/.*/, (ws) => {
        block(`${ws.url().slice(0, 200)} (WebSocket)`);
        void ws.close();
      });
      await context.route('**/*', async (route: Route) => {
        const request = route.request();
        const target = request.url();
        const isPage = request.isNavigationRequest() && request.frame().parentFrame() === null;
        let refusal: string | null = null;
        let u: URL | null = null;
        try {
          u = new URL(target);
        } catch {
          refusal = 'not a URL';
        }
        if (!u) refusal ??= 'not a URL';
        else if (u.origin !== origin) refusal = 'another origin';
        else if (request.method() !== 'GET') refusal = `${request.method()} is not fetched`;
        else if (++requests > this.o.maxRequests) refusal = `more than ${this.o.maxRequests} requests`;
        if (refusal) {
          block(`${target.slice(0, 200)} (${refusal})`);
          return route.abort('blockedbyclient').catch(() => undefined);
        }
        try {
          const r = await client.fetch(target, { accept: isPage ? 'html' : 'any' });
          total += r.size;
          if (total > this.o.maxTotalBytes) {
            block(`${target.slice(0, 200)} (the page's requests passed ${this.o.maxTotalBytes} bytes)`);
            return await route.abort('blockedbyclient');
          }
          await route.fulfill({ status: r.status, headers: r.contentType ? { 'content-type': r.contentType } : {}, body: r.body });
        } catch (error) {
          const why = error instanceof CopywatchError ? `${error.code}: ${error.message}` : firstLine(error);
          if (isPage) pageFailure = why;
          block(`${target.slice(0, 200)} (${why.slice(0, 300)})`);
          await route.abort('blockedbyclient').catch(() => undefined);
        }
      });
      const page = await context.newPage();
      page.on('dialog', (dialog) => void dialog.dismiss().catch(() => undefined));
      try {
        await page.goto(url, { waitUntil: 'load', timeout: this.o.timeoutMs });
      } catch (error) {
        return { ok: false, reason: `the page did not load in Chromium: ${pageFailure ?? firstLine(error)}` };
      }
      // Scripts that load more after `load`: a little while for them, not more.
      await page.waitForLoadState('networkidle', { timeout: Math.min(3_000, this.o.timeoutMs / 4) }).catch(() => undefined);
      const full = Number(await page.evaluate('Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)')) || 1;
      const height = Math.max(1, Math.min(full, this.o.maxHeight));
      await page.setViewportSize({ width: this.o.width, height: Math.min(height, 900) });
      const png = await page.screenshot({
        type: 'png',
        fullPage: true,
        clip: { x: 0, y: 0, width: this.o.width, height },
        timeout: this.o.timeoutMs,
        animations: 'disabled',
      });
      return {
        ok: true,
        png,
        sha256: createHash('sha256').update(png).digest('hex'),
        takenAt: this.clock().toISOString(),
        width: this.o.width,
        height,
        cut: full > this.o.maxHeight,
        blocked,
      };
    } catch (error) {
      return { ok: false, reason: `Chromium failed: ${firstLine(error)}` };
    } finally {
      await context.close().catch(() => undefined);
      void client.close();
    }
  }
}

function firstLine(error: unknown): string {
  return ((error as Error)?.message ?? String(error)).split('\n')[0].slice(0, 300);
}
