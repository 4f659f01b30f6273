/** The queue of a process: its tables, pg-boss, the scan pages and the host slots, opened together. */
import type PgBoss from 'pg-boss';
import type { LoadedConfig } from '../config/index.ts';
import { CopywatchError } from '../domain/index.ts';
import { openBoss } from './boss.ts';
import { QueueDb } from './db.ts';
import { HostSlots } from './host-slots.ts';
import { ScanPages } from './pages.ts';

export interface Queue {
  db: QueueDb;
  boss: PgBoss;
  pages: ScanPages;
  slots: HostSlots;
  close(): Promise<void>;
}

/** The postgres storage of a config with the queue on, or a one-line error saying what is missing. */
export function queueStorage(config: LoadedConfig): { url: string; schema: string } {
  const storage = config.storage;
  if (!config.queue.enabled) throw new CopywatchError('CONFIG_INVALID', `${config.file}: queue.enabled: expected true to run workers (the queue is off)`);
  if (!('postgres' in storage) || !storage.postgres)
    throw new CopywatchError('CONFIG_INVALID', `${config.file}: queue.enabled: expected storage.postgres with the queue enabled`);
  return { url: storage.postgres.url, schema: storage.postgres.schema };
}

export async function openQueue(config: LoadedConfig, onError: (error: Error) => void = () => {}): Promise<Queue> {
  const { url, schema } = queueStorage(config);
  const db = await QueueDb.open(url, schema, Math.max(4, config.queue.batch + 2));
  let boss: PgBoss;
  try {
    boss = await openBoss(url, schema, config.queue, onError);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  const pages = new ScanPages(db, boss, { retryLimit: config.queue.retryLimit, expireInSeconds: config.queue.jobTimeoutSec });
  const slots = new HostSlots(db);
  return {
    db,
    boss,
    pages,
    slots,
    async close() {
      await boss.stop({ graceful: false, wait: true, timeout: 2000 }).catch(() => undefined);
      await slots.close();
      await db.close().catch(() => undefined);
    },
  };
}
