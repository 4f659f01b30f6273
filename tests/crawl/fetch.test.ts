/** The HTTP client: evidence, redirects, retries, decompression and size caps, content types, resolve. */
import { createHash } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, type HttpClientOptions } from '../../src/crawl/index.ts';
import { serve, type TestServer } from '../support/servers.ts';
import { rejectionOf } from '../support/errors.ts';

const PAGE = '<html><body><p>正文</p></body></html>';
let server: TestServer;
let port: number;
const hits = new Map<string, number>();
const seenHeaders: Array<Record<string, string | string[] | undefined>> = [];
const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));

beforeAll(async () => {
  server = await serve((req, res) => {
    const path = req.url ?? '/';
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    seenHeaders.push(req.headers);
    const html = (body: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(body);
    };
    if (path === '/page') return html(PAGE, { etag: '"v1"', 'last-modified': 'Mon, 09 Jan 2023 00:00:00 GMT', server: 'fixture', 'x-secret': 'not kept' });
    if (path === '/gzip') return html(gzipSync(PAGE), { 'content-encoding': 'gzip' });
    if (path === '/deflate') return html(deflateSync(PAGE), { 'content-encoding': 'deflate' });
    if (path === '/br') return html(brotliCompressSync(PAGE), { 'content-encoding': 'br' });
    if (path === '/bomb') return html(bomb, { 'content-encoding': 'gzip' });
    if (path === '/bad-gzip') return html(Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' });
    if (path === '/big') return html(Buffer.alloc(300_000, 'a'));
    if (path === '/pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      return res.end('%PDF');
    }
    if (path === '/xml') {
      res.writeHead(200, { 'content-type': 'application/xml' });
      return res.end('<urlset/>');
    }
    if (path === '/r1') {
      res.writeHead(301, { location: '/r2' });
      return res.end();
    }
    if (path === '/r2') {
      res.writeHead(302, { location: `http://other.test:${port}/page` });
      return res.end();
    }
    if (path === '/loop-a') {
      res.writeHead(302, { location: '/loop-b' });
      return res.end();
    }
    if (path === '/loop-b') {
      res.writeHead(307, { location: '/loop-a' });
      return res.end();
    }
    if (path.startsWith('/hop')) {
      const k = Number(path.slice(4));
      res.writeHead(302, { location: `/hop${k + 1}` });
      return res.end();
    }
    if (path === '/to-ftp') {
      res.writeHead(302, { location: 'ftp://example.test/file' });
      return res.end();
    }
    if (path === '/busy') {
      if (n < 3) {
        res.writeHead(n === 1 ? 503 : 429, { 'retry-after': '1' });
        return res.end('busy');
      }
      return html(PAGE);
    }
    if (path === '/down') {
      res.writeHead(503, { 'retry-after': '0' });
      return res.end('down');
    }
    if (path === '/reset') {
      if (n === 1) return req.socket.destroy();
      return html(PAGE);
    }
    if (path === '/hang') return;
    if (path === '/cut') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '10000' });
      res.write(`<html><body>${'x'.repeat(400)}`);
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    if (path === '/drip') {
      res.writeHead(200, { 'content-type': 'text/html' });
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('.')), 50);
      res.on('close', () => clearInterval(t));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('not found');
  });
  port = Number(new URL(server.url).port);
});
afterAll(() => server.close());

function client(extra: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({
    userAgent: 'copywatch-test/1 (+http://example.test/bot)',
    timeoutMs: 3000,
    maxBytes: 1024 * 1024,
    maxRedirects: 5,
    retries: 2,
    resolve: { 'site.test': '127.0.0.1', 'other.test': `127.0.0.1:${port}` },
    guard: true,
    allowHosts: [],
    retryBaseMs: 20,
    clock: () => new Date('2023-06-01T08:00:00Z'),
    ...extra,
  });
}

