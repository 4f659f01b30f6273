/**
 * The store: ports (what the jobs, the server and the CLI need) and the adapters behind them.
 * SQLite is the default (one machine); PostgreSQL arrives with the multi-machine mode.
 */
import { CopywatchError } from '../domain/index.ts';
import type { Store } from './ports.ts';
import { openSqliteStore } from './sqlite/store.ts';

export type * from './ports.ts';
export { openSqliteStore } from './sqlite/store.ts';
export type { SqliteOptions } from './sqlite/db.ts';

/** Opens the store the config names (`storage` in the config). */
export async function openStore(config: { sqlite?: { path: string }; postgres?: { url: string } }): Promise<Store> {
  if (config.postgres) throw new CopywatchError('CONFIG_INVALID', 'PostgreSQL storage arrives with the multi-machine issue');
  if (config.sqlite) return openSqliteStore({ path: config.sqlite.path });
  throw new CopywatchError('CONFIG_INVALID', 'storage: expected sqlite {path} or postgres {url}');
}
