/** Rows of the people and alerts tables as values, shared by both adapters (the columns are the same). */
import type { ApiToken, AuditEntry, Role, User } from '../domain/index.ts';
import { fromJson } from './codec.ts';
import type { AlertDelivery, QueuedAlert, StoredSession } from './ports.ts';

export const USER_COLUMNS = 'id, username, role, created_at, updated_at, disabled_at';
export interface UserRow {
  id: number | string;
  username: string;
  role: string;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
}
export const userOf = (r: UserRow): User => ({
  id: Number(r.id),
  username: r.username,
  role: r.role as Role,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  disabledAt: r.disabled_at,
});

/** The columns of a token with its owner's name (`t` the tokens, `u` the users). */
export const TOKEN_COLUMNS = 't.id, t.user_id, u.username, t.name, t.prefix, t.created_at, t.expires_at, t.revoked_at, t.last_used_at';
export interface TokenRow {
  id: number | string;
  user_id: number | string;
  username: string;
  name: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}
export const tokenOf = (r: TokenRow): ApiToken => ({
  id: Number(r.id),
  userId: Number(r.user_id),
  username: r.username,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

export interface SessionRow {
  user_id: number | string;
  csrf: string;
  created_at: string;
  expires_at: string;
}
export const sessionOf = (r: SessionRow): StoredSession => ({ userId: Number(r.user_id), csrf: r.csrf, createdAt: r.created_at, expiresAt: r.expires_at });

export const AUDIT_COLUMNS = 'id, at, actor, user_id, action, subject, detail';
export interface AuditRow {
  id: number | string;
  at: string;
  actor: string;
  user_id: number | string | null;
  action: string;
  subject: string | null;
  detail: string | null;
}
export const auditOf = (r: AuditRow): AuditEntry => ({
  id: Number(r.id),
  at: r.at,
  actor: r.actor,
  userId: r.user_id === null ? null : Number(r.user_id),
  action: r.action,
  subject: r.subject,
  detail: r.detail === null ? null : fromJson<Record<string, unknown>>(r.detail),
});

export const ALERT_COLUMNS = 'id, channel, mode, event_id, finding_id, kind, payload, created_at, status, attempts, next_at, delivered_at, last_error';
export interface AlertRow {
  id: number | string;
  channel: string;
  mode: string;
  event_id: number | string;
  finding_id: number | string;
  kind: string;
  payload: string;
  created_at: string;
  status: string;
  attempts: number;
  next_at: string;
  delivered_at: string | null;
  last_error: string | null;
}
export const alertOf = (r: AlertRow): QueuedAlert => ({
  id: Number(r.id),
  channel: r.channel,
  mode: r.mode as QueuedAlert['mode'],
  eventId: Number(r.event_id),
  findingId: Number(r.finding_id),
  kind: r.kind as QueuedAlert['kind'],
  payload: fromJson<Record<string, unknown>>(r.payload),
  createdAt: r.created_at,
  status: r.status as QueuedAlert['status'],
  attempts: Number(r.attempts),
  nextAt: r.next_at,
  deliveredAt: r.delivered_at,
  lastError: r.last_error,
});

export const DELIVERY_COLUMNS = 'id, at, channel, alerts, ok, detail';
export interface DeliveryRow {
  id: number | string;
  at: string;
  channel: string;
  alerts: number;
  ok: number | boolean;
  detail: string;
}
export const deliveryOf = (r: DeliveryRow): AlertDelivery => ({
  id: Number(r.id),
  at: r.at,
  channel: r.channel,
  alerts: Number(r.alerts),
  ok: Boolean(r.ok),
  detail: r.detail,
});

/** Events that open a finding: its creation (no status before) or its reopening (resolved before). */
export const OPENING_EVENTS = "to_status = 'open' AND (from_status IS NULL OR from_status = 'resolved')";
