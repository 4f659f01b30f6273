/**
 * A test file's one copying site for recheck tests: a local server with the test's handler, the
 * fixture web for the publisher, a demo config whose one target is that site (set by the test's
 * `configure`), the app opened on it and the publisher indexed; all removed after the file.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Finding } from '../../src/domain/index.ts';
import { openApp, type App } from '../../src/scan/app.ts';
import { runIndex } from '../../src/scan/jobs.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';

export interface CopySite {
  /** The app, once the file's set-up has run. */
  app(): App;
  /** The one finding of the store (the test's planted copy). */
  theFinding(): Promise<Finding>;
}

export function useCopySite(
  handler: RequestListener,
  configure: (config: Record<string, any>, port: number) => void,
  options: Parameters<typeof openApp>[1] = {},
): CopySite {
  let server: Server;
  let web: FixtureWeb;
  let setup: DemoSetup;
  let app: App;
  beforeAll(async () => {
    server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    web = await startFixtureWeb();
    const port = (server.address() as { port: number }).port;
    setup = demoConfig(web, (c) => configure(c, port));
    app = await openApp(setup.configPath, options);
    expect((await runIndex(app)).status).toBe('done');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await web?.close();
    await new Promise((r) => server?.close(r));
    setup?.cleanup();
  });
  return {
    app: () => app,
    async theFinding() {
      const { items } = await app.store.findings.list();
      expect(items).toHaveLength(1);
      return items[0];
    },
  };
}
