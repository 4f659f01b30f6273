/**
 * A failing alert channel never fails a scan: `copywatch scan` whose webhook answers 500 ends
 * done (exit 0), says how many alerts wait, and leaves them queued in the database; the next run,
 * in a new process, delivers them once the receiver answers.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/scan/app.ts';
import { runCli } from '../support/cli.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';

let web: FixtureWeb;
let setup: DemoSetup;
let receiver: Server;
let up = false;
const received: unknown[] = [];

beforeAll(async () => {
  web = await startFixtureWeb();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!up) return void res.writeHead(500).end('broken');
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200).end('ok');
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const port = (receiver.address() as AddressInfo).port;
  setup = demoConfig(web, (config) => {
    config.crawler.resolve = { ...config.crawler.resolve, 'hooks.example': `127.0.0.1:${port}` };
    config.alerts = [{ name: 'hook', retryMs: 10, webhook: { url: 'http://hooks.example/in', secret: 'sixteen-characters-at-least' } }];
  });
  const index = await runCli(['--config', setup.configPath, 'index'], { timeoutMs: 60_000 });
  expect(index.code, index.stderr).toBe(0);
}, 90_000);

afterAll(async () => {
  receiver?.close();
  await web?.close();
  setup?.cleanup();
});

describe('alerts from the CLI', () => {
  it('a scan whose webhook fails ends done, its alerts queued; the next run delivers them', async () => {
    const scan = await runCli(['--config', setup.configPath, 'scan', '--target', 'nengyuan-zixun'], { timeoutMs: 60_000 });
    expect(scan.code, scan.stderr).toBe(0);
    const m = /alerts: (\d+) queued, 0 delivered, (\d+) waiting to be retried/.exec(scan.stderr);
    expect(m, scan.stderr).not.toBeNull();
    const queued = Number(m![1]);
    expect(queued).toBeGreaterThan(0);
    expect(Number(m![2])).toBe(queued);

    up = true;
    const again = await runCli(['--config', setup.configPath, 'scan', '--target', 'nengyuan-zixun'], { timeoutMs: 60_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`alerts: 0 queued, ${queued} delivered, 0 waiting`));
    expect(received).toHaveLength(queued);

    const app = await openApp(setup.configPath);
    try {
      expect(await app.store.alerts.list({ status: 'pending' })).toEqual([]);
      expect((await app.store.alerts.deliveries()).map((d) => d.ok)).toContain(false);
    } finally {
      await app.close();
    }
  }, 120_000);
});
