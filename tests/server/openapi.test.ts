/**
 * The OpenAPI document at /api/openapi.json against the routes the express app really has: every
 * route documented (a route added without documenting it fails here), every documented operation
 * served, every documented query parameter accepted, every path parameter declared, every
 * reference resolved.
 */
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, openApiDocument } from '../../src/server/index.ts';
import { errorOf, startHarness, type Harness } from './harness.ts';

let h: Harness;
let express: Express;

beforeAll(async () => {
  h = await startHarness({ scan: false });
  express = createServer(h.app, { tokens: { admin: h.admin }, env: {}, log: () => {} });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `METHOD /path/{id}` of every route registered on the app (express 5: app.router.stack). */
function registered(app: Express): string[] {
  const stack = (
    app as unknown as {
      router: { stack: Array<{ name: string; handle: { stack?: unknown }; route?: { path: string | string[]; methods: Record<string, boolean> } }> };
    }
  ).router.stack;
  const out: string[] = [];
  for (const layer of stack) {
    // A mounted router would hide its routes from this list: the app registers routes directly.
    expect(layer.route || !layer.handle.stack, `a mounted router (${layer.name}): list its routes here`).toBeTruthy();
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const path of paths) {
      expect(typeof path, 'routes are plain string paths').toBe('string');
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') out.push(`${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`);
      }
    }
  }
  return out.sort();
}

type Operation = { parameters?: Array<{ name: string; in: string; required?: boolean; schema?: any }>; responses: Record<string, any>; security?: unknown[] };

function documented(): Array<{ key: string; method: string; path: string; op: Operation }> {
  return Object.entries(openApiDocument.paths as unknown as Record<string, Record<string, Operation>>).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([m]) => METHODS.includes(m))
      .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, op })),
  );
}

describe('the OpenAPI document', () => {
  it('is served at /api/openapi.json, as it is in the code', async () => {
    // Public: the dashboard points people to it, and it holds no data.
    const r = await h.call('/api/openapi.json', { token: null });
    expect(r.status).toBe(200);
    expect(r.json).toEqual(JSON.parse(JSON.stringify(openApiDocument)));
    expect(r.json.openapi).toBe('3.1.0');
  });

  it('documents every route the app has, and nothing it does not have', () => {
    const routes = registered(express);
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.every((r) => r.split(' ')[1].startsWith('/api/'))).toBe(true);
    expect(
      documented()
        .map((d) => d.key)
        .sort(),
    ).toEqual(routes);
  });

  it('answers every documented operation (no ROUTE_NOT_FOUND)', async () => {
    for (const { method, path } of documented()) {
      const url = path.replace('{id}', '1');
      const r = await h.call(url, { method, body: method === 'GET' ? undefined : {} });
      const code = r.status >= 400 ? errorOf(r).code : null;
      expect(code, `${method} ${path}`).not.toBe('ROUTE_NOT_FOUND');
      expect(r.status, `${method} ${path}`).not.toBe(405);
    }
  });

  it('declares every path parameter of a path, as required', () => {
    for (const { key, path, op } of documented()) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
      expect(declared.map((p) => p.name).sort(), key).toEqual(inPath);
      for (const p of declared) expect(p.required, `${key} ${p.name}`).toBe(true);
    }
  });

  it('documents only query parameters the endpoint accepts, and the endpoint refuses others', async () => {
    for (const { key, method, path, op } of documented()) {
      if (method !== 'GET') continue;
      const url = path.replace('{id}', '1');
      for (const p of (op.parameters ?? []).filter((x) => x.in === 'query')) {
        const r = await h.call(`${url}?${p.name}=x`);
        if (r.status >= 400) expect(errorOf(r).message, `${key} ?${p.name}`).not.toMatch(/unknown field/);
      }
      if (path === '/api/health' || path === '/api/openapi.json') continue;
      const unknown = await h.call(`${url}?no_such_parameter=1`);
      expect(unknown.status, key).toBe(400);
      expect(errorOf(unknown).message, key).toMatch(/unknown field "no_such_parameter"/);
    }
  });

  it('gives each operation a success answer and the error answers every endpoint may give', () => {
    for (const { key, op, path } of documented()) {
      const codes = Object.keys(op.responses);
      expect(
        codes.some((c) => /^2\d\d$/.test(c)),
        key,
      ).toBe(true);
      if (path === '/api/health') {
        expect(op.security, key).toEqual([]);
        continue;
      }
      expect(codes, key).toContain('401');
      expect(codes, key).toContain('400');
    }
  });

  it('resolves every $ref', () => {
    const refs: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref') refs.push(x as string);
          else walk(x);
        }
      }
    };
    walk(openApiDocument);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of new Set(refs)) {
      const [, , group, name] = ref.split('/');
      expect((openApiDocument.components as any)[group]?.[name], ref).toBeDefined();
    }
  });
});
