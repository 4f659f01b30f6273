/**
 * What stands between the network and the routes: security headers on every response, bearer
 * tokens compared in constant time (an admin token, and a read-only token that may only GET),
 * strict content types for bodies, and a token bucket per token for manual checks.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './errors.ts';

/**
 * The dashboard's policy: its own scripts, styles and images only, no inline script, no
 * framing, nothing sent anywhere but back here.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The policy of a downloaded HTML report: the report's own (no script at all, inline styles only,
 * no network), sandboxed, never framed.
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'; sandbox";

export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
  next();
}

// ---------------------------------------------------------------- tokens

export type Role = 'admin' | 'read';

export interface Tokens {
  /** Read and write. Required. */
  admin: string;
  /** Read only (GET), or none. */
  read?: string | null;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Compares hashes, so the time taken tells nothing of the token, not even its length. */
function same(given: Buffer, expected: Buffer): boolean {
  return timingSafeEqual(given, expected);
}

/** The role of the request's token (set by requireToken). */
export function roleOf(res: Response): Role | null {
  return (res.locals.role as Role | undefined) ?? null;
}

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="copywatch"' };
const READ_METHODS = new Set(['GET', 'HEAD']);

/** Requires `Authorization: Bearer <token>`; the read-only token passes only GET and HEAD. */
export function requireToken(tokens: Tokens) {
  const admin = digest(tokens.admin);
  const read = tokens.read ? digest(tokens.read) : null;
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get('authorization');
    if (!header) throw new HttpError('AUTH_REQUIRED', 'this needs a token: send Authorization: Bearer <token>', CHALLENGE);
    const m = /^Bearer[ ]+([\x21-\x7E]+)[ ]*$/i.exec(header);
    if (!m) throw new HttpError('AUTH_INVALID', 'expected Authorization: Bearer <token>', CHALLENGE);
    const given = digest(m[1]);
    // Both comparisons always run.
    const isAdmin = same(given, admin);
    const isRead = read ? same(given, read) : false;
    if (!isAdmin && !isRead) throw new HttpError('AUTH_INVALID', 'the token is not valid', CHALLENGE);
    const role: Role = isAdmin ? 'admin' : 'read';
    if (role === 'read' && !READ_METHODS.has(req.method)) {
      throw new HttpError('READ_ONLY', `the read-only token may only read; ${req.method} needs the admin token`);
    }
    res.locals.role = role;
    next();
  };
}

// ---------------------------------------------------------------- bodies

/** A request that sends (or may send) a body must declare it as JSON. */
export function requireJson(req: Request, _res: Response, next: NextFunction): void {
  if (READ_METHODS.has(req.method) || req.method === 'OPTIONS' || req.method === 'DELETE') return next();
  if (!req.is('application/json')) {
    const given = req.get('content-type');
    throw new HttpError('MEDIA_TYPE', `expected Content-Type: application/json, got ${given ? JSON.stringify(given.slice(0, 80)) : 'none'}`);
  }
  next();
}

// ---------------------------------------------------------------- rate limit

export interface RateLimit {
  /** Tokens added per minute, evenly. */
  perMinute: number;
  /** Most tokens held at once (the burst). */
  burst: number;
}

/** A token bucket per key, in memory (one process). */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token for `key`; returns 0 when taken, else the ms until one is there. */
  take(key: string): number {
    const t = this.now();
    const perMs = this.limit.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, at: t };
    b.tokens = Math.min(this.limit.burst, b.tokens + (t - b.at) * perMs);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / perMs);
  }
}

export function rateLimited(buckets: TokenBuckets, what: string) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const wait = buckets.take(roleOf(res) ?? 'anonymous');
    if (wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      throw new HttpError('RATE_LIMITED', `too many ${what}: try again in ${seconds} s`, { 'Retry-After': String(seconds) });
    }
    next();
  };
}
