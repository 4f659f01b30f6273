/** Each host's learned template profile. */
import type { TemplateProfile } from '../../domain/index.ts';
import type { StoredTemplate, TemplateRepo } from '../ports.ts';
import { hostKey, TEMPLATE_COLUMNS, templateOf, type TemplateRow } from '../templates.ts';
import type { PgConnection } from './db.ts';

export class PgTemplates implements TemplateRepo {
  private readonly t: string;

  constructor(private readonly conn: PgConnection) {
    this.t = conn.table('template_profiles');
  }

  async get(host: string): Promise<StoredTemplate | null> {
    const row = await this.conn.row<TemplateRow>(`reading the template of ${host}`, `SELECT ${TEMPLATE_COLUMNS} FROM ${this.t} WHERE host = $1`, [
      hostKey(host),
    ]);
    return row ? templateOf(row) : null;
  }

  async put(host: string, profile: TemplateProfile, at: string): Promise<void> {
    await this.conn.rows(
      `saving the template of ${host}`,
      `INSERT INTO ${this.t} (host, profile, pages, relearned, updated_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (host) DO UPDATE SET profile = excluded.profile, pages = excluded.pages, relearned = excluded.relearned, updated_at = excluded.updated_at`,
      [hostKey(host), JSON.stringify(profile), profile.pages, profile.relearned, at],
    );
  }
}
