/**
 * `copywatch serve` as a user runs it: a real child process with the token from the environment,
 * the API on the port it prints, a scan started over HTTP (on the server's job thread) and
 * followed to its end, and SIGTERM stopping it cleanly. Without a token it refuses to start, with
 * a one-line reason.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';

const BIN = fileURLToPath(new URL('../../bin/copywatch.js', import.meta.url));
const TOKEN = 'serve-test-token-0123456789';

let web: FixtureWeb;
let setup: DemoSetup;

beforeAll(async () => {
  web = await startFixtureWeb();
  setup = demoConfig(web, (config) => {
    config.server = { host: '127.0.0.1', port: 0 };
  });
  const index = await runCli(['index', '--config', setup.configPath], { env: { COPYWATCH_TOKEN: '' }, timeoutMs: 60_000 });
  expect(index.code, index.stderr).toBe(0);
}, 90_000);

afterAll(async () => {
  await web?.close();
  setup?.cleanup();
});

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function started(child: ChildProcess): Promise<string> {
  let err = '';
  return new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d;
      const m = /dashboard and API on (http:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`copywatch serve exited ${code}: ${err}`)));
  });
}

describe('copywatch serve', () => {
  it('serves the API with the token of COPYWATCH_TOKEN, runs a scan asked for over HTTP, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--config', setup.configPath, '--no-schedules'], {
      env: { ...process.env, COPYWATCH_TOKEN: TOKEN, COPYWATCH_READ_TOKEN: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      const url = await started(child);
      const auth = { authorization: `Bearer ${TOKEN}` };
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      expect((await fetch(`${url}/api/findings`)).status).toBe(401);
      expect((await fetch(`${url}/api/findings`, { headers: { authorization: 'Bearer change-me' } })).status).toBe(401);
      const start = await fetch(`${url}/api/scans`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ job: 'scan', target: 'mirror' }),
      });
      expect(start.status).toBe(202);
      const { scan } = (await start.json()) as { scan: { id: number } };
      let run: { status: string; counts: { findingsNew: number } };
      do {
        await new Promise((r) => setTimeout(r, 100));
        run = ((await (await fetch(`${url}/api/scans/${scan.id}`, { headers: auth })).json()) as { scan: typeof run }).scan;
      } while (run.status === 'running');
      expect(run.status).toBe('done');
      expect(run.counts.findingsNew).toBeGreaterThan(0);
      const list = (await (await fetch(`${url}/api/findings?site=mirror.example-mirror.test`, { headers: auth })).json()) as { items: unknown[] };
      expect(list.items.length).toBe(run.counts.findingsNew);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);

  it('refuses to start without a token, saying where to set one', async () => {
    const r = await runCli(['serve', '--config', setup.configPath, '--no-schedules'], { env: { COPYWATCH_TOKEN: '', COPYWATCH_READ_TOKEN: '' } });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/server\.token is not set .*COPYWATCH_TOKEN/);
  });

  it('with --no-schedules writes nothing to the database, schedules or not', async () => {
    writeFileSync(setup.configPath, JSON.stringify({ ...setup.config, schedules: [{ cron: '* * * * * *', job: 'scan' }] }));
    try {
      const before = sha256(setup.dbPath);
      const child = spawn(process.execPath, [BIN, 'serve', '--config', setup.configPath, '--no-schedules'], {
        env: { ...process.env, COPYWATCH_TOKEN: TOKEN, COPYWATCH_READ_TOKEN: '' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      try {
        const url = await started(child);
        const auth = { authorization: `Bearer ${TOKEN}` };
        for (const path of ['/api/findings', '/api/overview', '/api/scans', '/api/sites'])
          expect((await fetch(`${url}${path}`, { headers: auth })).status).toBe(200);
        // Past a second: a schedule of every second would have fired by now.
        await new Promise((r) => setTimeout(r, 1500));
        child.kill('SIGTERM');
        expect((await once(child, 'exit'))[0]).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      expect(sha256(setup.dbPath)).toBe(before);
    } finally {
      writeFileSync(setup.configPath, JSON.stringify(setup.config));
    }
  }, 60_000);

  it('exits 1 with one line naming the database when its data folder is read-only', async () => {
    const ro = demoConfig(web, (config) => {
      config.server = { host: '127.0.0.1', port: 0 };
      config.schedules = [{ cron: '0 3 * * *', job: 'scan' }];
    });
    try {
      expect((await runCli(['index', '--config', ro.configPath], { env: { COPYWATCH_TOKEN: '' }, timeoutMs: 60_000 })).code).toBe(0);
      // Read-only for the user that serves: as root (who writes anywhere), serve as nobody from a
      // folder of root's; otherwise, take the write permission away.
      const root = process.getuid?.() === 0;
      chmodSync(ro.dir, 0o555);
      for (const f of readdirSync(ro.dir)) chmodSync(join(ro.dir, f), 0o444);
      const r = await runCli(['serve', '--config', ro.configPath], {
        env: { COPYWATCH_TOKEN: TOKEN, COPYWATCH_READ_TOKEN: '' },
        timeoutMs: 30_000,
        ...(root ? { uid: 65534, gid: 65534 } : {}),
      });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toContain(ro.dbPath);
      expect(r.stderr).not.toMatch(/dashboard and API on/);
    } finally {
      chmodSync(ro.dir, 0o755);
      ro.cleanup();
    }
  }, 90_000);
});