describe('HttpClient', () => {
  it('keeps the evidence of a fetch: URLs, status, selected headers, UTC capture time, remote address, SHA-256, body', async () => {
    const c = client();
    const r = await c.fetch(`http://site.test:${port}/page`);
    expect(r).toMatchObject({
      requestedUrl: `http://site.test:${port}/page`,
      finalUrl: `http://site.test:${port}/page`,
      redirects: [],
      status: 200,
      capturedAt: '2023-06-01T08:00:00.000Z',
      attempts: 1,
    });
    expect(r.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      etag: '"v1"',
      'last-modified': 'Mon, 09 Jan 2023 00:00:00 GMT',
      server: 'fixture',
    });
    expect(r.headers['x-secret']).toBeUndefined();
    expect(r.remoteAddress).toBe(`127.0.0.1:${port}`);
    expect(r.body.toString()).toBe(PAGE);
    expect(r.sha256).toBe(createHash('sha256').update(PAGE).digest('hex'));
    expect(seenHeaders.at(-1)!['user-agent']).toBe('copywatch-test/1 (+http://example.test/bot)');
    await c.close();
  });

  it('connects resolve hosts to their address and port whatever the URL says, keeping the Host header', async () => {
    const c = client();
    const r = await c.fetch('http://other.test/page');
    expect(r.status).toBe(200);
    expect(r.finalUrl).toBe('http://other.test/page');
    expect(r.remoteAddress).toBe(`127.0.0.1:${port}`);
    expect(seenHeaders.at(-1)!.host).toBe('other.test');
    await c.close();
  });

  it('decodes gzip, deflate and br, hashing the decoded body and keeping Content-Encoding in the evidence', async () => {
    const c = client();
    for (const path of ['/gzip', '/deflate', '/br']) {
      const r = await c.fetch(`http://other.test${path}`);
      expect(r.body.toString()).toBe(PAGE);
      expect(r.sha256).toBe(createHash('sha256').update(PAGE).digest('hex'));
      expect(r.headers['content-encoding']).toBe(path.slice(1));
    }
    expect((await rejectionOf(c.fetch('http://other.test/bad-gzip'))).message).toMatch(/does not decompress/);
    await c.close();
  });

  it('stops a decompression bomb at the cap instead of inflating it', async () => {
    const c = client({ maxBytes: 2 * 1024 * 1024 });
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 2);
    const e = await rejectionOf(c.fetch('http://other.test/bomb'));
    clearInterval(timer);
    expect(e.code).toBe('CRAWL_TOO_LARGE');
    expect(e.message).toBe('http://other.test/bomb is larger than the 2097152-byte limit once decompressed');
    // 64 MB inflated would show; the cap keeps the growth to a few MB.
    expect(peak - before).toBeLessThan(48 * 1024 * 1024);
    await c.close();
  });

  it('refuses bodies above maxBytes and content that is not a page', async () => {
    const c = client({ maxBytes: 100_000 });
    expect(await rejectionOf(c.fetch('http://other.test/big'))).toMatchObject({ code: 'CRAWL_TOO_LARGE' });
    const pdf = await rejectionOf(c.fetch('http://other.test/pdf'));
    expect(pdf).toMatchObject({ code: 'CRAWL_CONTENT_TYPE', message: 'http://other.test/pdf is application/pdf, not an HTML or text page' });
    expect(await rejectionOf(c.fetch('http://other.test/xml'))).toMatchObject({ code: 'CRAWL_CONTENT_TYPE' });
    expect((await c.fetch('http://other.test/xml', { accept: 'xml' })).body.toString()).toBe('<urlset/>');
    await c.close();
  });

  it('follows redirects, recording the chain with statuses', async () => {
    const c = client();
    const r = await c.fetch('http://other.test/r1');
    expect(r.finalUrl).toBe(`http://other.test:${port}/page`);
    expect(r.redirects).toEqual(['http://other.test/r1', 'http://other.test/r2']);
    expect(r.redirectChain.map((h) => h.status)).toEqual([301, 302]);
    await c.close();
  });

  it('stops redirect loops, chains longer than maxRedirects and non-HTTP targets, naming the chain', async () => {
    const c = client();
    expect(await rejectionOf(c.fetch('http://other.test/loop-a'))).toMatchObject({
      code: 'CRAWL_REDIRECT',
      message: 'redirect loop: http://other.test/loop-a → http://other.test/loop-b → /loop-a',
    });
    const long = await rejectionOf(c.fetch('http://other.test/hop0'));
    expect(long.code).toBe('CRAWL_REDIRECT');
    expect(long.message).toMatch(/^more than 5 redirects: http:\/\/other\.test\/hop0 → .* → \/hop6$/);
    expect(hits.get('/hop6')).toBeUndefined();
    expect(await rejectionOf(c.fetch('http://other.test/to-ftp'))).toMatchObject({ code: 'CRAWL_REDIRECT' });
    await c.close();
  });

  it('retries 503 and 429 honouring Retry-After, and connection resets', async () => {
    const c = client({ timeoutMs: 8000 });
    const started = Date.now();
    const r = await c.fetch('http://other.test/busy');
    expect(r.status).toBe(200);
    expect(r.attempts).toBe(3);
    // two Retry-After: 1 waits were honoured (a floor, not a speed measure)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1800);
    const reset = await c.fetch('http://other.test/reset');
    expect(reset.status).toBe(200);
    expect(reset.attempts).toBe(2);
    const down = await rejectionOf(c.fetch('http://other.test/down'));
    expect(down).toMatchObject({ code: 'CRAWL_HTTP_STATUS', message: 'http://other.test/down answered HTTP 503 3 times (retries exhausted)' });
    await c.close();
  });

  it('names a body cut short as such, not as an HTTP status', async () => {
    for (const retries of [0, 2]) {
      const c = client({ retries });
      const cut = await rejectionOf(c.fetch('http://other.test/cut'));
      expect(cut).toMatchObject({ code: 'CRAWL_NETWORK' });
      expect(cut.message).toMatch(/^http:\/\/other\.test\/cut: the connection closed before the (whole body arrived|answer was complete)/);
      await c.close();
    }
  });

  it('gives up on a server that never answers or drips its body, at the time limit', async () => {
    const c = client({ timeoutMs: 400 });
    expect(await rejectionOf(c.fetch('http://other.test/hang'))).toMatchObject({
      code: 'CRAWL_TIMEOUT',
      message: 'http://other.test/hang did not answer within 400 ms',
    });
    expect(await rejectionOf(c.fetch('http://other.test/drip'))).toMatchObject({ code: 'CRAWL_TIMEOUT' });
    await c.close();
  });

  it('sends the conditional headers it is given, and does not carry them across a redirect', async () => {
    const c = client();
    await c.fetch('http://other.test/page', { headers: { 'if-none-match': '"v1"' } });
    expect(seenHeaders.at(-1)!['if-none-match']).toBe('"v1"');
    await c.fetch('http://other.test/r1', { headers: { 'if-none-match': '"v1"' } });
    expect(seenHeaders.at(-1)!['if-none-match']).toBeUndefined();
    await c.close();
  });
});
