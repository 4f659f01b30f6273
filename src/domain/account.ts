/** People: accounts with a role, their personal API tokens, and the audit trail of who changed what. */

/** Roles, each allowed what the ones before it are (viewer < analyst < admin). */
export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Whether `role` is `least` or higher. */
export function roleAtLeast(role: Role, least: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(least);
}

export interface User {
  id: number;
  username: string;
  role: Role;
  createdAt: string;
  updatedAt: string;
  /** When the account was disabled, or null. */
  disabledAt: string | null;
}

export interface ApiToken {
  id: number;
  userId: number;
  username: string;
  name: string;
  /** The first characters of the token, to tell tokens apart (the token itself is never kept). */
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  /** The person (username), or "bootstrap token", or "cli (<os user>)". */
  actor: string;
  userId: number | null;
  /** What was done: `finding.status`, `scan.start`, `check`, `user.add`, `user.disable`, `token.create`, ... */
  action: string;
  /** What it was done to (`finding 12`, `user alice`, ...), or null. */
  subject: string | null;
  detail: Record<string, unknown> | null;
}
