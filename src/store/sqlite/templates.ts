/** Each host's learned template profile. */
import type { TemplateProfile } from '../../domain/index.ts';
import type { StoredTemplate, TemplateRepo } from '../ports.ts';
import { hostKey, TEMPLATE_COLUMNS, templateOf, type TemplateRow } from '../templates.ts';
import type { Connection } from './db.ts';

export class SqliteTemplates implements TemplateRepo {
  constructor(private readonly conn: Connection) {}

  async get(host: string): Promise<StoredTemplate | null> {
    const row = this.conn.read(`reading the template of ${host}`, () =>
      this.conn.stmt<TemplateRow>(`SELECT ${TEMPLATE_COLUMNS} FROM template_profiles WHERE host = ?`).get(hostKey(host)),
    );
    return row ? templateOf(row) : null;
  }

  async put(host: string, profile: TemplateProfile, at: string): Promise<void> {
    this.conn.write(`saving the template of ${host}`, () => {
      this.conn
        .stmt(
          `INSERT INTO template_profiles (host, profile, pages, relearned, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (host) DO UPDATE SET profile = excluded.profile, pages = excluded.pages, relearned = excluded.relearned, updated_at = excluded.updated_at`,
        )
        .run(hostKey(host), JSON.stringify(profile), profile.pages, profile.relearned, at);
    });
  }
}
