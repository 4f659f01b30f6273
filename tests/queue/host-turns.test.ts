/**
 * The hosts' turns shared by the workers (src/queue/host-slots.ts), on the real PostgreSQL: one
 * holder at a time, the next due an interval after the last request ended, and a holder that
 * dies (its presence connection gone, as with kill -9) frees its turn without waiting for its lease.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { QueueDb } from '../../src/queue/db.ts';
import { HostSlots } from '../../src/queue/host-slots.ts';
import { PG_URL, usePostgres } from '../store/support/pg.ts';
import { until } from './support.ts';

const pg = usePostgres();
const opened: Array<{ db: QueueDb; slots: HostSlots }> = [];

async function open(schema: string) {
  const db = await QueueDb.open(PG_URL, schema, 2);
  const slots = new HostSlots(db);
  opened.push({ db, slots });
  return slots;
}

afterAll(async () => {
  for (const o of opened) {
    await o.slots.close();
    await o.db.close();
  }
});

const ORIGIN = 'http://polite.test';

describe('host turns across processes', () => {
  it('has one holder at a time, and the next turn is due the interval after the release', async () => {
    const schema = pg.schema();
    await pg.admin().query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const a = await open(schema);
    const b = await open(schema);
    expect(await a.take(ORIGIN, 300, 60_000, 'a')).toBe(0);
    // Held: ask again an interval later (the soonest the next turn can be due).
    expect(await b.take(ORIGIN, 300, 60_000, 'b')).toBe(300);
    await a.release(ORIGIN, 'a');
    // Asked with a long interval, the next turn is that interval after the release, however long the
    // machine took to ask; asked with one already past, it is taken.
    const wait = await b.take(ORIGIN, 60_000, 60_000, 'b');
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    expect(await b.take(ORIGIN, 0, 60_000, 'b')).toBe(0);
  });

  it('gives the turn to the worker that has waited longest, not to the one that just released it', async () => {
    const schema = pg.schema();
    await pg.admin().query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const a = await open(schema);
    const b = await open(schema);
    expect(await a.take(ORIGIN, 0, 60_000, 'a')).toBe(0);
    expect(await b.take(ORIGIN, 0, 60_000, 'b')).toBeGreaterThan(0);
    await a.release(ORIGIN, 'a');
    // a asks again first, the turn free and due: b has been waiting, so b's it is.
    expect(await a.take(ORIGIN, 0, 60_000, 'a')).toBeGreaterThan(0);
    expect(await b.take(ORIGIN, 0, 60_000, 'b')).toBe(0);
    await b.release(ORIGIN, 'b');
    // Now a has waited longest.
    expect(await b.take(ORIGIN, 0, 60_000, 'b')).toBeGreaterThan(0);
    expect(await a.take(ORIGIN, 0, 60_000, 'a')).toBe(0);
    await a.release(ORIGIN, 'a');
    expect(await b.take(ORIGIN, 0, 60_000, 'b')).toBe(0);
  });

  it('passes over a waiter that stopped asking', async () => {
    const schema = pg.schema();
    await pg.admin().query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const a = await open(schema);
    const b = await open(schema);
    expect(await a.take(ORIGIN, 0, 60_000, 'a')).toBe(0);
    expect(await b.take(ORIGIN, 0, 60_000, 'b')).toBeGreaterThan(0);
    await a.release(ORIGIN, 'a');
    // b's jobs ended while it waited: its last ask is made old enough to be past its grace.
    await pg.admin().query(`UPDATE "${schema}".queue_host_waiters SET seen = seen - interval '1 minute' WHERE holder = 'b'`);
    expect(await a.take(ORIGIN, 0, 60_000, 'a')).toBe(0);
  });

  it('frees the turn of a holder that died at once, counting its request as ended then', async () => {
    const schema = pg.schema();
    await pg.admin().query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const a = await open(schema);
    const b = await open(schema);
    expect(await a.take(ORIGIN, 200, 600_000, 'a')).toBe(0);
    // a dies: its backends go (what a kill -9 of its process does to its connections).
    const { rows } = await pg.admin().query(`SELECT holder_pid FROM "${schema}".queue_host_turns WHERE origin = $1`, [ORIGIN]);
    await pg.admin().query('SELECT pg_terminate_backend($1)', [rows[0].holder_pid]);
    await until(
      async () => !(await pg.admin().query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [rows[0].holder_pid])).rowCount,
      30_000,
      'the backend to go',
    );
    // The first ask finds it dead and frees it; the turn is due the interval after that.
    expect(await b.take(ORIGIN, 200, 600_000, 'b')).toBe(200);
    // Freed long before its 10-minute lease, its request counted as ended when it was found dead.
    const wait = await b.take(ORIGIN, 60_000, 600_000, 'b');
    expect(wait).toBeGreaterThan(50_000);
    expect(await b.take(ORIGIN, 0, 600_000, 'b')).toBe(0);
  });
});
