/**
 * A scan killed with SIGKILL at any moment resumes on its next run without losing or duplicating
 * anything, and the database is never left corrupt. A real child process (`copywatch scan`) is
 * killed several times, at different points, then run to its end; the findings table must equal
 * the one of an uninterrupted run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { BetterSqlite3 as Database } from '../../src/store/sqlite/driver.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/index.ts';
import { openApp } from '../../src/scan/app.ts';
import { runIndex, runScan } from '../../src/scan/jobs.ts';
import { demoConfig, REPO, type DemoSetup } from '../support/demo.ts';
import { startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';

let web: FixtureWeb;
const setups: DemoSetup[] = [];

function setupWithIndex(delayMs: number): DemoSetup {
  const s = demoConfig(web, (c) => {
    c.crawler.delayMs = delayMs;
  });
  setups.push(s);
  return s;
}

async function index(setup: DemoSetup): Promise<void> {
  const app = await openApp(setup.configPath);
  try {
    expect((await runIndex(app)).status).toBe('done');
  } finally {
    await app.close();
  }
}

function table(findings: Finding[]): string[] {
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

async function findingsOf(setup: DemoSetup): Promise<Finding[]> {
  const app = await openApp(setup.configPath);
  try {
    const page = await app.store.findings.list({ limit: 1000 });
    return page.items;
  } finally {
    await app.close();
  }
}

function countFindings(dbPath: string): number {
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM findings').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or busy for a moment
  }
}

function startScan(configPath: string): { child: ChildProcess; exit: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, [join(REPO, 'bin/copywatch.js'), '--config', configPath, 'scan'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => {
    err += d;
  });
  child.stdout!.resume();
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit, stderr: () => err };
}

beforeAll(async () => {
  web = await startFixtureWeb();
});

afterAll(async () => {
  await web?.close();
  for (const s of setups) s.cleanup();
});

describe('a scan killed with SIGKILL', () => {
  it('resumes on its next run: the same findings as an uninterrupted run, none twice, the database intact', async () => {
    const reference = setupWithIndex(0);
    await index(reference);
    const refApp = await openApp(reference.configPath);
    expect((await runScan(refApp)).status).toBe('done');
    await refApp.close();
    const expected = table(await findingsOf(reference));
    expect(expected.length).toBeGreaterThan(15);

    // A polite crawl (one request per host every 40 ms) leaves time to kill it mid-scan.
    const killed = setupWithIndex(40);
    await index(killed);
    const killPoints = [1, 7, 14];
    for (const after of killPoints) {
      const run = startScan(killed.configPath);
      const started = Date.now();
      while (countFindings(killed.dbPath) < after && Date.now() - started < 60_000) {
        const done = await Promise.race([run.exit.then(() => true), new Promise((r) => setTimeout(() => r(false), 15))]);
        if (done) throw new Error(`the scan ended before it could be killed: ${run.stderr()}`);
      }
      run.child.kill('SIGKILL');
      expect(await run.exit).toBeNull(); // killed, no exit code
      const db = new Database(killed.dbPath, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const dupes = db.prepare('SELECT article_id, url, COUNT(*) AS n FROM findings GROUP BY article_id, url HAVING n > 1').all();
      db.close();
      expect(dupes).toEqual([]);
    }
    expect(countFindings(killed.dbPath)).toBeLessThan(expected.length);

    const last = startScan(killed.configPath);
    expect(await last.exit, last.stderr()).toBe(0);

    const resumed = await findingsOf(killed);
    expect(table(resumed)).toEqual(expected);
    const app = await openApp(killed.configPath);
    try {
      const scans = (await app.store.scans.list(20)).filter((s) => s.job === 'scan');
      // the three killed runs are marked interrupted, the last one done
      expect(scans.map((s) => s.status).sort()).toEqual(['done', 'interrupted', 'interrupted', 'interrupted']);
      for (const f of resumed) {
        expect(f.evidenceId).not.toBeNull();
        expect(await app.store.evidence.body(f.evidenceId!)).not.toBeNull();
        expect((await app.store.findings.events(f.id)).filter((e) => e.to === 'open' && e.from === null)).toHaveLength(1);
      }
    } finally {
      await app.close();
    }
  }, 240_000);
});
