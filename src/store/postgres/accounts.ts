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
import type { PgConnection } from './db.ts';

export class PgAccounts implements AccountRepo {
  private readonly users: string;
  private readonly sessions: string;
  private readonly tokens: string;
  private readonly trail: string;
  private readonly tokenSelect: string;

  constructor(private readonly conn: PgConnection) {
    this.users = conn.table('users');
    this.sessions = conn.table('sessions');
    this.tokens = conn.table('api_tokens');
    this.trail = conn.table('audit');
    this.tokenSelect = `SELECT ${TOKEN_COLUMNS} FROM ${this.tokens} t JOIN ${this.users} u ON u.id = t.user_id`;
  }

  async addUser(input: { username: string; role: Role; passwordHash: string; at: string }): Promise<User> {
    return this.conn.write(`adding account ${input.username}`, async (tx) => {
      const taken = await tx.row(`SELECT 1 FROM ${this.users} WHERE lower(username) = lower($1)`, [input.username]);
      if (taken) throw new CopywatchError('INPUT_INVALID', `the account ${JSON.stringify(input.username)} already exists`);
      const row = await tx.row<UserRow>(
        `INSERT INTO ${this.users} (username, role, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING ${USER_COLUMNS}`,
        [input.username, input.role, input.passwordHash, input.at],
      );
      return userOf(row!);
    });
  }

  async getUser(id: number): Promise<User | null> {
    const row = await this.conn.row<UserRow>('reading an account', `SELECT ${USER_COLUMNS} FROM ${this.users} WHERE id = $1`, [rowId(id)]);
    return row ? userOf(row) : null;
  }

  async findUser(username: string): Promise<{ user: User; passwordHash: string } | null> {
    const row = await this.conn.row<UserRow & { password_hash: string }>(
      `reading account ${username}`,
      `SELECT ${USER_COLUMNS}, password_hash FROM ${this.users} WHERE lower(username) = lower($1)`,
      [username],
    );
    return row ? { user: userOf(row), passwordHash: row.password_hash } : null;
  }

  async listUsers(): Promise<User[]> {
    return (await this.conn.rows<UserRow>('listing accounts', `SELECT ${USER_COLUMNS} FROM ${this.users} ORDER BY username`)).map(userOf);
  }

  async updateUser(id: number, change: { role?: Role; passwordHash?: string; disabled?: boolean; at: string }): Promise<User> {
    return this.conn.write(`changing account ${id}`, async (tx) => {
      const row = await tx.row<UserRow>(`SELECT ${USER_COLUMNS} FROM ${this.users} WHERE id = $1 FOR UPDATE`, [rowId(id)]);
      if (!row) throw new CopywatchError('NOT_FOUND', `account ${id} does not exist`);
      if (change.role) await tx.run(`UPDATE ${this.users} SET role = $1 WHERE id = $2`, [change.role, row.id]);
      if (change.passwordHash) await tx.run(`UPDATE ${this.users} SET password_hash = $1 WHERE id = $2`, [change.passwordHash, row.id]);
      if (change.disabled !== undefined) await tx.run(`UPDATE ${this.users} SET disabled_at = $1 WHERE id = $2`, [change.disabled ? change.at : null, row.id]);
      if (change.passwordHash || change.disabled) await tx.run(`DELETE FROM ${this.sessions} WHERE user_id = $1`, [row.id]);
      const updated = await tx.row<UserRow>(`UPDATE ${this.users} SET updated_at = $1 WHERE id = $2 RETURNING ${USER_COLUMNS}`, [change.at, row.id]);
      return userOf(updated!);
    });
  }

