/**
 * What stands between the network and the routes: security headers on every response, strict
 * content types for bodies, and a token bucket per person (or bootstrap token) for manual checks.
 * Who is asking and what they may do: auth/.
 */
import type { NextFunction, Request, Response } from 'express';
import { principalOf } from './auth/principal.ts';
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

const READ_METHODS = new Set(['GET', 'HEAD']);

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
    const who = principalOf(res);
    // One bucket per person (their sessions and tokens alike), one per bootstrap token.
    const wait = buckets.take(who?.user ? `user:${who.user.id}` : (who?.via ?? 'anonymous'));
    if (wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      throw new HttpError('RATE_LIMITED', `too many ${what}: try again in ${seconds} s`, { 'Retry-After': String(seconds) });
    }
    next();
  };
}
