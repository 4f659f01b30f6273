/**
 * Every route the express app registers × every role: the route has an entry in ROUTE_ROLES (a
 * route without one fails here, and the server refuses to start), each role at or above the
 * entry's gets past the role check, each role below it gets 403 FORBIDDEN, and nobody (no token,
 * no cookie) gets 401 on anything but the public routes.
 */
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, roleAtLeast } from '../../src/domain/index.ts';
import { createServer } from '../../src/server/index.ts';
import { ROUTE_ROLES, registeredRoutes } from '../../src/server/auth/roles.ts';
import { errorOf, startHarness, type Harness } from './harness.ts';
import { addPerson, type Person } from './people-support.ts';

let h: Harness;
let express: Express;
const people = new Map<string, Person>();

beforeAll(async () => {
  h = await startHarness({ scan: false });
  express = createServer(h.app, { tokens: { admin: h.admin }, env: {}, log: () => {} });
  for (const role of ROLES) people.set(role, await addPerson(h, `${role}-person`, role));
}, 60_000);

afterAll(async () => {
  await h?.close();
});

/** A request for the route that fails its validation (or finds nothing) once past the role check: nothing changes. */
function requestFor(route: string): { method: string; path: string; body?: unknown } {
  const [method, pattern] = route.split(' ');
  const path = pattern.replace(/:\w+/g, '999999');
  const body =
    method === 'GET' || method === 'DELETE' ? undefined : route === 'PATCH /api/users/:id' || route === 'POST /api/users/:id/reset' ? {} : { nonsense: true };
  return { method, path, body };
}

describe('ROUTE_ROLES', () => {
  it('has an entry for every route the app registers, and no entry for a route it does not have', () => {
    const routes = registeredRoutes(express);
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !(r in ROUTE_ROLES))).toEqual([]);
    expect(Object.keys(ROUTE_ROLES).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it("lets each role at or above the route's through, and refuses the others with 403 FORBIDDEN", async () => {
    const seen: string[] = [];
    for (const route of registeredRoutes(express)) {
      const access = ROUTE_ROLES[route];
      const { method, path, body } = requestFor(route);
      for (const role of ROLES) {
        const r = await h.call(path, { method, body, token: people.get(role)!.token });
        const label = `${role} ${route}: ${r.status} ${r.text.slice(0, 200)}`;
        if (access === 'public' || roleAtLeast(role, access)) {
          expect([401, 403], label).not.toContain(r.status);
        } else {
          expect(r.status, label).toBe(403);
          expect(errorOf(r).code, label).toBe('FORBIDDEN');
        }
        seen.push(`${role} ${route}`);
      }
      const anonymous = await h.call(path, { method, body, token: null });
      if (access === 'public') expect([401, 403], `anonymous ${route}`).not.toContain(anonymous.status);
      else expect(anonymous.status, `anonymous ${route}`).toBe(401);
    }
    expect(seen.length).toBe(registeredRoutes(express).length * ROLES.length);
  }, 120_000);

  it('nothing changed: no finding, run, account or token was touched by the refused requests', async () => {
    expect((await h.app.store.accounts.listUsers()).map((u) => u.username).sort()).toEqual(['admin-person', 'analyst-person', 'viewer-person']);
    expect(await h.app.store.scans.list()).toEqual([]);
    expect((await h.app.store.accounts.listTokens()).every((t) => t.revokedAt === null)).toBe(true);
  });
});
