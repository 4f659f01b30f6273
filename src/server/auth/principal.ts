/**
 * Who is asking: a bearer token (the config's bootstrap tokens, compared in constant time, or a
 * person's API token, looked up by its hash), else a session cookie. A cookie request that
 * changes anything must carry the session's CSRF token in `X-CSRF-Token` (bearer requests are
 * exempt: a browser never sends them on its own).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { roleAtLeast, type Role, type User } from '../../domain/index.ts';
import type { Store } from '../../store/index.ts';
import { HttpError } from '../errors.ts';
import { accessOf } from './roles.ts';
import { sha256 } from './secrets.ts';

export interface Principal {
  role: Role;
  /** How the audit trail names them: the username, or "bootstrap token". */
  actor: string;
  /** The account, or null for the bootstrap tokens. */
  user: User | null;
  via: 'bootstrap' | 'bootstrap-read' | 'token' | 'session';
  /** The session's id hash and CSRF token (cookie requests). */
  session?: { idHash: string; csrf: string; expiresAt: string };
  /** The personal token's id (token requests). */
  tokenId?: number;
}

const SESSION_COOKIE = 'cw_session';
const CSRF_HEADER = 'x-csrf-token';

export interface Tokens {
  /** Bootstrap admin token (server.token), or null when retired (server.accountsOnly). */
  admin: string | null;
  /** Bootstrap read-only token (server.readOnlyToken), or none. */
  read?: string | null;
}

export function principalOf(res: Response): Principal | null {
  return (res.locals.principal as Principal | undefined) ?? null;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="copywatch"' };
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The value of one cookie of the request, or null. */
function cookie(req: Request, name: string): string | null {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

function activeUser(user: User): boolean {
  return user.disabledAt === null;
}

export function authenticate(tokens: Tokens, store: Store, clock: () => Date) {
  // A retired bootstrap token is compared against random bytes nobody holds: the time taken stays the same.
  const admin = tokens.admin === null ? randomBytes(32) : digest(tokens.admin);
  const read = tokens.read ? digest(tokens.read) : null;
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (accessOf(req.method, req.originalUrl.split('?')[0]) === 'public') return next();
    const header = req.get('authorization');
    const now = clock().toISOString();
    if (header) {
      const m = /^Bearer[ ]+([\x21-\x7E]+)[ ]*$/i.exec(header);
      if (!m) throw new HttpError('AUTH_INVALID', 'expected Authorization: Bearer <token>', CHALLENGE);
      const given = digest(m[1]);
      // Both comparisons always run, whatever the token.
      const isAdmin = timingSafeEqual(given, admin);
      const isRead = read ? timingSafeEqual(given, read) : false;
      if (isAdmin) {
        res.locals.principal = { role: 'admin', actor: 'bootstrap token', user: null, via: 'bootstrap' } satisfies Principal;
        return next();
      }
      if (isRead) {
        if (!READ_METHODS.has(req.method)) throw new HttpError('READ_ONLY', `the read-only token may only read; ${req.method} needs another token`);
        res.locals.principal = { role: 'viewer', actor: 'bootstrap read-only token', user: null, via: 'bootstrap-read' } satisfies Principal;
        return next();
      }
      const found = await store.accounts.findToken(sha256(m[1]));
      if (!found) throw new HttpError('AUTH_INVALID', 'the token is not valid', CHALLENGE);
      const { token, user } = found;
      if (token.revokedAt) throw new HttpError('AUTH_INVALID', `the token "${token.name}" was revoked`, CHALLENGE);
      if (token.expiresAt && token.expiresAt <= now) throw new HttpError('AUTH_INVALID', `the token "${token.name}" expired`, CHALLENGE);
      if (!activeUser(user)) throw new HttpError('AUTH_INVALID', `the account of the token "${token.name}" is disabled`, CHALLENGE);
      // Noted at most once a minute per token.
      if (!token.lastUsedAt || Date.parse(now) - Date.parse(token.lastUsedAt) > 60_000) await store.accounts.touchToken(token.id, now);
      res.locals.principal = { role: user.role, actor: user.username, user, via: 'token', tokenId: token.id } satisfies Principal;
      return next();
    }
    const sid = cookie(req, SESSION_COOKIE);
    if (!sid) throw new HttpError('AUTH_REQUIRED', 'sign in, or send Authorization: Bearer <token>', CHALLENGE);
    const idHash = sha256(sid);
    const found = await store.accounts.getSession(idHash);
    if (!found || found.session.expiresAt <= now || !activeUser(found.user)) {
      res.setHeader('Set-Cookie', clearCookie(req));
      throw new HttpError('AUTH_REQUIRED', found ? 'the session has ended: sign in again' : 'sign in again', CHALLENGE);
    }
    if (!READ_METHODS.has(req.method)) {
      const given = req.get(CSRF_HEADER) ?? '';
      const expected = found.session.csrf;
      if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
        throw new HttpError('CSRF_FAILED', `a change made with a session cookie needs the session's CSRF token in the ${CSRF_HEADER} header`);
      }
    }
    const { user, session } = found;
    res.locals.principal = {
      role: user.role,
      actor: user.username,
      user,
      via: 'session',
      session: { idHash, csrf: session.csrf, expiresAt: session.expiresAt },
    } satisfies Principal;
    next();
  };
}

/** Secure when the request came over HTTPS (the server itself, or `server.secureCookies`). */
function secure(req: Request, force: boolean): string {
  return req.secure || force ? '; Secure' : '';
}

/** The dashboard's script may know that a session exists (not its id): it then asks who is signed in instead of showing the sign-in form. */
const HINT_COOKIE = 'cw_signed_in';

/** The session cookie (HttpOnly, SameSite=Strict, expiring) and its companion hint (no secret in it). */
export function sessionCookie(req: Request, value: string, maxAgeSeconds: number, forceSecure = false): string[] {
  const attrs = `Path=/; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure(req, forceSecure)}`;
  return [`${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure(req, forceSecure)}`, `${HINT_COOKIE}=1; ${attrs}`];
}

export function clearCookie(req: Request, forceSecure = false): string[] {
  return [
    `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure(req, forceSecure)}`,
    `${HINT_COOKIE}=; Path=/; SameSite=Strict; Max-Age=0${secure(req, forceSecure)}`,
  ];
}
/** Refuses a request whose principal's role is below the route's (FORBIDDEN, 403). */
export function enforceRoles(req: Request, res: Response, next: NextFunction): void {
  const access = accessOf(req.method, req.originalUrl.split('?')[0]);
  if (access === null || access === 'public') return next();
  const who = principalOf(res);
  if (!who) throw new HttpError('AUTH_REQUIRED', 'sign in, or send Authorization: Bearer <token>');
  if (!roleAtLeast(who.role, access)) {
    throw new HttpError(
      'FORBIDDEN',
      `${req.method} ${req.path.slice(0, 100)} needs the ${access} role; ${who.actor} is ${who.role === 'admin' ? 'an' : 'a'} ${who.role}`,
    );
  }
  next();
}
