/** Contract tests of the search providers: real HTTP against local fakes of each contract (loopback only). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createProviders } from '../../src/crawl/search/index.ts';
import { isCopywatchError } from '../../src/domain/index.ts';
import { serve, type TestServer } from '../support/servers.ts';

const KEY = 'BSA-secret-key-0123456789';
let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

function providers(type: 'searxng' | 'brave', url: string, sleeps: number[] = [], retries = 3) {
  return createProviders([type === 'brave' ? { type, url, apiKey: KEY } : { type, url }], {
    userAgent: 'copywatch-test',
    resolve: {},
    retries,
    retryBaseMs: 10,
    maxRetryWaitMs: 5000,
    timeoutMs: 2000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('searxng provider', () => {
  it('asks GET {url}/search?q=…&format=json and answers results[].url', async () => {
    const seen: string[] = [];
    server = await serve((req: IncomingMessage, res) => {
      seen.push(req.url!);
      json(res, 200, {
        query: 'x',
        results: [{ url: 'http://a.test/1', title: 'A' }, { url: 'ftp://no.test/' }, { title: 'no url' }, { url: 'https://b.test/2' }],
      });
    });
    const p = providers('searxng', `${server.url}/`);
    expect(await p.providers[0].search('"石化 晨报"')).toEqual(['http://a.test/1', 'https://b.test/2']);
    const url = new URL(seen[0], 'http://x');
    expect(url.pathname).toBe('/search');
    expect(url.searchParams.get('q')).toBe('"石化 晨报"');
    expect(url.searchParams.get('format')).toBe('json');
    await p.close();
  });

  it('backs off after a 429, honouring Retry-After (capped), then answers', async () => {
    let calls = 0;
    server = await serve((_req, res) => {
      calls++;
      if (calls === 1) json(res, 429, {}, { 'retry-after': '2' });
      else if (calls === 2) json(res, 429, {}, { 'retry-after': '9999' });
      else json(res, 200, { results: [{ url: 'http://c.test/' }] });
    });
    const sleeps: number[] = [];
    const p = providers('searxng', server.url, sleeps);
    expect(await p.providers[0].search('q')).toEqual(['http://c.test/']);
    expect(calls).toBe(3);
    expect(sleeps).toEqual([2000, 5000]);
    await p.close();
  });

  it('gives up after its retries on 5xx with SEARCH_FAILED, and says when JSON is not enabled', async () => {
    let calls = 0;
    server = await serve((_req, res) => {
      calls++;
      json(res, 503, {});
    });
    const sleeps: number[] = [];
    const p = providers('searxng', server.url, sleeps, 2);
    const error = await failure(p.providers[0].search('q'));
    expect(isCopywatchError(error) && error.code).toBe('SEARCH_FAILED');
    expect(error.message).toMatch(/HTTP 503 after 3 attempts/);
    expect(calls).toBe(3);
    expect(sleeps).toEqual([10, 20]);
    await p.close();
    await server.close();
    server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>search</html>');
    });
    const q = providers('searxng', server.url);
    expect((await failure(q.providers[0].search('q'))).message).toMatch(/not JSON/);
    await q.close();
  });
});

describe('brave provider', () => {
  it('sends the key in X-Subscription-Token and answers web.results[].url', async () => {
    const seen: IncomingMessage[] = [];
    server = await serve((req, res) => {
      seen.push(req);
      if (req.headers['x-subscription-token'] !== KEY) return json(res, 401, { error: 'bad key' });
      const q = new URL(req.url!, 'http://x').searchParams.get('q');
      json(
        res,
        200,
        q === 'none'
          ? { type: 'search', query: { original: q } }
          : { type: 'search', web: { type: 'search', results: [{ url: 'https://d.test/a', title: 'D' }] } },
      );
    });
    const p = providers('brave', server.url);
    expect(await p.providers[0].search('"一句话"')).toEqual(['https://d.test/a']);
    expect(await p.providers[0].search('none')).toEqual([]);
    expect(new URL(seen[0].url!, 'http://x').pathname).toBe('/res/v1/web/search');
    expect(seen[0].headers.accept).toBe('application/json');
    await p.close();
  });

  it('never puts the key in an error, whatever the upstream echoes', async () => {
    server = await serve((req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `token ${String(req.headers['x-subscription-token'])} refused` }));
    });
    const p = providers('brave', `${server.url}/${KEY}`);
    const error = await failure(p.providers[0].search('q'));
    expect(error.message).toMatch(/HTTP 403/);
    expect(`${error.message} ${String(error.cause)} ${error.stack}`).not.toContain(KEY);
    await p.close();
    await server.close();
    server = null;
    const gone = providers('brave', `http://127.0.0.1:1/${KEY}`, [], 0);
    const network = await failure(gone.providers[0].search('q'));
    expect(network.message).toMatch(/brave: network/);
    expect(`${network.message} ${String(network.cause)} ${network.stack}`).not.toContain(KEY);
    await gone.close();
  });
});
