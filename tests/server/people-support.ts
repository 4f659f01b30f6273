/** Accounts for the server tests: one per role, each with a personal API token, made through the API with the bootstrap token. */
import { expect } from 'vitest';
import type { Role } from '../../src/domain/index.ts';
import type { Harness } from './harness.ts';

export interface Person {
  id: number;
  username: string;
  role: Role;
  password: string;
  token: string;
}

export async function addPerson(h: Harness, username: string, role: Role, password = `pw-${username}-0123456789`): Promise<Person> {
  const added = await h.call('/api/users', { body: { username, role, password } });
  expect(added.status, added.text).toBe(201);
  const token = await h.call('/api/tokens', { body: { name: `${username}'s script`, userId: added.json.user.id } });
  expect(token.status, token.text).toBe(201);
  return { id: added.json.user.id, username, role, password, token: token.json.secret };
}

/** A signed-in browser, roughly: the session cookie and the CSRF token from POST /api/session. */
export interface Session {
  cookie: string;
  csrf: string;
  setCookie: string[];
}

export async function signIn(h: Harness, username: string, password: string): Promise<Session> {
  const r = await h.call('/api/session', { token: null, body: { username, password } });
  expect(r.status, r.text).toBe(201);
  const setCookie = r.headers.getSetCookie();
  return { cookie: setCookie[0].split(';')[0], csrf: r.json.csrfToken, setCookie };
}
