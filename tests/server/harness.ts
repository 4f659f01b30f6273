/**
 * The server on the fixture web, for the server tests: the demo config on a temporary SQLite
 * store, the publisher indexed and the targets scanned in-process, then the API on a loopback port
 * with an admin and a read-only token. `call()` is a small client that keeps status, headers and
 * the parsed body.
 */
import { randomBytes } from 'node:crypto';
import { openApp, type App } from '../../src/scan/app.ts';
import { runIndex, runScan } from '../../src/scan/jobs.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/index.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';

const CLOCK = new Date('2024-03-01T08:00:00Z');

export interface Harness {
  web: FixtureWeb;
  setup: DemoSetup;
  app: App;
  server: RunningServer;
  admin: string;
  read: string;
  /** Lines the server logged. */
  logged: string[];
  call(path: string, init?: CallInit): Promise<Answer>;
  close(): Promise<void>;
}

interface CallInit {
  method?: string;
  /** Default: the admin token; null: no Authorization header. */
  token?: string | null;
  /** An object is sent as JSON (Content-Type: application/json); a string as it is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  json: any;
}

export interface HarnessOptions {
  /** Edits the demo config before it is written. */
  edit?: (config: Record<string, any>) => void;
  /** Index the publisher and scan the targets before the server starts. Default true. */
  scan?: boolean;
  server?: ServerOptions;
  /** The fixture web to use (else one is started and closed with the harness). */
  web?: FixtureWeb;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const web = options.web ?? (await startFixtureWeb());
  const setup = demoConfig(web, options.edit);
  const app = await openApp(setup.configPath, { clock: () => CLOCK });
  if (options.scan !== false) {
    const index = await runIndex(app);
    if (index.status !== 'done') throw new Error(`index ended ${index.status}`);
    const scan = await runScan(app);
    if (scan.status !== 'done') throw new Error(`scan ended ${scan.status}`);
  }
  const admin = `admin-${randomBytes(16).toString('hex')}`;
  const read = `read-${randomBytes(16).toString('hex')}`;
  const logged: string[] = [];
  const server = await startServer(app, {
    host: '127.0.0.1',
    port: 0,
    tokens: { admin, read },
    env: {},
    heartbeatMs: 50,
    checkRate: { perMinute: 6000, burst: 1000 },
    log: (line) => logged.push(line),
    ...options.server,
  });
  const call = async (path: string, init: CallInit = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...init.headers };
    const token = init.token === undefined ? admin : init.token;
    if (token !== null) headers.authorization ??= `Bearer ${token}`;
    let body: string | undefined;
    if (typeof init.body === 'string') body = init.body;
    else if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${server.url}${path}`, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual' });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  return {
    web,
    setup,
    app,
    server,
    admin,
    read,
    logged,
    call,
    close: async () => {
      await server.close();
      await app.close();
      if (!options.web) await web.close();
      setup.cleanup();
    },
  };
}

/** Polls a run until it is no longer running. */
export async function waitForRun(h: Harness, id: number, timeoutMs = 60_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { status, json } = await h.call(`/api/scans/${id}`);
    if (status !== 200) throw new Error(`GET /api/scans/${id}: ${status}`);
    if (json.scan.status !== 'running') return json.scan;
    if (Date.now() > until) throw new Error(`run ${id} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every finding, walking the cursor pages of GET /api/findings with `query`. */
export async function walkFindings(h: Harness, query: string, limit: number): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const qs = `${query}${query ? '&' : ''}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const { status, json } = await h.call(`/api/findings?${qs}`);
    if (status !== 200) throw new Error(`GET /api/findings?${qs}: ${status} ${JSON.stringify(json)}`);
    items.push(...json.items);
    cursor = json.nextCursor;
    pages++;
    if (pages > 1000) throw new Error('the cursor never ends');
  } while (cursor);
  return { items, pages };
}

/** `{error: {code, message}}` with a non-empty message. */
export function errorOf(answer: Answer): { code: string; message: string } {
  const e = answer.json?.error;
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string' || !e.message) {
    throw new Error(`expected {error: {code, message}}, got ${answer.status} ${answer.text.slice(0, 300)}`);
  }
  return e;
}
