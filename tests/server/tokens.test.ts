/**
 * Tokens are compared in constant time: both sides are hashed to 32 bytes and compared with
 * crypto.timingSafeEqual, against the admin and the read-only token every time, whatever the
 * token given (its length, its first bytes, right or wrong). And where the tokens come from: the config, else
 * the environment.
 */
import type * as crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CopywatchError } from '../../src/domain/index.ts';
import type { App } from '../../src/scan/app.ts';
import { resolveTokens } from '../../src/server/index.ts';
import { startHarness, type Harness } from './harness.ts';

const compared: Array<[number, number]> = [];

vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof crypto>();
  return {
    ...original,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.push([a.byteLength, b.byteLength]);
      return original.timingSafeEqual(a, b);
    },
  };
});

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ scan: false });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('token comparison', () => {
  it('compares 32-byte digests with timingSafeEqual, against both tokens, for every token given', async () => {
    const given = ['x', h.admin.slice(0, 1), h.admin.slice(0, -1), `${h.admin}${'y'.repeat(500)}`, h.read, h.admin];
    for (const token of given) {
      compared.length = 0;
      const r = await h.call('/api/findings', { token });
      expect(r.status, token).toBe(token === h.admin || token === h.read ? 200 : 401);
      expect(compared, token).toEqual([
        [32, 32],
        [32, 32],
      ]);
    }
  });
});

describe('where the tokens come from', () => {
  const app = (server: Record<string, unknown>) => ({ config: { file: 'config.json', server } }) as unknown as App;

  it('takes server.token and server.readOnlyToken of the config before the environment', () => {
    expect(
      resolveTokens(app({ token: 'from-config', readOnlyToken: 'read-config' }), { env: { COPYWATCH_TOKEN: 'from-env', COPYWATCH_READ_TOKEN: 'read-env' } }),
    ).toEqual({ admin: 'from-config', read: 'read-config' });
  });

  it('falls back to COPYWATCH_TOKEN and COPYWATCH_READ_TOKEN', () => {
    expect(resolveTokens(app({}), { env: { COPYWATCH_TOKEN: 'from-env', COPYWATCH_READ_TOKEN: 'read-env' } })).toEqual({ admin: 'from-env', read: 'read-env' });
    expect(resolveTokens(app({}), { env: { COPYWATCH_TOKEN: 'from-env' } })).toEqual({ admin: 'from-env', read: null });
  });

  it('refuses to start with no admin token, or a read-only token equal to it', () => {
    expect(() => resolveTokens(app({}), { env: {} })).toThrow(/server\.token is not set/);
    expect(() => resolveTokens(app({ readOnlyToken: 'r' }), { env: {} })).toThrow(CopywatchError);
    expect(() => resolveTokens(app({ token: 'same', readOnlyToken: 'same' }), { env: {} })).toThrow(/same as server\.token/);
    expect(() => resolveTokens(app({}), { env: { COPYWATCH_TOKEN: 'same', COPYWATCH_READ_TOKEN: 'same' } })).toThrow(/same as server\.token/);
  });
});
