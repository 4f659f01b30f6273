/**
 * Issue 6 §3: a token on everything but /api/health (the admin token reads and writes, the
 * read-only token only reads), security headers with a Content-Security-Policy that allows no
 * inline script, and a copy full of script, event handlers and `javascript:` links that shows as
 * inert text in the finding's JSON and in every HTML report.
 */
import { parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/server/index.ts';
import { DASHBOARD_CSP } from '../../src/server/security.ts';
import { HOSTILE_MARKUP, PLANTED } from '../support/web/index.ts';
import { errorOf, startHarness, type Answer, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

/** Every documented operation, with its path's `{id}` filled. */
function operations(): Array<{ method: string; path: string }> {
  return Object.entries(openApiDocument.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path: path.replace('{id}', '1') })),
  );
}

const bodyOf = (method: string) => (method === 'GET' ? undefined : '{}');
const jsonHeaders = { 'content-type': 'application/json' };

describe('tokens', () => {
  it('asks for a token on every endpoint but /api/health, /api/openapi.json and signing in, before reading anything', async () => {
    const ops = operations().filter((o) => o.path !== '/api/health' && o.path !== '/api/openapi.json' && !(o.method === 'POST' && o.path === '/api/session'));
    expect(ops.length).toBeGreaterThan(10);
    for (const { method, path } of [...ops, { method: 'GET', path: '/api/no-such-thing' }, { method: 'DELETE', path: '/api/findings/1' }]) {
      const r = await h.call(path, { method, token: null, body: bodyOf(method), headers: jsonHeaders });
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(errorOf(r).code, `${method} ${path}`).toBe('AUTH_REQUIRED');
      expect(r.headers.get('www-authenticate')).toBe('Bearer realm="copywatch"');
    }
    expect((await h.call('/api/health', { token: null })).status).toBe(200);
    // The API's description holds no data; the dashboard points people to it.
    expect((await h.call('/api/openapi.json', { token: null })).status).toBe(200);
  });

  it('refuses a wrong token, near misses of the right one, and tokens elsewhere than the Authorization header', async () => {
    const wrong = [
      'nope',
      h.admin.slice(0, -1),
      `${h.admin}x`,
      h.admin.toUpperCase(),
      `${h.admin.slice(0, -1)}${h.admin.at(-1) === 'a' ? 'b' : 'a'}`,
      h.read.slice(0, -1),
      `${h.admin}${h.read}`,
    ];
    for (const token of wrong) {
      const r = await h.call('/api/findings', { token });
      expect(r.status, token).toBe(401);
      expect(errorOf(r).code).toBe('AUTH_INVALID');
      expect(r.text).not.toContain(h.admin);
    }
    for (const header of [`Basic ${Buffer.from(`x:${h.admin}`).toString('base64')}`, h.admin, `Bearer`, `Bearer ${h.admin} extra`, `Token ${h.admin}`]) {
      const r = await h.call('/api/findings', { token: null, headers: { authorization: header } });
      expect(r.status, header).toBe(401);
      expect(errorOf(r).code).toBe('AUTH_INVALID');
    }
    expect((await h.call(`/api/findings?token=${h.admin}`, { token: null })).status).toBe(401);
    expect((await h.call('/api/findings', { token: null, headers: { cookie: `token=${h.admin}` } })).status).toBe(401);
    // The scheme is case-insensitive, as RFC 9110 has it.
    expect((await h.call('/api/findings', { token: null, headers: { authorization: `bearer ${h.admin}` } })).status).toBe(200);
  });

  it('lets the read-only token read everything, and nothing else', async () => {
    const f = (await h.call('/api/findings?limit=1')).json.items[0];
    const site = f.host;
    for (const path of [
      '/api/openapi.json',
      '/api/findings',
      `/api/findings/${f.id}`,
      '/api/scans',
      '/api/scans/1',
      '/api/articles',
      '/api/sites',
      '/api/overview',
      '/api/reports?format=csv',
      '/api/reports?format=json',
      `/api/reports?format=html&site=${site}`,
      `/api/reports?format=html&finding=${f.id}`,
    ]) {
      const r = await h.call(path, { token: h.read });
      expect(r.status, path).toBe(200);
    }
    const writes: Array<{ method: string; path: string; body: unknown }> = [
      { method: 'PATCH', path: `/api/findings/${f.id}`, body: { status: 'confirmed', note: 'read-only' } },
      { method: 'POST', path: '/api/check', body: { url: PLANTED[0].url } },
      { method: 'POST', path: '/api/scans', body: { job: 'scan' } },
      { method: 'DELETE', path: `/api/findings/${f.id}`, body: undefined },
      { method: 'PUT', path: `/api/findings/${f.id}`, body: { status: 'confirmed' } },
    ];
    const runsBefore = (await h.app.store.scans.list(500)).length;
    for (const w of writes) {
      const r = await h.call(w.path, { method: w.method, token: h.read, body: w.body });
      expect(r.status, `${w.method} ${w.path}`).toBe(403);
      expect(errorOf(r).code).toBe('READ_ONLY');
    }
    expect((await h.app.store.findings.get(f.id))!.status).toBe('open');
    expect(await h.app.store.findings.events(f.id)).toHaveLength(1);
    expect((await h.app.store.scans.list(500)).length).toBe(runsBefore);
  });
});

