/**
 * Issue 6 §6: bad input gets the right status and `{error: {code, message}}`, and the server
 * stays up: missing and wrong tokens, malformed JSON, unknown fields, huge bodies, wrong content
 * types, unknown ids, invalid transitions, manual checks of private, loopback, link-local and
 * non-http destinations, a redirect to a private address, a URL that never answers, a run already
 * holding the database, and the manual checks' rate limit.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';
import { startHeldSite, type HeldSite } from '../support/servers.ts';
import { errorOf, startHarness, waitForRun, type Answer, type Harness } from './harness.ts';

/** The manual checks' time cap in these tests (crawler.timeoutMs). */
const TIMEOUT_MS = 1500;

let web: FixtureWeb;
let h: Harness;
/** Accepts connections and never says a word. */
let silent: { port: number; sockets: Set<Socket>; close(): Promise<void> };
/** Keeps a scan of the `stuck` target running until released. */
let held: HeldSite;
/** Redirects to private addresses; counts what it is asked for. */
let redirector: { port: number; hits: string[]; close(): Promise<void> };

async function listen(server: Server | ReturnType<typeof createNetServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  const sockets = new Set<Socket>();
  const net = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  const silentPort = await listen(net);
  silent = {
    port: silentPort,
    sockets,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        net.close(() => r());
      }),
  };

  const hits: string[] = [];
  const http = createHttpServer((req, res) => {
    hits.push(req.url ?? '');
    const to: Record<string, string> = {
      '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
      '/to-loopback': `http://127.0.0.1:${(http.address() as AddressInfo).port}/secret`,
      '/to-localhost': 'http://localhost:22/',
      '/to-private': 'http://10.0.0.1/admin',
      '/to-ipv6': 'http://[::1]/',
      '/to-file': 'file:///etc/passwd',
    };
    const location = to[req.url ?? ''];
    if (location) {
      res.writeHead(302, { location });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('this must never be reached');
  });
  const redirectPort = await listen(http);
  redirector = {
    port: redirectPort,
    hits,
    close: () =>
      new Promise((r) => {
        http.closeAllConnections();
        http.close(() => r());
      }),
  };

  held = await startHeldSite(TIMEOUT_MS / 3);
  web = await startFixtureWeb();
  h = await startHarness({
    web,
    edit: (config) => {
      config.crawler.timeoutMs = TIMEOUT_MS;
      config.crawler.resolve = {
        ...config.crawler.resolve,
        'silent.example.test': `127.0.0.1:${silentPort}`,
        'redirect.example.test': `127.0.0.1:${redirectPort}`,
      };
      // A target that keeps a scan of it running until the test releases it.
      config.crawler.resolve['held.example.test'] = held.address;
      config.targets.push({ name: 'stuck', startUrls: ['http://held.example.test/n/1'], maxDepth: 50 });
    },
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await web?.close();
  await silent?.close();
  await redirector?.close();
  held?.release();
  await held?.close();
});

function expectError(r: Answer, status: number, code: string, message?: RegExp): void {
  expect({ status: r.status, code: errorOf(r).code }).toEqual({ status, code });
  expect(r.headers.get('content-type')).toMatch(/^application\/json/);
  if (message) expect(errorOf(r).message).toMatch(message);
}

const json = { 'content-type': 'application/json' };

describe('tokens', () => {
  it('a missing token is 401 AUTH_REQUIRED, a wrong one 401 AUTH_INVALID, on reads and writes', async () => {
    expectError(await h.call('/api/findings', { token: null }), 401, 'AUTH_REQUIRED');
    expectError(await h.call('/api/check', { token: null, body: { url: 'http://example.com/' } }), 401, 'AUTH_REQUIRED');
    expectError(await h.call('/api/findings', { token: 'wrong' }), 401, 'AUTH_INVALID');
    expectError(await h.call('/api/check', { token: 'wrong', body: { url: 'http://example.com/' } }), 401, 'AUTH_INVALID');
    expectError(await h.call('/api/findings', { token: '' }), 401, 'AUTH_INVALID');
  });
});

describe('bodies', () => {
  it('malformed JSON is 400 BODY_MALFORMED', async () => {
    for (const body of ['{', '{"url": "http://a.test/",}', "{'url': 'x'}", 'url=http://a.test/', '\u0000']) {
      expectError(await h.call('/api/check', { body, headers: json }), 400, 'BODY_MALFORMED');
    }
    expectError(await h.call('/api/findings/1', { method: 'PATCH', body: '{"status":', headers: json }), 400, 'BODY_MALFORMED');
  });

  it('JSON that is not an object is 400, naming the body', async () => {
    for (const body of ['"http://a.test/"', '42', 'null']) {
      expectError(await h.call('/api/check', { body, headers: json }), 400, 'BODY_MALFORMED');
    }
    expectError(await h.call('/api/check', { body: '[{"url":"http://a.test/"}]', headers: json }), 400, 'INPUT_INVALID', /^body: expected a JSON object/);
    expectError(await h.call('/api/check', { body: '[1,2]', headers: json }), 400, 'INPUT_INVALID', /^body: expected a JSON object, got \[1,2\]$/);
    expectError(await h.call('/api/check', { body: '', headers: json }), 400, 'INPUT_INVALID', /^body\.url: expected a URL, got nothing/);
  });

  it('unknown fields in a body or a query are 400 INPUT_INVALID, naming them', async () => {
    expectError(await h.call('/api/check', { body: { url: 'http://a.test/', force: true } }), 400, 'INPUT_INVALID', /body: unknown field "force"/);
    expectError(
      await h.call('/api/findings/1', { method: 'PATCH', body: { status: 'confirmed', note: 'x', actor: 'boss' } }),
      400,
      'INPUT_INVALID',
      /body: unknown field "actor"/,
    );
    expectError(await h.call('/api/scans', { body: { job: 'scan', target: null, priority: 1 } }), 400, 'INPUT_INVALID', /"priority"/);
    expectError(await h.call('/api/findings?statuss=open'), 400, 'INPUT_INVALID', /query: unknown field "statuss"/);
    expectError(await h.call('/api/sites?x=1'), 400, 'INPUT_INVALID', /"x"/);
    expectError(await h.call('/api/findings/1?evidence=full'), 400, 'INPUT_INVALID', /"evidence"/);
  });

  it('wrong values are 400 INPUT_INVALID, naming the field and what was expected', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/api/findings?limit=0', /query\.limit: expected a whole number from 1 to 500, got "0"/],
      ['/api/findings?limit=501', /query\.limit/],
      ['/api/findings?limit=ten', /query\.limit/],
      ['/api/findings?status=approved', /query\.status/],
      ['/api/findings?status=open&status=confirmed', /query\.status/],
      ['/api/findings?severity=urgent', /query\.severity/],
      ['/api/findings?since=yesterday', /query\.since/],
      ['/api/findings?sort=title', /query\.sort/],
      ['/api/findings?order=up', /query\.order/],
      ['/api/findings?cursor=not-a-cursor', /cursor/],
      ['/api/reports?format=pdf', /query\.format/],
    ];
    for (const [path, message] of cases) expectError(await h.call(path), 400, 'INPUT_INVALID', message);
    expectError(await h.call('/api/findings/1', { method: 'PATCH', body: { status: 'approved' } }), 400, 'INPUT_INVALID', /body\.status/);
    expectError(await h.call('/api/findings/1', { method: 'PATCH', body: { note: 'no status' } }), 400, 'INPUT_INVALID', /body\.status/);
    expectError(
      await h.call('/api/findings/1', { method: 'PATCH', body: { status: 'confirmed', note: 'x'.repeat(2001) } }),
      400,
      'INPUT_INVALID',
      /body\.note/,
    );
    expectError(await h.call('/api/check', { body: { url: 42 } }), 400, 'INPUT_INVALID', /body\.url/);
    expectError(await h.call('/api/check', { body: {} }), 400, 'INPUT_INVALID', /body\.url/);
    expectError(await h.call('/api/scans', { body: { job: 'delete-everything' } }), 400, 'INPUT_INVALID', /body\.job/);
  });

  it('a body over 64 KB is 413 BODY_TOO_LARGE, declared or streamed, and the server stays up', async () => {
    const big = JSON.stringify({ url: `http://a.test/${'x'.repeat(70 * 1024)}` });
    expectError(await h.call('/api/check', { body: big, headers: json }), 413, 'BODY_TOO_LARGE');
    expectError(
      await h.call('/api/findings/1', { method: 'PATCH', body: JSON.stringify({ status: 'confirmed', note: 'x'.repeat(1024 * 1024) }), headers: json }),
      413,
      'BODY_TOO_LARGE',
    );
    // Chunked, with no Content-Length: cut off at the limit.
    const chunk = new TextEncoder().encode(' '.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"url": "http://a.test/"'));
        if (sent++ < 64) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${h.server.url}/api/check`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${h.admin}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const text = await res.text();
    expectError({ status: res.status, headers: res.headers, text, json: JSON.parse(text) }, 413, 'BODY_TOO_LARGE');
    expect((await h.call('/api/health', { token: null })).status).toBe(200);
  });

  it('JSON nested 5,000 levels deep is 400 BODY_MALFORMED, not a crash', async () => {
    const deep = `{"url": ${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expectError(await h.call('/api/check', { body: deep, headers: json }), 400, 'BODY_MALFORMED', /nested deeper than 32 levels/);
    expectError(
      await h.call('/api/findings/1', { method: 'PATCH', body: `{"status": "confirmed", "note": ${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`, headers: json }),
      400,
      'BODY_MALFORMED',
    );
  });

  it('a declared Content-Length over the limit is 413 at once, before any body is sent', async () => {
    const { request } = await import('node:http');
    const url = new URL(`${h.server.url}/api/check`);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { ...json, authorization: `Bearer ${h.admin}`, 'content-length': String(10 * 1024 * 1024) },
        },
        (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.flushHeaders(); // the headers only: the server answers without waiting for 10 MB
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe('BODY_TOO_LARGE');
  });

  it('a body cut short (the client ends before its Content-Length) is a JSON 400 BODY_MALFORMED saying so', async () => {
    const { connect } = await import('node:net');
    const url = new URL(h.server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.end(
          `POST /api/check HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${h.admin}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"url": "ht`,
        );
      });
      let data = '';
      socket.on('data', (d) => {
        data += d;
      });
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(body).error).toEqual({ code: 'BODY_MALFORMED', message: 'the request ended before its body did (fewer bytes than its Content-Length)' });
    expect((await h.call('/api/health')).status).toBe(200);
  });

  it("a method a path does not take is 405 with Allow, whatever the body's type", async () => {
    for (const method of ['PUT', 'DELETE', 'POST']) {
      const r = await h.call('/api/findings/1', { method, body: 'x', headers: { 'content-type': 'text/plain' } });
      expectError(r, 405, 'METHOD_NOT_ALLOWED');
      expect(r.headers.get('allow')).toMatch(/PATCH/);
    }
  });

  it('a body not declared application/json is 415 MEDIA_TYPE', async () => {
    const body = JSON.stringify({ url: 'http://a.test/' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/json']) {
      expectError(await h.call('/api/check', { body, headers: { 'content-type': type } }), 415, 'MEDIA_TYPE', /expected Content-Type: application\/json/);
    }
    const untyped = await fetch(`${h.server.url}/api/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.admin}` },
      body: new TextEncoder().encode(body),
    });
    const text = await untyped.text();
    expectError({ status: untyped.status, headers: untyped.headers, text, json: JSON.parse(text) }, 415, 'MEDIA_TYPE', /got none/);
    expectError(
      await h.call('/api/findings/1', { method: 'PATCH', body: '{"status":"confirmed"}', headers: { 'content-type': 'text/plain' } }),
      415,
      'MEDIA_TYPE',
    );
    expectError(await h.call('/api/check', { body, headers: { 'content-type': 'application/json; charset=latin1' } }), 415, 'MEDIA_TYPE');
    expectError(await h.call('/api/check', { body, headers: { ...json, 'content-encoding': 'gzip' } }), 415, 'MEDIA_TYPE');
    // With a charset, UTF-8 JSON is fine.
    expect(
      (await h.call('/api/check', { body: JSON.stringify({ url: 'file:///etc/passwd' }), headers: { 'content-type': 'application/json; charset=utf-8' } }))
        .status,
    ).toBe(400);
  });
});

