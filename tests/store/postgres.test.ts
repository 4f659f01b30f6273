/**
 * The PostgreSQL store: the contract (each test in a fresh schema), then what only PostgreSQL does:
 * schemas, migrations under an advisory lock, errors naming the database, NUL in text.
 * Several processes sharing one database are in postgres-concurrency.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { openPostgresStore, openStore } from '../../src/store/index.ts';
import { MIGRATIONS, migrate, schemaVersion, type Migration } from '../../src/store/postgres/migrations.ts';
import { storeContract } from './contract.ts';
import { article, evidence, finding, t, thrown } from './contract/fixtures.ts';
import { PG_URL, pgName, usePostgres } from './support/pg.ts';

const pg = usePostgres();

storeContract('postgres', () => pg.open());

describe('postgres store: opening', () => {
  it('opens through openStore from the storage config, in the schema it names', async () => {
    const schema = pg.schema();
    const store = await openStore({ postgres: { url: PG_URL, schema } });
    expect(store.kind).toBe('postgres');
    await store.articles.upsert(article(1), t(0));
    await store.close();
    const rows = await pg.admin().query(`SELECT url FROM "${schema}".articles`);
    expect(rows.rows).toEqual([{ url: article(1).url }]);
  });

  it('keeps schemas apart: two stores on one database see only their own rows', async () => {
    const a = await pg.open();
    const b = await pg.open();
    await a.articles.upsert(article(1), t(0));
    await a.putBlob('k', Buffer.from('a'));
    expect(await b.articles.count()).toBe(0);
    expect(await b.getBlob('k')).toBeNull();
    await a.close();
    await b.close();
  });

  it('refuses a schema name that would need quoting, before connecting', async () => {
    for (const schema of ['Upper', 'has space', 'a"b', '1abc', '']) {
      const error = await thrown(() => openPostgresStore({ url: PG_URL, schema }));
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.message).toBe(`expected a schema name of lower-case letters, digits and _ (at most 63), got ${JSON.stringify(schema)}`);
    }
  });

  it('reports an unreachable server as STORE_FAILED, naming it without its password, in one line', async () => {
    const error = await thrown(() => openStore({ postgres: { url: 'postgres://copywatch:s3cret@127.0.0.1:1/copywatch' } }));
    expect(error.code).toBe('STORE_FAILED');
    expect(error.message).toMatch(/^cannot reach database postgres:\/\/copywatch@127\.0\.0\.1:1\/copywatch \(schema public\) \(while opening\): /);
    expect(error.message).not.toContain('s3cret');
    expect(error.message).not.toContain('\n');
  });

  it('refuses use after close, and closing twice is harmless', async () => {
    const schema = pg.schema();
    const store = await pg.open({ schema });
    await store.close();
    await store.close();
    const error = await thrown(() => store.articles.count());
    expect(error.code).toBe('STORE_FAILED');
    expect(error.message).toBe(`database ${pgName(schema)} is closed (while counting articles)`);
  });

  it('enforces foreign keys: a finding on evidence that does not exist is INPUT_INVALID, and nothing is stored', async () => {
    const schema = pg.schema();
    const store = await pg.open({ schema });
    const error = await thrown(() => store.findings.upsert(finding('1', 'https://copy.example/1', { evidenceId: 4242 }), t(0), 'scan'));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toMatch(
      new RegExp(`^database ${pgName(schema).replace(/[.()/]/g, '\\$&')} refused the data while saving the finding of article 1 on https://copy.example/1: `),
    );
    expect(await store.findings.count()).toBe(0);
    expect(
      await pg
        .admin()
        .query(`SELECT * FROM "${schema}".finding_events`)
        .then((r) => r.rowCount),
    ).toBe(0);
    await store.close();
  });

  it('gives up on a row another process holds with STORE_LOCKED, then goes on once it is free', async () => {
    const schema = pg.schema();
    const store = await pg.open({ schema, lockTimeoutMs: 200 });
    const { finding: f } = await store.findings.upsert(finding('1', 'https://copy.example/1'), t(0), 'scan');
    const admin = pg.admin();
    await admin.query('BEGIN');
    await admin.query(`SELECT * FROM "${schema}".findings WHERE id = $1 FOR UPDATE`, [f.id]);
    const error = await thrown(() => store.findings.setStatus(f.id, 'confirmed', { actor: 'alice', at: t(1) }));
    await admin.query('ROLLBACK');
    expect(error.code).toBe('STORE_LOCKED');
    expect(error.message).toBe(
      `database ${pgName(schema)} is locked by another process (while changing the status of finding ${f.id}); gave up after waiting 200 ms, try again when that process is done`,
    );
    expect(await store.findings.get(f.id)).toMatchObject({ status: 'open' });
    expect((await store.findings.setStatus(f.id, 'confirmed', { actor: 'alice', at: t(2) })).status).toBe('confirmed');
    await store.close();
  });
});

describe('postgres store: what is kept how', () => {
  it('keeps evidence bodies brotli-compressed, times as the UTC ISO text given, fingerprints as little-endian bytes', async () => {
    const schema = pg.schema();
    const store = await pg.open({ schema });
    const body = Buffer.from('<html><body>中国石化报 copy</body></html>'.repeat(2000));
    const id = await store.evidence.add(evidence('https://copy.example/1', body));
    const { id: articleId } = await store.articles.upsert(article(1, { fingerprints: new Uint32Array([1, 0x01020304]) }), t(0));
    const admin = pg.admin();
    const raw = (await admin.query(`SELECT body_encoding, octet_length(body) AS stored FROM "${schema}".evidence WHERE id = $1`, [id])).rows[0];
    expect(raw.body_encoding).toBe('br');
    expect(Number(raw.stored)).toBeLessThan(body.length / 20);
    const a = (await admin.query(`SELECT first_seen, encode(fingerprints, 'hex') AS fp FROM "${schema}".articles WHERE id = $1`, [articleId])).rows[0];
    expect(a).toEqual({ first_seen: t(0), fp: '0100000004030201' });
    await store.close();
  });

  it('keeps a NUL in a text as U+FFFD (PostgreSQL text cannot hold NUL), offsets unchanged', async () => {
    const store = await pg.open();
    const text = 'before\u0000after';
    const saved = await store.articles.upsert(article(1, { text, paragraphs: [text], title: 'a\u0000b' }), t(0));
    const got = await store.articles.get(saved.id);
    expect(got?.text).toBe('before\uFFFDafter');
    expect(got?.text.length).toBe(text.length);
    expect(got?.paragraphs).toEqual([text]); // JSON keeps it exactly
    expect(got?.title).toBe('a\uFFFDb');
    expect(await store.articles.upsert(article(1, { text, paragraphs: [text] }), t(1))).toEqual({ id: saved.id, created: false, changed: false });
    await store.close();
  });
});

describe('postgres store: migrations', () => {
  it('applies each migration once and records it', async () => {
    const schema = pg.schema();
    await (await pg.open({ schema })).close();
    const versions = () =>
      pg
        .admin()
        .query(`SELECT version, applied_at FROM "${schema}".schema_migrations ORDER BY version`)
        .then((r) => r.rows);
    const first = await versions();
    expect(first.map((r) => r.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    await (await pg.open({ schema })).close();
    expect(await versions()).toEqual(first);
  });

  it('applies migrations all or nothing, idempotently, and refuses a newer schema', async () => {
    const schema = pg.schema();
    const admin = pg.admin();
    const tables = async () =>
      (await admin.query("SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename IN ('a', 'b', 'c') ORDER BY 1", [schema])).rows.map(
        (r) => r.tablename,
      );
    const m =
      (sql: string): Migration =>
      (s) =>
        sql.replaceAll('S.', `"${s}".`);
    const client = admin;
    await expect(
      migrate(client, 'test', schema, [m('CREATE TABLE S.a (x int)'), m('CREATE TABLE S.b (y int); INSERT INTO S.missing VALUES (1)')]),
    ).rejects.toThrow(/missing/);
    expect(await tables()).toEqual([]);
    expect(await schemaVersion(client, schema)).toBe(0);
    const two = [m('CREATE TABLE S.a (x int)'), m('CREATE TABLE S.b (y int)')];
    expect(await migrate(client, 'test', schema, two)).toEqual([1, 2]);
    expect(await migrate(client, 'test', schema, two)).toEqual([]);
    expect(await migrate(client, 'test', schema, [...two, m('CREATE TABLE S.c (z int)')])).toEqual([3]);
    expect(await tables()).toEqual(['a', 'b', 'c']);
    await expect(migrate(client, 'test', schema, two)).rejects.toThrow('database test has schema version 3, newer than this copywatch knows (2)');
  });

  it('refuses to open a schema written by a newer copywatch, and leaves it alone', async () => {
    const schema = pg.schema();
    const store = await pg.open({ schema });
    await store.articles.upsert(article(1), t(0));
    await store.close();
    const admin = pg.admin();
    await admin.query(`INSERT INTO "${schema}".schema_migrations (version, applied_at) VALUES ($1, $2)`, [MIGRATIONS.length + 1, t(0)]);
    const error = await thrown(() => pg.open({ schema }));
    expect(error.code).toBe('STORE_FAILED');
    expect(error.message).toBe(
      `database ${pgName(schema)} has schema version ${MIGRATIONS.length + 1}, newer than this copywatch knows (${MIGRATIONS.length}); use the copywatch that wrote it, or another database`,
    );
    expect((await admin.query(`SELECT COUNT(*)::int AS n FROM "${schema}".articles`)).rows[0].n).toBe(1);
  });

  it('migrates once when several processes open a new schema at the same moment', async () => {
    const schema = pg.schema();
    const stores = await Promise.all(Array.from({ length: 6 }, () => pg.open({ schema })));
    const rows = (await pg.admin().query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`)).rows;
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    await stores[0].articles.upsert(article(1), t(0));
    for (const store of stores) expect(await store.articles.count()).toBe(1);
    await Promise.all(stores.map((s) => s.close()));
  });
});
