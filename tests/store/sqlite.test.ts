/** The SQLite store: the contract, then what only SQLite does (files, pragmas, migrations). */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, openStore } from '../../src/store/index.ts';
import { BetterSqlite3 } from '../../src/store/sqlite/driver.ts';
import { MIGRATIONS, migrate, schemaVersion } from '../../src/store/sqlite/migrations.ts';
import { storeContract } from './contract.ts';
import { article, evidence, finding, t, thrown } from './contract/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'copywatch-store-'));
let n = 0;
const fresh = (name = 'db') => join(dir, `${name}-${++n}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeContract('sqlite', () => openSqliteStore({ path: fresh('contract') }));

describe('sqlite store: the file', () => {
  it('creates the missing directories of the database file', async () => {
    const path = join(dir, 'nested', 'deeper', 'copywatch.db');
    const store = await openSqliteStore({ path });
    await store.articles.upsert(article(1), t(0));
    await store.close();
    expect(existsSync(path)).toBe(true);
  });

  it('runs in WAL mode and enforces foreign keys', async () => {
    const path = fresh();
    const store = await openSqliteStore({ path });
    const raw = new BetterSqlite3(path);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    const error = await thrown(() => store.findings.upsert(finding('1', 'https://copy.example/1', { evidenceId: 4242 }), t(0), 'scan'));
    expect(error.code).toBe('INPUT_INVALID');
    expect(await store.findings.count()).toBe(0);
    await store.close();
  });

  it('opens through openStore from the storage config; storage.postgres opens the PostgreSQL adapter', async () => {
    const store = await openStore({ sqlite: { path: fresh() } });
    expect(store.kind).toBe('sqlite');
    await store.close();
    // Nothing listens on port 1: the PostgreSQL adapter reports it (tests/store/postgres.test.ts has the rest).
    const error = await thrown(() => openStore({ postgres: { url: 'postgres://copywatch@127.0.0.1:1/copywatch' } }));
    expect(error.code).toBe('STORE_FAILED');
    expect(error.message).toMatch(/^cannot reach database postgres:\/\/copywatch@127\.0\.0\.1:1\/copywatch \(schema public\)/);
  });

  it('refuses a file that is not a database with STORE_FAILED, naming it', async () => {
    const path = fresh();
    writeFileSync(path, 'this is a text file, not a database '.repeat(200));
    const error = await thrown(() => openSqliteStore({ path }));
    expect(error.code).toBe('STORE_FAILED');
    expect(error.message).toBe(`database ${path} failed while opening: file is not a database`);
  });

  it('refuses use after close, and closing twice is harmless', async () => {
    const path = fresh();
    const store = await openSqliteStore({ path });
    await store.close();
    await store.close();
    const error = await thrown(() => store.articles.count());
    expect(error.code).toBe('STORE_FAILED');
    expect(error.message).toContain(path);
  });
});

describe('sqlite store: migrations', () => {
  it('applies each migration once and records it', async () => {
    const path = fresh();
    await (await openSqliteStore({ path })).close();
    const raw = new BetterSqlite3(path);
    const first = raw.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all();
    expect(first.map((r) => (r as { version: number }).version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    raw.close();
    await (await openSqliteStore({ path })).close();
    const again = new BetterSqlite3(path);
    expect(again.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all()).toEqual(first);
    again.close();
  });

  it('applies migrations all or nothing, idempotently, and refuses a newer schema', () => {
    const path = fresh();
    const raw = new BetterSqlite3(path);
    const tables = () => raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('a', 'b', 'c') ORDER BY name").pluck().all();
    expect(() => migrate(raw, path, ['CREATE TABLE a (x)', 'CREATE TABLE b (y); INSERT INTO missing VALUES (1)'])).toThrow(/missing/);
    expect(tables()).toEqual([]);
    expect(schemaVersion(raw)).toBe(0);
    const two = ['CREATE TABLE a (x)', 'CREATE TABLE b (y)'];
    expect(migrate(raw, path, two)).toEqual([1, 2]);
    expect(migrate(raw, path, two)).toEqual([]);
    expect(migrate(raw, path, [...two, 'CREATE TABLE c (z)'])).toEqual([3]);
    expect(tables()).toEqual(['a', 'b', 'c']);
    expect(() => migrate(raw, path, two)).toThrow(`database ${path} has schema version 3, newer than this copywatch knows (2)`);
    raw.close();
  });

  it('refuses to open a database written by a newer copywatch, and leaves it alone', async () => {
    const path = fresh();
    const store = await openSqliteStore({ path });
    await store.articles.upsert(article(1), t(0));
    await store.close();
    const raw = new BetterSqlite3(path);
    raw.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(MIGRATIONS.length + 1, t(0));
    raw.close();
    const error = await thrown(() => openSqliteStore({ path }));
    expect(error.code).toBe('STORE_FAILED');
    expect(error.message).toBe(
      `database ${path} has schema version ${MIGRATIONS.length + 1}, newer than this copywatch knows (${MIGRATIONS.length}); use the copywatch that wrote it, or another database`,
    );
    const check = new BetterSqlite3(path);
    expect(check.prepare('SELECT COUNT(*) FROM articles').pluck().get()).toBe(1);
    check.close();
  });
});

describe('sqlite store: read-only handles', () => {
  it('reads but refuses every write when opened read-only', async () => {
    const path = fresh();
    const writer = await openSqliteStore({ path });
    const { id } = await writer.articles.upsert(article(1), t(0));
    await writer.evidence.add(evidence('https://copy.example/1'));
    await writer.close();
    const store = await openSqliteStore({ path, readonly: true });
    expect((await store.articles.get(id))?.url).toBe(article(1).url);
    for (const write of [
      () => store.articles.upsert(article(2), t(1)),
      () => store.putBlob('k', Buffer.from('v')),
      () => store.evidence.add(evidence('https://copy.example/2')),
    ]) {
      const error = await thrown(write);
      expect(error.code).toBe('STORE_READONLY');
      expect(error.message).toContain(`database ${path} is read-only (opened read-only)`);
      expect(error.message).not.toContain('\n');
    }
    expect(await store.articles.count()).toBe(1);
    await store.close();
  });

  it('refuses to open a missing database read-only', async () => {
    const path = fresh();
    const error = await thrown(() => openSqliteStore({ path, readonly: true }));
    expect(error.code).toBe('STORE_FAILED');
    expect(error.message).toBe(`database ${path} does not exist (opening it read-only)`);
    expect(existsSync(path)).toBe(false);
  });
});