describe('ids, routes and transitions', () => {
  it('an unknown finding is 404 NOT_FOUND; an id that is not one is 400', async () => {
    expectError(await h.call('/api/findings/999999'), 404, 'NOT_FOUND', /finding 999999/);
    expectError(await h.call('/api/findings/999999', { method: 'PATCH', body: { status: 'confirmed' } }), 404, 'NOT_FOUND');
    expectError(await h.call('/api/reports?format=html&finding=999999'), 404, 'NOT_FOUND');
    for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999', '1e3']) {
      expectError(await h.call(`/api/findings/${id}`), 400, 'INPUT_INVALID', /path\.id/);
    }
  });

  it('an unknown endpoint is a JSON 404 ROUTE_NOT_FOUND', async () => {
    expectError(await h.call('/api/nothing'), 404, 'ROUTE_NOT_FOUND');
    expectError(await h.call('/api/findings/1/evidence'), 404, 'ROUTE_NOT_FOUND');
  });

  it('a method an endpoint does not take is 405 METHOD_NOT_ALLOWED, with Allow', async () => {
    const del = await h.call('/api/findings/1', { method: 'DELETE' });
    expectError(del, 405, 'METHOD_NOT_ALLOWED');
    expect(del.headers.get('allow')).toBe('GET, HEAD, PATCH');
    const put = await h.call('/api/scans', { method: 'PUT', body: { job: 'scan' } });
    expectError(put, 405, 'METHOD_NOT_ALLOWED');
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST');
    expect((await h.call('/api/check')).headers.get('allow')).toBe('POST');
  });

  it('an invalid status transition is 409 FINDING_TRANSITION and changes nothing', async () => {
    const f = (await h.call('/api/findings?limit=1')).json.items[0];
    expectError(await h.call(`/api/findings/${f.id}`, { method: 'PATCH', body: { status: 'resolved', note: 'by hand' } }), 409, 'FINDING_TRANSITION', /open/);
    expectError(await h.call(`/api/findings/${f.id}`, { method: 'PATCH', body: { status: 'open' } }), 409, 'FINDING_TRANSITION');
    const after = (await h.call(`/api/findings/${f.id}`)).json;
    expect(after.finding.status).toBe('open');
    expect(after.events).toHaveLength(1);
  });
});

