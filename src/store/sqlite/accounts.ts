/** People: accounts, sessions, personal API tokens (hashes only) and the audit trail. */
import { CopywatchError, type ApiToken, type AuditEntry, type Role, type User } from '../../domain/index.ts';
import {
  AUDIT_COLUMNS,
  TOKEN_COLUMNS,
  USER_COLUMNS,
  auditOf,
  sessionOf,
  tokenOf,
  userOf,
  type AuditRow,
  type SessionRow,
  type TokenRow,
  type UserRow,
} from '../account-rows.ts';
import { rowId, toJson } from '../codec.ts';
import { pageLimit } from '../common.ts';
import type { AccountRepo, StoredSession } from '../ports.ts';
import type { Connection } from './db.ts';

const TOKENS = `SELECT ${TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id`;

export class SqliteAccounts implements AccountRepo {
  constructor(private readonly conn: Connection) {}

  async addUser(input: { username: string; role: Role; passwordHash: string; at: string }): Promise<User> {
    return this.conn.write(`adding account ${input.username}`, () => {
      const taken = this.conn.stmt('SELECT 1 FROM users WHERE username = ?').get(input.username);
      if (taken) throw new CopywatchError('INPUT_INVALID', `the account ${JSON.stringify(input.username)} already exists`);
      const id = this.conn
        .stmt('INSERT INTO users (username, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(input.username, input.role, input.passwordHash, input.at, input.at).lastInsertRowid;
      return userOf(this.conn.stmt<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id)!);
    });
  }

  async getUser(id: number): Promise<User | null> {
    const row = this.conn.read('reading an account', () => this.conn.stmt<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(rowId(id)));
    return row ? userOf(row) : null;
  }

  async findUser(username: string): Promise<{ user: User; passwordHash: string } | null> {
    const row = this.conn.read(`reading account ${username}`, () =>
      this.conn.stmt<UserRow & { password_hash: string }>(`SELECT ${USER_COLUMNS}, password_hash FROM users WHERE username = ?`).get(username),
    );
    return row ? { user: userOf(row), passwordHash: row.password_hash } : null;
  }

  async listUsers(): Promise<User[]> {
    return this.conn.read('listing accounts', () => this.conn.stmt<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY username`).all()).map(userOf);
  }

  async updateUser(id: number, change: { role?: Role; passwordHash?: string; disabled?: boolean; at: string }): Promise<User> {
    return this.conn.write(`changing account ${id}`, () => {
      const row = this.conn.stmt<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(rowId(id));
      if (!row) throw new CopywatchError('NOT_FOUND', `account ${id} does not exist`);
      if (change.role) this.conn.stmt('UPDATE users SET role = ? WHERE id = ?').run(change.role, row.id);
      if (change.passwordHash) this.conn.stmt('UPDATE users SET password_hash = ? WHERE id = ?').run(change.passwordHash, row.id);
      if (change.disabled !== undefined) this.conn.stmt('UPDATE users SET disabled_at = ? WHERE id = ?').run(change.disabled ? change.at : null, row.id);
      // A new password or a disabled account ends every session.
      if (change.passwordHash || change.disabled) this.conn.stmt('DELETE FROM sessions WHERE user_id = ?').run(row.id);
      this.conn.stmt('UPDATE users SET updated_at = ? WHERE id = ?').run(change.at, row.id);
      return userOf(this.conn.stmt<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(row.id)!);
    });
  }

  async addSession(idHash: string, s: StoredSession): Promise<void> {
    this.conn.write('opening a session', () => {
      this.conn.stmt('DELETE FROM sessions WHERE expires_at < ?').run(s.createdAt);
      this.conn
        .stmt('INSERT INTO sessions (id_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
        .run(idHash, s.userId, s.csrf, s.createdAt, s.expiresAt);
    });
  }

  async getSession(idHash: string): Promise<{ session: StoredSession; user: User } | null> {
    const row = this.conn.read('reading a session', () =>
      this.conn.stmt<SessionRow & { uid: number }>('SELECT user_id, csrf, created_at, expires_at FROM sessions WHERE id_hash = ?').get(idHash),
    );
    if (!row) return null;
    const user = await this.getUser(Number(row.user_id));
    return user ? { session: sessionOf(row), user } : null;
  }

  async removeSession(idHash: string): Promise<void> {
    this.conn.write('ending a session', () => this.conn.stmt('DELETE FROM sessions WHERE id_hash = ?').run(idHash));
  }

  async removeSessions(userId: number): Promise<number> {
    return this.conn.write('ending the sessions of an account', () => this.conn.stmt('DELETE FROM sessions WHERE user_id = ?').run(rowId(userId)).changes);
  }

  async addToken(input: { userId: number; name: string; tokenHash: string; prefix: string; at: string; expiresAt: string | null }): Promise<ApiToken> {
    return this.conn.write(`adding token ${input.name}`, () => {
      const id = this.conn
        .stmt('INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(input.userId, input.name, input.tokenHash, input.prefix, input.at, input.expiresAt).lastInsertRowid;
      return tokenOf(this.conn.stmt<TokenRow>(`${TOKENS} WHERE t.id = ?`).get(id)!);
    });
  }

  async findToken(tokenHash: string): Promise<{ token: ApiToken; user: User } | null> {
    const row = this.conn.read('reading a token', () => this.conn.stmt<TokenRow>(`${TOKENS} WHERE t.token_hash = ?`).get(tokenHash));
    if (!row) return null;
    const user = await this.getUser(Number(row.user_id));
    return user ? { token: tokenOf(row), user } : null;
  }

  async listTokens(userId?: number): Promise<ApiToken[]> {
    const rows = this.conn.read('listing tokens', () =>
      userId === undefined
        ? this.conn.stmt<TokenRow>(`${TOKENS} ORDER BY t.id DESC`).all()
        : this.conn.stmt<TokenRow>(`${TOKENS} WHERE t.user_id = ? ORDER BY t.id DESC`).all(rowId(userId)),
    );
    return rows.map(tokenOf);
  }

  async getToken(id: number): Promise<ApiToken | null> {
    const row = this.conn.read('reading a token', () => this.conn.stmt<TokenRow>(`${TOKENS} WHERE t.id = ?`).get(rowId(id)));
    return row ? tokenOf(row) : null;
  }

  async revokeToken(id: number, at: string): Promise<ApiToken> {
    return this.conn.write(`revoking token ${id}`, () => {
      const changes = this.conn.stmt('UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(at, rowId(id)).changes;
      if (!changes) throw new CopywatchError('NOT_FOUND', `token ${id} does not exist`);
      return tokenOf(this.conn.stmt<TokenRow>(`${TOKENS} WHERE t.id = ?`).get(rowId(id))!);
    });
  }

  async touchToken(id: number, at: string): Promise<void> {
    this.conn.write('noting a token used', () => this.conn.stmt('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at, rowId(id)));
  }

  async audit(e: Omit<AuditEntry, 'id'>): Promise<void> {
    this.conn.write(`recording ${e.action} in the audit trail`, () =>
      this.conn
        .stmt('INSERT INTO audit (at, actor, user_id, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)')
        .run(e.at, e.actor, e.userId, e.action, e.subject, e.detail === null ? null : toJson(e.detail)),
    );
  }

  async auditTrail(options: { limit?: number; before?: number } = {}): Promise<AuditEntry[]> {
    const limit = pageLimit(options.limit, 100);
    const rows = this.conn.read('reading the audit trail', () =>
      this.conn
        .stmt<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?`)
        .all(options.before ?? Number.MAX_SAFE_INTEGER, limit),
    );
    return rows.map(auditOf);
  }
}
