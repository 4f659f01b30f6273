/**
 * The PostgreSQL the store tests run against: postgres://postgres@127.0.0.1:5432/test (trust
 * auth), or COPYWATCH_PG_URL. Each test gets fresh schemas, dropped after it. When the server is
 * not reachable the test file fails (it does not skip): CI starts PostgreSQL in `.ci/run`.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { Client } from 'pg';
import { openPostgresStore, type PostgresOptions, type Store } from '../../../src/store/index.ts';
import { redact } from '../../../src/store/postgres/db.ts';

export const PG_URL = process.env.COPYWATCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** The database as the store's messages name it (the URL without a password), with the schema. */
export const pgName = (schema: string) => `${redact(PG_URL)} (schema ${schema})`;

export interface PgFixture {
  /** A new schema name (dropped after the test that asked for it). */
  schema(): string;
  /** A store in a new schema, or in `schema` when given (it is not closed for you, except by the contract suite). */
  open(options?: Partial<PostgresOptions>): Promise<Store>;
  /** A connected client on the test database, for looking under the store (closed after the file). */
  admin(): Client;
}

/** Registers the hooks: checks the server answers before the file, drops each test's schemas after it. */
export function usePostgres(): PgFixture {
  const run = `cw_t${process.pid}_${Date.now().toString(36)}`;
  let n = 0;
  let client: Client | null = null;
  const created: string[] = [];

  beforeAll(async () => {
    const c = new Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
    } catch (error) {
      await c.end().catch(() => undefined);
      const why =
        error instanceof Error ? error.message || (error instanceof AggregateError ? error.errors.map(String).join('; ') : error.name) : String(error);
      throw new Error(
        `PostgreSQL is not reachable at ${redact(PG_URL)} (${why}). These tests need it: start it ` +
          '(`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, as .ci/run does) or point COPYWATCH_PG_URL at one.',
      );
    }
    client = c;
  });

  afterEach(async () => {
    if (!client) return;
    for (const schema of created.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  afterAll(async () => {
    await client?.end();
  });

  const schema = () => {
    const name = `${run}_${++n}`;
    created.push(name);
    return name;
  };

  return {
    schema,
    open: (options = {}) => openPostgresStore({ url: PG_URL, ...options, schema: options.schema ?? schema() }),
    admin: () => {
      if (!client) throw new Error('no PostgreSQL client: the server was not reachable');
      return client;
    },
  };
}
