/** Session ids, CSRF tokens and personal API tokens: random, sent once, kept only as SHA-256 hashes. */
import { createHash, randomBytes } from 'node:crypto';

export const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** 32 random bytes, base64url. */
export const randomSecret = () => randomBytes(32).toString('base64url');

/** Personal API tokens start with this, so that a leaked one is recognised (secret scanners) and told from the bootstrap token. */
const TOKEN_PREFIX = 'cwt_';

export function newApiToken(): { token: string; hash: string; prefix: string } {
  const token = `${TOKEN_PREFIX}${randomSecret()}`;
  return { token, hash: sha256(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}
