/**
 * Passwords, kept as scrypt hashes (node:crypto; memory-hard): `scrypt$N$r$p$salt$hash`, the
 * parameters stored with each hash so that they can be raised later without breaking old ones.
 * Never stored, logged or echoed in clear.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { CopywatchError } from '../../domain/index.ts';

/** 2^15 × 8 × 128 bytes = 32 MiB of memory per hash; ~50–100 ms on a server core. */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;

/** Shortest password accepted. */
const MIN_PASSWORD = 10;

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (e, key) => (e ? reject(e) : resolve(key))));
}

/** INPUT_INVALID unless the password is long enough and not absurdly long. */
function checkPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD) throw new CopywatchError('INPUT_INVALID', `expected a password of at least ${MIN_PASSWORD} characters`);
  if (password.length > 1024) throw new CopywatchError('INPUT_INVALID', 'expected a password of at most 1,024 characters');
}

export async function hashPassword(password: string): Promise<string> {
  checkPassword(password);
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** A hash no password matches, checked for unknown accounts so that they take as long as known ones. */
export const DUMMY_HASH = `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEY_BYTES).toString('base64')}`;

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !hash || password.length > 1024) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password for a reset: 20 characters of base32-like text (100 bits). */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return [...randomBytes(20)].map((b) => alphabet[b % 32]).join('');
}
