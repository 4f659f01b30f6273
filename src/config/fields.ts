/** Field schemas shared by the config's sections, each with an "expected X, got Y" message. */
import { isIP } from 'node:net';
import safeRegex from 'safe-regex2';
import { z } from 'zod';
import { expected } from '../domain/index.ts';

/** A non-empty string. */
export const text = (what = 'a non-empty string') =>
  z.string({ error: (iss) => expected(what, iss.input) }).min(1, { error: (iss) => expected(what, iss.input) });

export const bool = () => z.boolean({ error: (iss) => expected('true or false', iss.input) });

/** A whole number in [min, max]. */
export function int(min: number, max = Number.MAX_SAFE_INTEGER) {
  const what = max === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`;
  return z
    .number({ error: (iss) => expected(what, iss.input) })
    .int({ error: (iss) => expected(what, iss.input) })
    .min(min, { error: (iss) => expected(what, iss.input) })
    .max(max, { error: (iss) => expected(what, iss.input) });
}

/** A number in [0, 1]. */
export const share = () =>
  z
    .number({ error: (iss) => expected('a number from 0 to 1', iss.input) })
    .min(0, { error: (iss) => expected('a number from 0 to 1', iss.input) })
    .max(1, { error: (iss) => expected('a number from 0 to 1', iss.input) });

export const list = <T extends z.ZodType>(item: T, what = 'an array') => z.array(item, { error: (iss) => expected(what, iss.input) });

/** An absolute http(s) URL. */
export const httpUrl = () =>
  z.string({ error: (iss) => expected('an http(s) URL', iss.input) }).refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    },
    { error: (iss) => expected('an absolute http(s) URL', iss.input) },
  );

/**
 * A regular expression, as a string. It runs on every URL of a crawl, so one that can backtrack
 * exponentially (`(a+)+$`: a quantifier over a quantified group) is refused: safe-regex2 measures
 * its star height.
 */
export const regex = () =>
  z
    .string({ error: (iss) => expected('a regular expression (as a string)', iss.input) })
    .refine(
      (value) => {
        try {
          new RegExp(value);
          return value.length <= 1000;
        } catch {
          return false;
        }
      },
      { error: (iss) => expected('a valid regular expression of at most 1,000 characters', iss.input) },
    )
    .refine((value) => safeRegex(value), {
      error: (iss) => expected('a regular expression without nested repetition such as (a+)+ (it could take exponential time on a URL)', iss.input),
    });

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** A calendar date, YYYY-MM-DD. */
export const date = () =>
  z
    .string({ error: (iss) => expected('a date YYYY-MM-DD', iss.input) })
    .refine(isCalendarDate, { error: (iss) => expected('a real date YYYY-MM-DD', iss.input) });

/** A host name pattern: `example.com` (itself and www.) or `*.example.com` (its subdomains). */
export const domainPattern = () =>
  z
    .string({ error: (iss) => expected('a domain such as example.com or *.example.com', iss.input) })
    .regex(/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i, {
      error: (iss) => expected('a domain such as example.com or *.example.com', iss.input),
    })
    .transform((v) => v.toLowerCase());

/** A host name (no port, no scheme). */
export const hostName = () =>
  z
    .string()
    .regex(/^([a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?$/i)
    .transform((v) => v.toLowerCase());

/** `addr` or `addr:port` (`[v6]:port`), the target of a `crawler.resolve` entry. */
export const resolveTarget = () =>
  z.string({ error: (iss) => expected('an IP address, optionally with :port', iss.input) }).refine((v) => parseResolveTarget(v) !== null, {
    error: (iss) => expected('an IP address, optionally with :port (127.0.0.1 or 127.0.0.1:8080)', iss.input),
  });

export interface ResolveTarget {
  address: string;
  port: number | null;
}

export function parseResolveTarget(value: string): ResolveTarget | null {
  let address = value;
  let port: number | null = null;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (v6) {
    address = v6[1];
    port = v6[2] === undefined ? null : Number(v6[2]);
  } else if (isIP(value) !== 6) {
    const m = /^([^:]+):(\d+)$/.exec(value);
    if (m) {
      address = m[1];
      port = Number(m[2]);
    }
  }
  if (!isIP(address)) return null;
  if (port !== null && (!Number.isInteger(port) || port < 1 || port > 65535)) return null;
  return { address, port };
}
