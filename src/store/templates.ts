/** Template profiles as both adapters keep them: JSON text, checked on the way out. */
import type { TemplateProfile } from '../domain/index.ts';
import type { StoredTemplate } from './ports.ts';

export interface TemplateRow {
  host: string;
  profile: string;
  updated_at: string;
}

export const TEMPLATE_COLUMNS = 'host, profile, updated_at';

/** A stored row as a StoredTemplate, or null when its profile does not read as one (it is then learned anew). */
export function templateOf(row: TemplateRow): StoredTemplate | null {
  let profile: TemplateProfile;
  try {
    profile = JSON.parse(row.profile) as TemplateProfile;
  } catch {
    return null;
  }
  const ok =
    profile &&
    typeof profile.pages === 'number' &&
    Array.isArray(profile.blocks) &&
    Array.isArray(profile.recent) &&
    typeof profile.observed === 'number' &&
    typeof profile.relearned === 'number';
  return ok ? { host: row.host, profile, updatedAt: row.updated_at } : null;
}

export const hostKey = (host: string) => host.toLowerCase();
