/**
 * People: signing in and out (sessions as cookies), accounts (admins), personal API tokens, and
 * the audit trail (admins). Sign-in is throttled per account and per address; a failed one says
 * nothing of whether the account exists.
 */
import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import { CopywatchError, type ApiToken, type User } from '../../domain/index.ts';
import { DUMMY_HASH, verifyPassword } from '../auth/passwords.ts';
import { addUser, changeUser, resetPassword, type Actor } from '../auth/people.ts';
import { clearCookie, principalOf, sessionCookie, type Principal } from '../auth/principal.ts';
import { newApiToken, randomSecret, sha256 } from '../auth/secrets.ts';
import { actorOf, audit, type ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { idParams, intString, parse, show } from '../validate.ts';

const text = (what: string, max: number) =>
  z
    .string({ error: (iss) => `expected ${what}, got ${show(iss.input)}` })
    .min(1, { error: `expected ${what}, got an empty string` })
    .max(max, { error: `expected ${what} of at most ${max} characters` });

const signInBody = z.strictObject({ username: text('a user name', 64), password: text('a password', 1024) });
const roleEnum = z.enum(['viewer', 'analyst', 'admin'], { error: (iss) => `expected viewer, analyst or admin, got ${show(iss.input)}` });
const addBody = z.strictObject({ username: text('a user name', 64), role: roleEnum, password: text('a password', 1024) });
const changeBody = z.strictObject({
  role: roleEnum.optional(),
  disabled: z.boolean({ error: (iss) => `expected true or false, got ${show(iss.input)}` }).optional(),
});
const resetBody = z.strictObject({ password: text('a password', 1024).optional() });
const tokenBody = z.strictObject({
  name: text('a name for the token', 100),
  /** Days until it expires (default 90; null: never). */
  expiresInDays: z
    .number({ error: (iss) => `expected a number of days, got ${show(iss.input)}` })
    .int()
    .min(1)
    .max(3650)
    .nullable()
    .optional(),
  /** Admins: whose token (default one's own). */
  userId: z
    .number({ error: (iss) => `expected an account id, got ${show(iss.input)}` })
    .int()
    .min(1)
    .optional(),
});

const userRecord = (u: User) => ({
  id: u.id,
  username: u.username,
  role: u.role,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
  disabled: u.disabledAt !== null,
  disabledAt: u.disabledAt,
});
const tokenRecord = (t: ApiToken) => t;

function by(ctx: ServerContext, res: Response): Actor {
  return { actor: actorOf(res), userId: principalOf(res)?.user?.id ?? null, at: ctx.app.clock().toISOString() };
}

function whoRecord(p: Principal) {
  return {
    user: p.user ? userRecord(p.user) : null,
    actor: p.actor,
    role: p.role,
    via: p.via,
    csrfToken: p.session?.csrf ?? null,
    expiresAt: p.session?.expiresAt ?? null,
  };
}

const address = (req: Request) => req.socket.remoteAddress ?? 'unknown';

export function peopleRoutes(server: Express, ctx: ServerContext): void {
  const { store } = ctx.app;

  server.post('/api/session', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const body = parse(signInBody, req.body, 'body');
    const wait = ctx.signIns.wait(body.username, address(req));
    if (wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      throw new HttpError('RATE_LIMITED', `too many failed sign-ins: try again in ${seconds} s`, { 'Retry-After': String(seconds) });
    }
    const found = await store.accounts.findUser(body.username);
    // An unknown account costs as much time as a known one.
    const ok = await verifyPassword(body.password, found?.passwordHash ?? DUMMY_HASH);
    if (!found || !ok || found.user.disabledAt !== null) {
      ctx.signIns.failed(body.username, address(req));
      throw new HttpError('AUTH_INVALID', 'wrong user name or password, or the account is disabled');
    }
    ctx.signIns.succeeded(body.username);
    const sid = randomSecret();
    const csrf = randomSecret();
    const now = ctx.app.clock();
    const expiresAt = new Date(now.getTime() + ctx.session.ttlMs).toISOString();
    await store.accounts.addSession(sha256(sid), { userId: found.user.id, csrf, createdAt: now.toISOString(), expiresAt });
    await store.accounts.audit({
      actor: found.user.username,
      userId: found.user.id,
      at: now.toISOString(),
      action: 'session.start',
      subject: `user ${found.user.username}`,
      detail: null,
    });
    res.setHeader('Set-Cookie', sessionCookie(req, sid, Math.floor(ctx.session.ttlMs / 1000), ctx.session.secureCookies));
    res.status(201).json({ user: userRecord(found.user), actor: found.user.username, role: found.user.role, via: 'session', csrfToken: csrf, expiresAt });
  });

  server.get('/api/session', (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    res.json(whoRecord(principalOf(res)!));
  });

  server.delete('/api/session', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const who = principalOf(res)!;
    if (who.session) await store.accounts.removeSession(who.session.idHash);
    res.setHeader('Set-Cookie', clearCookie(req, ctx.session.secureCookies));
    res.status(204).end();
  });

  server.post('/api/session/everywhere', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const who = principalOf(res)!;
    if (!who.user) throw new CopywatchError('INPUT_INVALID', 'the bootstrap tokens have no sessions');
    const ended = await store.accounts.removeSessions(who.user.id);
    await audit(ctx, res, 'session.end-everywhere', `user ${who.user.username}`, { sessions: ended });
    res.setHeader('Set-Cookie', clearCookie(req, ctx.session.secureCookies));
    res.json({ ended });
  });

  // ------------------------------------------------------------ accounts (admins)

  server.get('/api/users', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    res.json({ items: (await store.accounts.listUsers()).map(userRecord) });
  });

  server.post('/api/users', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const body = parse(addBody, req.body, 'body');
    const user = await addUser(store, body, by(ctx, res));
    res.status(201).json({ user: userRecord(user) });
  });

  server.patch('/api/users/:id', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const { id } = parse(idParams, req.params, 'path');
    const body = parse(changeBody, req.body, 'body');
    res.json({ user: userRecord(await changeUser(store, id, body, by(ctx, res))) });
  });

  server.post('/api/users/:id/reset', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const { id } = parse(idParams, req.params, 'path');
    const body = parse(resetBody, req.body, 'body');
    if (!(await store.accounts.getUser(id))) throw new CopywatchError('NOT_FOUND', `account ${id} does not exist`);
    const { user, password } = await resetPassword(store, id, body.password ?? null, by(ctx, res));
    // The one-time password is shown once, here; the account's sessions have ended.
    res.json({ user: userRecord(user), password });
  });

  // ------------------------------------------------------------ personal API tokens

  server.get('/api/tokens', async (req, res) => {
    const q = parse(z.strictObject({ all: z.enum(['1', 'true']).optional() }), req.query, 'query');
    const who = principalOf(res)!;
    if (q.all && who.role !== 'admin') throw new HttpError('FORBIDDEN', "only admins see every account's tokens");
    if (!who.user && !q.all) return void res.json({ items: [] });
    res.json({ items: (await store.accounts.listTokens(q.all ? undefined : who.user!.id)).map(tokenRecord) });
  });

  server.post('/api/tokens', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const body = parse(tokenBody, req.body, 'body');
    const who = principalOf(res)!;
    const ownerId = body.userId ?? who.user?.id;
    if (ownerId === undefined)
      throw new CopywatchError('INPUT_INVALID', 'body.userId: the bootstrap token has no account of its own: name the account the token is for');
    if (ownerId !== who.user?.id && who.role !== 'admin') throw new HttpError('FORBIDDEN', 'only admins make tokens for other accounts');
    const owner = await store.accounts.getUser(ownerId);
    if (!owner) throw new CopywatchError('NOT_FOUND', `account ${ownerId} does not exist`);
    const now = ctx.app.clock();
    const days = body.expiresInDays === undefined ? 90 : body.expiresInDays;
    const secret = newApiToken();
    const token = await store.accounts.addToken({
      userId: owner.id,
      name: body.name,
      tokenHash: secret.hash,
      prefix: secret.prefix,
      at: now.toISOString(),
      expiresAt: days === null ? null : new Date(now.getTime() + days * 86_400_000).toISOString(),
    });
    await audit(ctx, res, 'token.create', `token ${token.id} (${token.name}) of ${owner.username}`, { expiresAt: token.expiresAt });
    // The token itself is shown this once; only its hash is kept.
    res.status(201).json({ token: tokenRecord(token), secret: secret.token });
  });

  server.delete('/api/tokens/:id', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const { id } = parse(idParams, req.params, 'path');
    const who = principalOf(res)!;
    const token = await store.accounts.getToken(id);
    if (!token || (token.userId !== who.user?.id && who.role !== 'admin')) throw new CopywatchError('NOT_FOUND', `token ${id} does not exist`);
    const revoked = await store.accounts.revokeToken(id, ctx.app.clock().toISOString());
    await audit(ctx, res, 'token.revoke', `token ${id} (${token.name}) of ${token.username}`);
    res.json({ token: tokenRecord(revoked) });
  });

  // ------------------------------------------------------------ the audit trail (admins)

  server.get('/api/audit', async (req, res) => {
    const q = parse(z.strictObject({ before: intString(1, Number.MAX_SAFE_INTEGER).optional(), limit: intString(1, 500).optional() }), req.query, 'query');
    const items = await store.accounts.auditTrail({ before: q.before, limit: q.limit });
    res.json({ items, nextBefore: items.length ? items[items.length - 1].id : null });
  });
}