  async addSession(idHash: string, s: StoredSession): Promise<void> {
    await this.conn.write('opening a session', async (tx) => {
      await tx.run(`DELETE FROM ${this.sessions} WHERE expires_at < $1`, [s.createdAt]);
      await tx.run(`INSERT INTO ${this.sessions} (id_hash, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
        idHash,
        s.userId,
        s.csrf,
        s.createdAt,
        s.expiresAt,
      ]);
    });
  }

  async getSession(idHash: string): Promise<{ session: StoredSession; user: User } | null> {
    const row = await this.conn.row<SessionRow>('reading a session', `SELECT user_id, csrf, created_at, expires_at FROM ${this.sessions} WHERE id_hash = $1`, [
      idHash,
    ]);
    if (!row) return null;
    const user = await this.getUser(Number(row.user_id));
    return user ? { session: sessionOf(row), user } : null;
  }

  async removeSession(idHash: string): Promise<void> {
    await this.conn.rows('ending a session', `DELETE FROM ${this.sessions} WHERE id_hash = $1`, [idHash]);
  }

  async removeSessions(userId: number): Promise<number> {
    return this.conn.write('ending the sessions of an account', (tx) => tx.run(`DELETE FROM ${this.sessions} WHERE user_id = $1`, [rowId(userId)]));
  }

  async addToken(input: { userId: number; name: string; tokenHash: string; prefix: string; at: string; expiresAt: string | null }): Promise<ApiToken> {
    return this.conn.write(`adding token ${input.name}`, async (tx) => {
      const row = await tx.row<{ id: number }>(
        `INSERT INTO ${this.tokens} (user_id, name, token_hash, prefix, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [input.userId, input.name, input.tokenHash, input.prefix, input.at, input.expiresAt],
      );
      return tokenOf((await tx.row<TokenRow>(`${this.tokenSelect} WHERE t.id = $1`, [row!.id]))!);
    });
  }

  async findToken(tokenHash: string): Promise<{ token: ApiToken; user: User } | null> {
    const row = await this.conn.row<TokenRow>('reading a token', `${this.tokenSelect} WHERE t.token_hash = $1`, [tokenHash]);
    if (!row) return null;
    const user = await this.getUser(Number(row.user_id));
    return user ? { token: tokenOf(row), user } : null;
  }

  async listTokens(userId?: number): Promise<ApiToken[]> {
    const rows =
      userId === undefined
        ? await this.conn.rows<TokenRow>('listing tokens', `${this.tokenSelect} ORDER BY t.id DESC`)
        : await this.conn.rows<TokenRow>('listing tokens', `${this.tokenSelect} WHERE t.user_id = $1 ORDER BY t.id DESC`, [rowId(userId)]);
    return rows.map(tokenOf);
  }

  async getToken(id: number): Promise<ApiToken | null> {
    const row = await this.conn.row<TokenRow>('reading a token', `${this.tokenSelect} WHERE t.id = $1`, [rowId(id)]);
    return row ? tokenOf(row) : null;
  }

  async revokeToken(id: number, at: string): Promise<ApiToken> {
    return this.conn.write(`revoking token ${id}`, async (tx) => {
      const changes = await tx.run(`UPDATE ${this.tokens} SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2`, [at, rowId(id)]);
      if (!changes) throw new CopywatchError('NOT_FOUND', `token ${id} does not exist`);
      return tokenOf((await tx.row<TokenRow>(`${this.tokenSelect} WHERE t.id = $1`, [rowId(id)]))!);
    });
  }

  async touchToken(id: number, at: string): Promise<void> {
    await this.conn.rows('noting a token used', `UPDATE ${this.tokens} SET last_used_at = $1 WHERE id = $2`, [at, rowId(id)]);
  }

  async audit(e: Omit<AuditEntry, 'id'>): Promise<void> {
    await this.conn.rows(
      `recording ${e.action} in the audit trail`,
      `INSERT INTO ${this.trail} (at, actor, user_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
      [e.at, e.actor, e.userId, e.action, e.subject, e.detail === null ? null : toJson(e.detail)],
    );
  }

  async auditTrail(options: { limit?: number; before?: number } = {}): Promise<AuditEntry[]> {
    const limit = pageLimit(options.limit, 100);
    const rows = await this.conn.rows<AuditRow>(
      'reading the audit trail',
      `SELECT ${AUDIT_COLUMNS} FROM ${this.trail} WHERE id < $1 ORDER BY id DESC LIMIT $2`,
      [options.before ?? Number.MAX_SAFE_INTEGER, limit],
    );
    return rows.map(auditOf);
  }
}
