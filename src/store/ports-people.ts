/**
 * The store's ports for the people of a rights office and what they are told: accounts,
 * sessions, personal tokens, the audit trail, and the alert queue with its delivery log
 * (re-exported by ports.ts, where the Store gathers every port).
 */
import type { ApiToken, AuditEntry, Role, User } from '../domain/index.ts';

// ---------------------------------------------------------------- people (accounts, sessions, tokens, audit)

export interface StoredSession {
  userId: number;
  csrf: string;
  createdAt: string;
  expiresAt: string;
}

export interface AccountRepo {
  /** Adds an account; INPUT_INVALID when the name (case-insensitive) is taken. */
  addUser(input: { username: string; role: Role; passwordHash: string; at: string }): Promise<User>;
  getUser(id: number): Promise<User | null>;
  /** The account and its password hash, by name (case-insensitive). */
  findUser(username: string): Promise<{ user: User; passwordHash: string } | null>;
  listUsers(): Promise<User[]>;
  /** Changes role, password or disabled state; NOT_FOUND when there is no such account. */
  updateUser(id: number, change: { role?: Role; passwordHash?: string; disabled?: boolean; at: string }): Promise<User>;
  addSession(idHash: string, session: StoredSession): Promise<void>;
  /** The session and its account (expired ones are answered too: the caller decides). */
  getSession(idHash: string): Promise<{ session: StoredSession; user: User } | null>;
  removeSession(idHash: string): Promise<void>;
  /** Signs the account out everywhere; returns how many sessions ended. */
  removeSessions(userId: number): Promise<number>;
  addToken(input: { userId: number; name: string; tokenHash: string; prefix: string; at: string; expiresAt: string | null }): Promise<ApiToken>;
  /** The token with this hash and its account, or null. */
  findToken(tokenHash: string): Promise<{ token: ApiToken; user: User } | null>;
  /** Tokens of one account, or every account's (newest first). */
  listTokens(userId?: number): Promise<ApiToken[]>;
  getToken(id: number): Promise<ApiToken | null>;
  /** Revokes a token (idempotent); NOT_FOUND when there is no such token. */
  revokeToken(id: number, at: string): Promise<ApiToken>;
  touchToken(id: number, at: string): Promise<void>;
  audit(entry: Omit<AuditEntry, 'id'>): Promise<void>;
  /** The audit trail, newest first; `before`: an id from a previous page. */
  auditTrail(options?: { limit?: number; before?: number }): Promise<AuditEntry[]>;
}

// ---------------------------------------------------------------- alerts (queue and delivery log)

/** A new or reopened finding, as the alerts read it from the findings' events. */
export interface AlertEvent {
  eventId: number;
  findingId: number;
  kind: 'new' | 'reopened';
  at: string;
}

export interface AlertInput {
  channel: string;
  mode: 'immediate' | 'digest';
  eventId: number;
  findingId: number;
  kind: 'new' | 'reopened';
  payload: Record<string, unknown>;
  createdAt: string;
  /** When it is first due. */
  nextAt: string;
}

export interface QueuedAlert extends AlertInput {
  id: number;
  status: 'pending' | 'delivered';
  attempts: number;
  deliveredAt: string | null;
  lastError: string | null;
}

export interface AlertDelivery {
  id: number;
  at: string;
  channel: string;
  /** How many alerts the attempt carried. */
  alerts: number;
  ok: boolean;
  detail: string;
}

export interface AlertRepo {
  /** Events of new and reopened findings after the cursor, oldest first. */
  newEvents(limit: number): Promise<AlertEvent[]>;
  /** Queues alerts and moves the cursor to `cursor`, in one transaction (an event is queued once). */
  enqueue(alerts: AlertInput[], cursor: number): Promise<void>;
  /**
   * Takes the pending alerts due at `now`, oldest first, and holds them until `leaseUntil` (their
   * next attempt time moves there), so that another process sending at the same moment does not
   * take them too; a process that dies while sending leaves them due again at `leaseUntil`.
   */
  claim(now: string, leaseUntil: string, limit?: number): Promise<QueuedAlert[]>;
  /** Records an attempt: delivered (ok) or not (then due again at `nextAt`), with a line in the log. */
  attempted(ids: number[], channel: string, result: { ok: boolean; detail: string; at: string; nextAt?: string }): Promise<void>;
  list(options?: { status?: 'pending' | 'delivered'; limit?: number }): Promise<QueuedAlert[]>;
  /** The delivery log, newest first. */
  deliveries(limit?: number): Promise<AlertDelivery[]>;
  /**
   * Retention: deletes the alerts delivered before `before` and the delivery log's lines older
   * than it; pending alerts stay whatever their age (they are kept until delivered).
   */
  prune(before: string): Promise<{ alerts: number; deliveries: number }>;
}