describe('manual checks of where the server must not go', () => {
  const check = (url: string) => h.call('/api/check', { body: { url } });

  it('refuses loopback, private and link-local addresses (403 CRAWL_PRIVATE_ADDRESS)', async () => {
    for (const url of [
      'http://127.0.0.1:22/',
      'http://169.254.169.254/',
      'http://169.254.169.254/latest/meta-data/iam/',
      'http://localhost:22/',
      'http://[::1]/',
      'http://10.0.0.1/',
      'http://192.168.1.1/',
      'http://0.0.0.0/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://[fe80::1]/',
      'http://100.64.0.1/',
    ]) {
      expectError(await check(url), 403, 'CRAWL_PRIVATE_ADDRESS');
    }
  });

  it('refuses what is not http(s) (400 URL_INVALID)', async () => {
    for (const url of [
      'file:///etc/passwd',
      'ftp://example.com/',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'gopher://127.0.0.1:25/',
      'not a url',
      '/etc/passwd',
    ]) {
      expectError(await check(url), 400, 'URL_INVALID');
    }
  });

  it('refuses a redirect to a private address, at the hop, without following it', async () => {
    for (const path of ['/to-metadata', '/to-loopback', '/to-localhost', '/to-private', '/to-ipv6']) {
      const before = redirector.hits.length;
      expectError(await check(`http://redirect.example.test${path}`), 403, 'CRAWL_PRIVATE_ADDRESS');
      expect(redirector.hits.slice(before)).toEqual([path]);
    }
    const before = redirector.hits.length;
    const file = await check('http://redirect.example.test/to-file');
    expect(file.status).toBeGreaterThanOrEqual(400);
    expect(errorOf(file).code).toMatch(/^(URL_INVALID|CRAWL_REDIRECT)$/);
    expect(redirector.hits.slice(before)).toEqual(['/to-file']);
    expect(redirector.hits).not.toContain('/secret');
  });

  it('gives up on a URL that never answers with 504 CRAWL_TIMEOUT, and answers other requests meanwhile', async () => {
    let settled = false;
    const pending = check('http://silent.example.test/').finally(() => {
      settled = true;
    });
    // Wait until the check has connected, then use the server while it waits.
    while (silent.sockets.size === 0) await new Promise((r) => setTimeout(r, 10));
    const during = await Promise.all([h.call('/api/health', { token: null }), h.call('/api/findings?limit=5'), h.call('/api/sites')]);
    expect(during.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(settled).toBe(false);
    const r = await pending;
    expectError(r, 504, 'CRAWL_TIMEOUT');
    expect((await h.call('/api/health', { token: null })).status).toBe(200);
  });

  it('gives up on a page over the size cap (502 CRAWL_TOO_LARGE), declared or not', async () => {
    for (const path of ['/huge.html', '/huge-declared.html']) expectError(await check(`http://huge.hostile.test${path}`), 502, 'CRAWL_TOO_LARGE');
  });

  it('gives up on a page that drips forever (the time cap is on the whole fetch)', async () => {
    const r = await check('http://slow.hostile.test/slow.html');
    expect(r.status).toBeGreaterThanOrEqual(500);
    expect(errorOf(r).code).toMatch(/^CRAWL_(TIMEOUT|TOO_LARGE)$/);
  });
});

describe('one run at a time', () => {
  it('refuses to start a job while a run holds the database (409 JOB_RUNNING), but a manual check runs beside it', async () => {
    const started = await h.call('/api/scans', { body: { job: 'scan', target: 'stuck' } });
    expect(started.status).toBe(202);
    const id = started.json.scan.id;
    expectError(await h.call('/api/scans', { body: { job: 'scan' } }), 409, 'JOB_RUNNING');
    // A rights officer can check a URL while a scan runs: a check does not crawl.
    const checked = await h.call('/api/check', { body: { url: 'http://www.partner-daily.test/' } });
    expect(checked.status).toBe(200);
    expect((await h.call(`/api/scans/${id}`)).json.scan.status).toBe('running');
    held.release();
    const done = await waitForRun(h, id);
    expect(done.status).toBe('done');
    expect(done.counts.pagesFetched).toBeGreaterThanOrEqual(1);
  });
});

describe('stopping the server while a job runs', () => {
  it('aborts the job, which ends as interrupted (it resumes on its next run)', async () => {
    const other = await startHarness({
      web,
      edit: (config) => {
        config.crawler.timeoutMs = 2000;
        config.targets.push({ name: 'stuck', startUrls: ['http://hang.hostile.test/hang/2.html'] });
      },
    });
    try {
      const started = await other.call('/api/scans', { body: { job: 'scan', target: 'stuck' } });
      expect(started.status).toBe(202);
      await other.server.close();
      const run = await other.app.store.scans.get(started.json.scan.id);
      expect(run!.status).toBe('interrupted');
      expect(other.logged).toContain(`scan #${started.json.scan.id} interrupted`);
    } finally {
      await other.close();
    }
  });
});

describe('the rate limit of manual checks', () => {
  it('answers 429 RATE_LIMITED with Retry-After once a token has used its burst', async () => {
    const limited = await startHarness({ web, scan: false, server: { checkRate: { perMinute: 1, burst: 3 } } });
    try {
      const check = () => limited.call('/api/check', { body: { url: 'http://127.0.0.1:22/' } });
      for (let i = 0; i < 3; i++) expectError(await check(), 403, 'CRAWL_PRIVATE_ADDRESS');
      const r = await check();
      expectError(r, 429, 'RATE_LIMITED', /try again in \d+ s/);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      // Reads are not limited.
      expect((await limited.call('/api/findings')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