describe('security headers', () => {
  const check = (r: Answer, where: string) => {
    expect(r.headers.get('content-security-policy'), where).toBe(DASHBOARD_CSP);
    expect(r.headers.get('x-content-type-options'), where).toBe('nosniff');
    expect(r.headers.get('x-frame-options'), where).toBe('DENY');
    expect(r.headers.get('referrer-policy'), where).toBe('no-referrer');
    expect(r.headers.get('x-powered-by'), where).toBeNull();
  };

  it('sends them on the API, its errors, the dashboard and its 404', async () => {
    check(await h.call('/api/health', { token: null }), 'health');
    check(await h.call('/api/findings'), 'findings');
    check(await h.call('/api/findings', { token: null }), '401');
    check(await h.call('/api/findings/999999'), '404');
    check(await h.call('/api/check', { body: '{', headers: jsonHeaders }), '400');
    const index = await h.call('/', { token: null });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    check(index, 'dashboard');
    check(await h.call('/no-such-file.js', { token: null }), 'dashboard 404');
  });

  it('has a policy with no inline script, no eval, no framing and no plug-ins', () => {
    const directives = new Map(
      DASHBOARD_CSP.split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(DASHBOARD_CSP).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*|data:[^;]*script/);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
  });
});

// ---------------------------------------------------------------- the hostile copy

const HOSTILE = PLANTED.find((p) => p.hostile)!;

/** What an HTML document would run or load: script elements, event handlers, script URLs, frames and plug-ins. */
function activeContent(html: string): string[] {
  const found: string[] = [];
  const walk = (node: any) => {
    if (node.type === 'script' || node.name === 'script') found.push('<script>');
    if (node.attribs) {
      if (['iframe', 'frame', 'object', 'embed', 'svg', 'base', 'form', 'link'].includes(node.name)) found.push(`<${node.name}>`);
      if (node.name === 'meta' && /refresh/i.test(node.attribs['http-equiv'] ?? '')) found.push('<meta refresh>');
      for (const [name, value] of Object.entries<string>(node.attribs)) {
        if (/^on/i.test(name)) found.push(`${node.name} ${name}=`);

        if (/^(href|src|action|formaction|xlink:href|data)$/i.test(name) && /^\s*(javascript|vbscript|data):/i.test(value.replace(/[\u0000-\u001f]/g, '')))
          found.push(`${node.name} ${name}=${value}`);
      }
    }
    for (const child of node.children ?? []) walk(child);
  };
  walk(parseDocument(html));
  return found;
}

/** The text a browser would show. */
function visibleText(html: string): string {
  const parts: string[] = [];
  const walk = (node: any) => {
    if (node.type === 'text') parts.push(node.data);
    if (node.name === 'style') return;
    for (const child of node.children ?? []) walk(child);
  };
  walk(parseDocument(html, { decodeEntities: true }));
  return parts.join('');
}

describe('a copy full of script, event handlers and javascript: links', () => {
  let id: number;

  beforeAll(async () => {
    const r = await h.call(`/api/findings?site=${HOSTILE.host}&limit=500`);
    const f = r.json.items.find((x: any) => x.url === HOSTILE.url);
    expect(f, 'the hostile copy is a finding').toBeDefined();
    id = f.id;
  });

  it('is hostile indeed: its stored page runs script', async () => {
    const finding = (await h.app.store.findings.get(id))!;
    const body = (await h.app.store.evidence.body(finding.evidenceId!))!.toString('utf8');
    expect(activeContent(body).length).toBeGreaterThan(5);
  });

  it('comes out of the finding JSON as text: no raw <, > or & anywhere in the answer', async () => {
    const r = await h.call(`/api/findings/${id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.text).not.toMatch(/[<>]/);
    expect(r.text).toContain('\\u003cscript\\u003e');
    // Parsed, it is the page's text as it was, for the dashboard to set as text.
    expect(r.json.copy.text).toContain(HOSTILE_MARKUP);
    const list = await h.call(`/api/findings?site=${HOSTILE.host}`);
    expect(list.text).not.toMatch(/[<>]/);
  });

  it('comes out of a manual check as text', async () => {
    const r = await h.call('/api/check', { body: { url: HOSTILE.url } });
    expect(r.status).toBe(200);
    expect(r.json.article.title).toContain(HOSTILE_MARKUP);
    expect(r.text).not.toMatch(/[<>]/);
  });

  it('shows as inert, visible text in the HTML reports: the finding, the site and the takedown notices', async () => {
    for (const q of [`finding=${id}`, `site=${HOSTILE.host}`, `finding=${id}&notice=zh`, `finding=${id}&notice=en`]) {
      const r = await h.call(`/api/reports?format=html&${q}`);
      expect(r.status, q).toBe(200);
      expect(activeContent(r.text), q).toEqual([]);
      expect(r.headers.get('content-security-policy'), q).toMatch(/default-src 'none'/);
      expect(r.headers.get('content-security-policy'), q).toMatch(/sandbox/);
      expect(r.headers.get('content-security-policy'), q).not.toMatch(/script-src/);
    }
    const report = (await h.call(`/api/reports?format=html&finding=${id}`)).text;
    expect(visibleText(report)).toContain(HOSTILE_MARKUP);
  });

  it('stays text in the CSV and JSON exports', async () => {
    const json = await h.call(`/api/reports?format=json&finding=${id}`);
    expect(json.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(json.headers.get('x-content-type-options')).toBe('nosniff');
    // One finding's download: the finding, its original, its evidence and its audit trail.
    expect(json.json.finding.id).toBe(id);
    expect(json.json.evidence).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), capturedAt: expect.any(String) });
    expect(json.json.events[0]).toMatchObject({ to: 'open', from: null });
    expect(json.json.original.url).toMatch(/^http/);
    const csv = await h.call(`/api/reports?format=csv&site=${HOSTILE.host}`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment/);
  });
});
