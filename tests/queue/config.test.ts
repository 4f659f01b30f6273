/** The `queue` section of the config: defaults, field-precise errors, and the PostgreSQL it needs. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { runCli } from '../support/cli.ts';
import { demoConfig } from '../support/demo.ts';
import { errorOf } from '../support/errors.ts';

const minimal = { publisher: { name: '石化晨报' } };
const pgStorage = { postgres: { url: 'postgres://copywatch@db.internal:5432/copywatch', schema: 'copywatch' } };

describe('queue config', () => {
  it('is off by default, with documented defaults', () => {
    expect(parseConfig(minimal).queue).toEqual({ enabled: false, pollMs: 500, jobTimeoutSec: 300, retryLimit: 3, batch: 8, corpusRefreshMs: 5000 });
    expect(parseConfig({ ...minimal, storage: pgStorage, queue: { enabled: true, batch: 16 } }).queue).toMatchObject({ enabled: true, batch: 16, pollMs: 500 });
  });

  it('needs storage.postgres: one line naming the field', () => {
    const error = errorOf(() => parseConfig({ ...minimal, queue: { enabled: true } }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(
      'config: queue.enabled: expected storage.postgres with the queue enabled (the queue lives in PostgreSQL; SQLite serves one machine)',
    );
    // Off, the queue needs nothing.
    expect(parseConfig({ ...minimal, queue: { enabled: false } }).queue.enabled).toBe(false);
  });

  it('names the field of a bad value or an unknown one', () => {
    expect(errorOf(() => parseConfig({ ...minimal, storage: pgStorage, queue: { enabled: true, pollMs: 10 } })).message).toBe(
      'config: queue.pollMs: expected a whole number from 50 to 60000, got 10',
    );
    expect(errorOf(() => parseConfig({ ...minimal, queue: { batch: 'eight' } })).message).toBe(
      'config: queue.batch: expected a whole number from 1 to 256, got "eight"',
    );
    expect(errorOf(() => parseConfig({ ...minimal, queue: { workers: 4 } })).message).toBe(
      'config: queue.workers: unknown field (not part of the config; a typo?)',
    );
    expect(errorOf(() => parseConfig({ ...minimal, queue: { enabled: 'yes' } })).message).toMatch(/^config: queue\.enabled: expected true or false/);
    const long = 'a'.repeat(60);
    expect(errorOf(() => parseConfig({ ...minimal, storage: { postgres: { url: 'postgres://x/y', schema: long } }, queue: { enabled: true } })).message).toBe(
      "config: storage.postgres.schema: expected a schema name of at most 58 characters with the queue enabled (the queue's schema is <schema>_boss), got 60",
    );
  });

  it('copywatch worker refuses a config without the queue, in one line', async () => {
    const setup = demoConfig({ resolve: {} });
    try {
      const result = await runCli(['--config', setup.configPath, 'worker']);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`copywatch: CONFIG_INVALID: ${setup.configPath}: queue.enabled: expected true to run workers (the queue is off)\n`);
    } finally {
      setup.cleanup();
    }
  });
});
