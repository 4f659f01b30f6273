/**
 * Who may do what: one table from `METHOD /route` (as registered with express) to the least role
 * that may call it, enforced by one middleware (`enforceRoles`). `public` routes need no one.
 * A route registered without an entry stops the server from starting (`assertRolesCover`), and a
 * test walks every registered route × every role.
 */
import type { Express } from 'express';
import type { Role } from '../../domain/index.ts';

export type Access = Role | 'public';

export const ROUTE_ROLES: Readonly<Record<string, Access>> = {
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  // Signing in, and who is signed in; signing out (this session, or every session of the account).
  'POST /api/session': 'public',
  'GET /api/session': 'viewer',
  'DELETE /api/session': 'viewer',
  'POST /api/session/everywhere': 'viewer',
  // Reading.
  'GET /api/findings': 'viewer',
  'GET /api/findings/:id': 'viewer',
  'GET /api/findings/:id/bundle': 'viewer',
  'GET /api/findings/:id/screenshot': 'viewer',
  'GET /api/findings/:id/images/:role': 'viewer',
  'GET /api/scans': 'viewer',
  'GET /api/scans/:id': 'viewer',
  'GET /api/articles': 'viewer',
  'GET /api/sites': 'viewer',
  'GET /api/overview': 'viewer',
  'GET /api/reports': 'viewer',
  // One's own personal API tokens (an admin sees and revokes everyone's).
  'GET /api/tokens': 'viewer',
  'POST /api/tokens': 'viewer',
  'DELETE /api/tokens/:id': 'viewer',
  // Work on findings: status changes, manual checks, runs.
  'PATCH /api/findings/:id': 'analyst',
  'POST /api/check': 'analyst',
  'POST /api/scans': 'analyst',
  // A site discovery found becomes a target (what scans crawl): part of running scans.
  'POST /api/sites/:host/promote': 'analyst',
  // People, the audit trail, the alerts' queue and delivery log.
  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'PATCH /api/users/:id': 'admin',
  'POST /api/users/:id/reset': 'admin',
  'GET /api/audit': 'admin',
  'GET /api/alerts': 'admin',
};

const compiled = Object.entries(ROUTE_ROLES).map(([key, access]) => {
  const [method, path] = key.split(' ');
  return { method, pattern: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/:\w+/g, '[^/]+')}/?$`, 'i'), access };
});

/** The access of the route a request is for, or null when the API has no such route (404/405 later). */
export function accessOf(method: string, path: string): Access | null {
  const m = method === 'HEAD' ? 'GET' : method;
  return compiled.find((c) => c.method === m && c.pattern.test(path))?.access ?? null;
}

/** `METHOD /path` of every route registered on the app (express 5: app.router.stack). */
export function registeredRoutes(app: Express): string[] {
  const stack = (app as unknown as { router: { stack: Array<{ route?: { path: string | string[]; methods: Record<string, boolean> } }> } }).router.stack;
  const out: string[] = [];
  for (const layer of stack) {
    if (!layer.route) continue;
    for (const path of Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path]) {
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return out;
}

/** Throws when a registered route has no entry in ROUTE_ROLES (a route nobody decided about). */
export function assertRolesCover(app: Express): void {
  const missing = registeredRoutes(app).filter((r) => !(r in ROUTE_ROLES));
  if (missing.length) throw new Error(`routes without an entry in ROUTE_ROLES (src/server/auth/roles.ts): ${missing.join(', ')}`);
}
