/**
 * What the queue tests share: per test file, the fixture web, a PostgreSQL schema per config (and
 * pg-boss's `<schema>_boss`, both dropped after the file; the tests fail, not skip, when PostgreSQL
 * is down), demo configs with the queue on, `copywatch` child processes (killed after the file),
 * and the findings table as a comparable set.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Finding } from '../../src/domain/index.ts';
import { openApp } from '../../src/scan/app.ts';
import { runIndex, runScan } from '../../src/scan/jobs.ts';
import { demoConfig, REPO, type DemoSetup } from '../support/demo.ts';
import { startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';
import { PG_URL, usePostgres } from '../store/support/pg.ts';

/**
 * A queue test file's surroundings, set up before its tests and removed after them: the fixture
 * web, the configs (`config`: the queue on, a schema of its own) and the child processes (`cli`,
 * `worker`).
 */
export function useQueueTest() {
  const pg = useQueuePostgres();
  let web: FixtureWeb;
  const setups: DemoSetup[] = [];
  const children: Child[] = [];
  beforeAll(async () => {
    web = await startFixtureWeb();
  });
  afterAll(async () => {
    for (const c of children) c.child.kill('SIGKILL');
    await web?.close();
    for (const s of setups) s.cleanup();
  });
  const cli = (configPath: string, args: string[]): Child => {
    const child = startCli(configPath, args);
    children.push(child);
    return child;
  };
  return {
    admin: () => pg.admin(),
    web: () => web,
    config(edit?: (config: Record<string, any>) => void): DemoSetup & { schema: string } {
      const schema = pg.schema();
      const setup = queueConfig(web, schema, edit);
      setups.push(setup);
      return { ...setup, schema };
    },
    cli,
    worker: (configPath: string, args: string[] = []) => cli(configPath, ['worker', ...args]),
  };
}

function useQueuePostgres() {
  const pg = usePostgres();
  const schemas: string[] = [];
  afterAll(async () => {
    const admin = pg.admin();
    for (const s of schemas) {
      await admin.query(`DROP SCHEMA IF EXISTS "${s}_boss" CASCADE`).catch(() => undefined);
      await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`).catch(() => undefined);
    }
  });
  return {
    admin: () => pg.admin(),
    /** A schema kept for the whole file (dropped after it, with its `_boss` schema). */
    schema: () => {
      const s = `cwq${process.pid}_${Date.now().toString(36)}_${schemas.length}`;
      schemas.push(s);
      return s;
    },
  };
}

function queueConfig(web: Pick<FixtureWeb, 'resolve'>, schema: string, edit: (config: Record<string, any>) => void = () => {}): DemoSetup {
  return demoConfig(web, (c) => {
    c.storage = { postgres: { url: PG_URL, schema } };
    c.queue = { enabled: true, pollMs: 100, jobTimeoutSec: 3, retryLimit: 3, batch: 4, corpusRefreshMs: 200 };
    edit(c);
  });
}

export interface Child {
  child: ChildProcess;
  exit: Promise<number | null>;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

function startCli(configPath: string, args: string[]): Child {
  const child = spawn(process.execPath, [join(REPO, 'bin/copywatch.js'), '--config', configPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => {
    err += d;
  });
  child.stdout!.resume();
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exit,
    stderr: () => err,
    stop: async () => {
      child.kill('SIGTERM');
      return exit;
    },
  };
}

/** Resolves once `test` is true (checked every 50 ms), or rejects after `ms`. */
export async function until(test: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The findings as a set to compare: url, original, verdict, status and the rules broken. */
export function table(findings: Finding[]): string[] {
  return findings
    .map(
      (f) =>
        `${f.url} ← ${f.articleUrl}: ${f.verdict} ${f.status} [${f.violations
          .map((v) => v.ruleId)
          .sort()
          .join(',')}]`,
    )
    .sort();
}

/** The findings table of an index and a scan in one process on SQLite (the reference). */
export async function singleProcessTable(web: FixtureWeb): Promise<string[]> {
  const setup = demoConfig(web);
  const app = await openApp(setup.configPath);
  try {
    await runIndex(app);
    await runScan(app);
    return table((await app.store.findings.list({ limit: 1000 })).items);
  } finally {
    await app.close();
    setup.cleanup();
  }
}
