/**
 * People: sessions as cookies (HttpOnly, SameSite=Strict, an expiry; signing out, and out
 * everywhere), CSRF on every change made with a cookie, sign-in throttled per account and per
 * address, personal API tokens (shown once, kept hashed, expiring, revocable), passwords kept as
 * scrypt hashes, and the audit trail naming the person for every change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/scan/app.ts';
import { sha256 } from '../../src/server/auth/secrets.ts';
import { startServer } from '../../src/server/index.ts';
import { errorOf, startHarness, type Harness } from './harness.ts';
import { addPerson, signIn, type Person } from './people-support.ts';

let h: Harness;
let viewer: Person;
let analyst: Person;
let admin: Person;
const realClock = () => new Date('2024-03-01T08:00:00Z');

beforeAll(async () => {
  h = await startHarness({ server: { signInLimits: { perAccount: 3, perAddress: 8, windowMs: 60_000 } } });
  viewer = await addPerson(h, 'vera', 'viewer');
  analyst = await addPerson(h, 'anna', 'analyst');
  admin = await addPerson(h, 'adam', 'admin');
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const withSession = (s: { cookie: string; csrf?: string }, extra: Record<string, string> = {}) => ({
  token: null,
  headers: { cookie: s.cookie, ...(s.csrf ? { 'x-csrf-token': s.csrf } : {}), ...extra },
});

describe('sessions', () => {
  it('signs in with a cookie that is HttpOnly, SameSite=Strict, expiring, and not Secure over plain HTTP', async () => {
    const s = await signIn(h, 'anna', analyst.password);
    expect(s.setCookie[0]).toMatch(/^cw_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    // The dashboard's hint that a session exists holds no secret.
    expect(s.setCookie[1]).toBe('cw_signed_in=1; Path=/; SameSite=Strict; Max-Age=43200');
    const who = await h.call('/api/session', withSession(s));
    expect(who.status).toBe(200);
    expect(who.json).toMatchObject({ actor: 'anna', role: 'analyst', via: 'session', csrfToken: s.csrf });
    // The session id is kept only as its hash.
    const value = s.cookie.split('=')[1];
    expect(await h.app.store.accounts.getSession(value)).toBeNull();
    expect(await h.app.store.accounts.getSession(sha256(value))).not.toBeNull();
  });

  it('refuses a wrong password and an unknown account alike, without saying which', async () => {
    const wrong = await h.call('/api/session', { token: null, body: { username: 'vera', password: 'not-her-password' } });
    const unknown = await h.call('/api/session', { token: null, body: { username: 'nobody-here', password: 'whatever-123456' } });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(errorOf(wrong)).toEqual(errorOf(unknown));
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('ends at its expiry', async () => {
    const s = await signIn(h, 'vera', viewer.password);
    try {
      h.app.clock = () => new Date(Date.parse('2024-03-01T08:00:00Z') + 12 * 3_600_000 + 1000);
      const r = await h.call('/api/findings', withSession(s));
      expect(r.status).toBe(401);
      expect(errorOf(r).code).toBe('AUTH_REQUIRED');
      expect(r.headers.getSetCookie()[0]).toMatch(/^cw_session=; .*Max-Age=0/);
    } finally {
      h.app.clock = realClock;
    }
  });

  it('signs out (this session), and out everywhere (every session of the account)', async () => {
    const a = await signIn(h, 'vera', viewer.password);
    const b = await signIn(h, 'vera', viewer.password);
    const out = await h.call('/api/session', { method: 'DELETE', ...withSession(a) });
    expect(out.status).toBe(204);
    expect((await h.call('/api/findings', withSession(a))).status).toBe(401);
    expect((await h.call('/api/findings', withSession(b))).status).toBe(200);
    const c = await signIn(h, 'vera', viewer.password);
    const everywhere = await h.call('/api/session/everywhere', { method: 'POST', body: {}, ...withSession(c) });
    expect(everywhere.status).toBe(200);
    expect(everywhere.json.ended).toBeGreaterThanOrEqual(2); // b, c (and the expired one of the test before)
    expect((await h.call('/api/findings', withSession(b))).status).toBe(401);
    expect((await h.call('/api/findings', withSession(c))).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses every change made with the cookie alone, or with a wrong token; bearer requests need none', async () => {
    const s = await signIn(h, 'anna', analyst.password);
    const f = (await h.call('/api/findings?limit=1')).json.items[0];
    // The right token with its last character changed (never to itself: a token ending in 'A' passed once).
    for (const csrf of [undefined, 'x', `${s.csrf.slice(0, -1)}${s.csrf.endsWith('A') ? 'B' : 'A'}`]) {
      const r = await h.call(`/api/findings/${f.id}`, { method: 'PATCH', body: { status: 'confirmed' }, ...withSession({ cookie: s.cookie, csrf }) });
      expect(r.status).toBe(403);
      expect(errorOf(r).code).toBe('CSRF_FAILED');
    }
    for (const [path, method, body] of [
      ['/api/scans', 'POST', { job: 'recheck' }],
      ['/api/check', 'POST', { url: 'http://example.com/' }],
      ['/api/tokens', 'POST', { name: 'x' }],
      ['/api/session', 'DELETE', undefined],
      ['/api/session/everywhere', 'POST', {}],
    ] as const) {
      const r = await h.call(path, { method, body, ...withSession({ cookie: s.cookie }) });
      expect(r.status, path).toBe(403);
      expect(errorOf(r).code, path).toBe('CSRF_FAILED');
    }
    expect((await h.app.store.findings.get(f.id))!.status).toBe('open');
    // Reading needs no CSRF token; a change with the right one goes through; bearer needs none.
    expect((await h.call('/api/findings', withSession({ cookie: s.cookie }))).status).toBe(200);
    const ok = await h.call(`/api/findings/${f.id}`, { method: 'PATCH', body: { status: 'confirmed', note: 'by anna' }, ...withSession(s) });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.events.at(-1)).toMatchObject({ actor: 'anna', to: 'confirmed' });
  });
});

describe('personal API tokens', () => {
  it("are shown once, kept hashed, carry the owner's role, and stop at revocation, expiry, or when the account is disabled", async () => {
    const made = await h.call('/api/tokens', { token: analyst.token, body: { name: 'ci', expiresInDays: 1 } });
    expect(made.status).toBe(201);
    const secret: string = made.json.secret;
    expect(secret).toMatch(/^cwt_/);
    expect(JSON.stringify(await h.app.store.accounts.listTokens())).not.toContain(secret);
    expect((await h.call('/api/tokens', { token: analyst.token })).text).not.toContain(secret);
    expect((await h.call('/api/users', { token: secret })).status).toBe(403);
    expect((await h.call('/api/findings', { token: secret })).status).toBe(200);
    // Expiry.
    h.app.clock = () => new Date(Date.parse('2024-03-01T08:00:00Z') + 2 * 86_400_000);
    try {
      const expired = await h.call('/api/findings', { token: secret });
      expect(expired.status).toBe(401);
      expect(errorOf(expired).message).toMatch(/expired/);
    } finally {
      h.app.clock = realClock;
    }
    // Revocation, by its owner; a viewer may not revoke someone else's.
    expect((await h.call(`/api/tokens/${made.json.token.id}`, { method: 'DELETE', token: viewer.token })).status).toBe(404);
    expect((await h.call(`/api/tokens/${made.json.token.id}`, { method: 'DELETE', token: analyst.token })).status).toBe(200);
    const revoked = await h.call('/api/findings', { token: secret });
    expect(revoked.status).toBe(401);
    expect(errorOf(revoked).message).toMatch(/revoked/);
    // A disabled account's tokens and sessions stop.
    const other = await addPerson(h, 'temp', 'analyst');
    const s = await signIn(h, 'temp', other.password);
    expect((await h.call(`/api/users/${other.id}`, { method: 'PATCH', token: admin.token, body: { disabled: true } })).status).toBe(200);
    expect((await h.call('/api/findings', { token: other.token })).status).toBe(401);
    expect((await h.call('/api/findings', withSession(s))).status).toBe(401);
    expect((await h.call('/api/session', { token: null, body: { username: 'temp', password: other.password } })).status).toBe(401);
  });
});

describe('accounts and the audit trail', () => {
  it('keeps passwords as salted scrypt hashes, never in clear', async () => {
    const found = await h.app.store.accounts.findUser('vera');
    expect(found!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(found!.passwordHash).not.toContain(viewer.password);
    const again = await h.app.store.accounts.findUser('anna');
    expect(again!.passwordHash.split('$')[4]).not.toBe(found!.passwordHash.split('$')[4]);
  });

  it('resets a password to a one-time password shown once, ending the sessions', async () => {
    const s = await signIn(h, 'anna', analyst.password);
    const r = await h.call(`/api/users/${analyst.id}/reset`, { token: admin.token, body: {} });
    expect(r.status).toBe(200);
    expect(r.json.password).toMatch(/^[a-z2-9]{20}$/);
    expect((await h.call('/api/findings', withSession(s))).status).toBe(401);
    await signIn(h, 'anna', r.json.password);
    analyst.password = r.json.password;
  });

  it('names the person for every change, for admins only', async () => {
    expect((await h.call('/api/audit', { token: analyst.token })).status).toBe(403);
    const trail = await h.call('/api/audit?limit=500', { token: admin.token });
    expect(trail.status).toBe(200);
    const lines = trail.json.items.map((e: any) => `${e.actor} ${e.action} ${e.subject}`);
    expect(lines).toContain('bootstrap token user.add user vera');
    expect(lines).toContain('anna finding.status finding ' + (await h.call('/api/findings?status=confirmed')).json.items[0].id);
    expect(lines).toContain('adam user.disable user temp');
    expect(lines).toContain('adam user.reset user anna');
    expect(lines.some((l: string) => l.startsWith('anna token.revoke'))).toBe(true);
    expect(JSON.stringify(trail.json)).not.toContain(viewer.password);
  });
});

describe('sign-in throttling', () => {
  it('locks an account out after 3 failures (even with the right password), and an address after 8', async () => {
    for (let i = 0; i < 3; i++)
      expect((await h.call('/api/session', { token: null, body: { username: 'adam', password: `wrong-${i}-0000000` } })).status).toBe(401);
    const locked = await h.call('/api/session', { token: null, body: { username: 'adam', password: admin.password } });
    expect(locked.status).toBe(429);
    expect(errorOf(locked).code).toBe('RATE_LIMITED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other accounts from this address still may, until the address's limit.
    expect((await h.call('/api/session', { token: null, body: { username: 'vera', password: viewer.password } })).status).toBe(201);
    for (let i = 0; i < 5; i++) await h.call('/api/session', { token: null, body: { username: `ghost${i}`, password: 'wrong-password-x' } });
    const address = await h.call('/api/session', { token: null, body: { username: 'vera', password: viewer.password } });
    expect(address.status).toBe(429);
    // Tokens are not throttled by sign-ins.
    expect((await h.call('/api/findings', { token: admin.token })).status).toBe(200);
  });
});

describe('retiring the bootstrap token (server.accountsOnly)', () => {
  it('serves accounts only, and refuses to start without an active admin account', async () => {
    const config = { ...h.app.config, server: { ...h.app.config.server, token: undefined, readOnlyToken: undefined, accountsOnly: true } };
    const retired = { ...h.app, config } as App;
    const server = await startServer(retired, { host: '127.0.0.1', port: 0, env: {}, log: () => {} });
    try {
      expect((await fetch(`${server.url}/api/findings`, { headers: { authorization: `Bearer ${h.admin}` } })).status).toBe(401);
      expect((await fetch(`${server.url}/api/users`, { headers: { authorization: `Bearer ${admin.token}` } })).status).toBe(200);
    } finally {
      await server.close();
    }
    const accounts = Object.assign(Object.create(h.app.store.accounts), { listUsers: async () => [] });
    const empty = { ...retired, store: Object.assign(Object.create(h.app.store), { accounts }) } as App;
    await expect(startServer(empty, { host: '127.0.0.1', port: 0, env: {}, log: () => {} })).rejects.toThrow(/no active admin account/);
  });
});
