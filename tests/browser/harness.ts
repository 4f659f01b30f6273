/**
 * What the browser tests stand on: the fixture web, an app on a temporary config (token
 * `test-token`), indexed and scanned as a user's first run would be, the server on a free port,
 * and Debian's Chromium driven by playwright-core (never a downloaded browser).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { openApp, type App } from '../../src/scan/app.ts';
import { runIndex, runScan } from '../../src/scan/jobs.ts';
import { startServer, type RunningServer } from '../../src/server/index.ts';
import { demoConfig, REPO, type DemoSetup } from '../support/demo.ts';
import { ARTICLES, PLANTED, startFixtureWeb, type FixtureArticle, type FixtureWeb } from '../support/web/index.ts';
import { GATED_HOST, startGatedSite, type GatedSite } from './gated-site.ts';

// The page's globals, typed just enough for the init script (the project's lib has no DOM).
declare const document: {
  addEventListener(type: 'securitypolicyviolation', listener: (event: { violatedDirective: string; blockedURI: string }) => void): void;
};

export const TOKEN = 'test-token';
const CHROMIUM = process.env.COPYWATCH_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(REPO, 'test-output', 'screenshots');
/** A laptop screen. */
export const VIEWPORT = { width: 1366, height: 768 };

export interface Dashboard {
  web: FixtureWeb;
  /** The extra target: the hostile copy and the gate that holds a scan running. */
  gated: GatedSite;
  /** The publisher article the hostile page copies (no fixture site copies it). */
  hostileOriginal: FixtureArticle;
  setup: DemoSetup;
  app: App;
  server: RunningServer;
  /** What the server logged (job ends, unexpected errors). */
  log: string[];
  close(): Promise<void>;
}

/**
 * The fixture web and the gated site, the demo config with the test token and the gated site as
 * one more target, one index and one scan, the server on port 0.
 */
export async function startDashboard(): Promise<Dashboard> {
  const hostileOriginal = ARTICLES.find((a) => !PLANTED.some((p) => p.articleId === a.id));
  if (!hostileOriginal) throw new Error('every fixture article has a planted copy: none is left for the hostile page');
  const web = await startFixtureWeb();
  const gated = await startGatedSite(hostileOriginal);
  const setup = demoConfig(web, (c) => {
    c.server = { ...c.server, host: '127.0.0.1', port: 0, token: TOKEN };
    c.crawler = { ...c.crawler, resolve: { ...c.crawler.resolve, ...gated.resolve }, timeoutMs: 30_000 };
    c.targets = [...c.targets, { name: 'gated-copies', startUrls: [`http://${GATED_HOST}/`] }];
  });
  const app = await openApp(setup.configPath);
  const index = await runIndex(app);
  if (index.status !== 'done') throw new Error(`the index run ended ${index.status}`);
  const scan = await runScan(app);
  if (scan.status !== 'done') throw new Error(`the scan ended ${scan.status}`);
  const logged: string[] = [];
  const server = await startServer(app, { host: '127.0.0.1', port: 0, heartbeatMs: 200, log: (line) => logged.push(line) });
  return {
    web,
    gated,
    hostileOriginal,
    setup,
    app,
    server,
    log: logged,
    close: async () => {
      gated.open();
      await server.close();
      await app.close();
      await gated.close();
      await web.close();
      setup.cleanup();
    },
  };
}

/** Debian's Chromium, headless, in a fresh profile; fails with how to install it when it is missing. */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `the browser tests need Debian's Chromium at ${CHROMIUM}: install it with \`sudo apt-get update && sudo apt-get install -y chromium\` (or set COPYWATCH_CHROMIUM to a Chromium binary)`,
    );
  }
  // launch() runs the browser in a fresh temporary profile (user-data-dir) and removes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/** Everything the page said that is a problem: console errors and warnings, CSP violations, uncaught errors. */
export interface PageProblems {
  list: string[];
}

export async function newDashboardPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  const problems: PageProblems = { list: [] };
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.list.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.list.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.list.push(`dialog (${dialog.type()}): ${dialog.message()}`);
    void dialog.dismiss();
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  return { context, page, problems };
}
