/**
 * The store: ports (what the jobs, the server and the CLI need) and the adapters behind them.
 * SQLite is the default (one machine); PostgreSQL serves several processes and machines.
 */
import { CopywatchError } from '../domain/index.ts';
import type { Store } from './ports.ts';
import { openPostgresStore } from './postgres/store.ts';
import { openSqliteStore } from './sqlite/store.ts';

export type * from './ports.ts';
export { openSqliteStore } from './sqlite/store.ts';
export { openPostgresStore } from './postgres/store.ts';
export type { PostgresOptions } from './postgres/db.ts';

/** Opens the store the config names (`storage` in the config). */
export async function openStore(config: { sqlite?: { path: string }; postgres?: { url: string; schema?: string } }): Promise<Store> {
  if (config.postgres) return openPostgresStore({ url: config.postgres.url, schema: config.postgres.schema });
  if (config.sqlite) return openSqliteStore({ path: config.sqlite.path });
  throw new CopywatchError('CONFIG_INVALID', 'storage: expected sqlite {path} or postgres {url}');
}
