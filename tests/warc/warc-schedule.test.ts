/**
 * scan-warc on a schedule: each run judges the WARC files of warc.dir not judged yet, remembers
 * them (size and mtime, in the store), judges a file again only once it changes, and records a
 * run with nothing new as skipped. The config refuses a scan-warc schedule without warc.dir.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { openApp, type App } from '../../src/scan/app.ts';
import { runIndex, runScanWarcDir } from '../../src/scan/jobs.ts';
import { Scheduler, type ScheduleSpec } from '../../src/scan/schedules.ts';
import { BackgroundJobs } from '../../src/server/jobs.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { buildWarc, htmlResponse } from '../support/warc.ts';

const PARAGRAPHS = [0, 1, 2, 3].map(
  (i) =>
    `The harbour story, part ${i + 1}: the council met again this week, heard the residents at length about the ferry pier, and voted ${i} times to go ahead with the plan it had drafted in ${2010 + i}.`,
);
const page = (site: string) =>
  `<html><head><title>The harbour story - ${site}</title></head><body><h1>The harbour story</h1><div class="story">${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}</div></body></html>`;

let day = 1;
const clock = () => new Date(`2024-05-${String(day).padStart(2, '0')}T09:00:00Z`);
let server: Server;
let setup: DemoSetup;
let app: App;
let dir: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><a href="/a.html">story</a></body></html>');
    if (req.url === '/a.html') return res.writeHead(200, { 'content-type': 'text/html' }).end(page('Courier'));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const at = `127.0.0.1:${(server.address() as { port: number }).port}`;
  setup = demoConfig({ resolve: { 'www.courier.test': at } }, (c) => {
    c.publisher.ownedDomains = ['courier.test', '*.courier.test'];
    c.publisher.sources = [{ name: 'courier', startUrls: ['http://www.courier.test/'], maxDepth: 1 }];
    c.targets = [];
    c.warc = { dir: 'warcs' };
    c.schedules = [{ cron: '0 4 * * *', job: 'scan-warc' }];
  });
  dir = join(setup.dir, 'warcs');
  mkdirSync(dir);
  app = await openApp(setup.configPath, { clock });
  expect((await runIndex(app)).status).toBe('done');
}, 60_000);

afterAll(async () => {
  await app?.close();
  await new Promise((r) => server?.close(r));
  setup?.cleanup();
});

async function writeWarc(name: string, hosts: string[], mtime: Date): Promise<void> {
  const path = join(dir, name);
  writeFileSync(
    path,
    (
      await buildWarc(
        hosts.map((h) => htmlResponse(`http://${h}/copy.html`, page(h))),
        true,
      )
    ).bytes,
  );
  utimesSync(path, mtime, mtime);
}

describe('scan-warc on a schedule', () => {
  it('judges a new file once, not again, and again once it changes', async () => {
    expect(app.config.schedules).toEqual([{ cron: '0 4 * * *', job: 'scan-warc' }]);
    const spec = app.config.schedules[0] as ScheduleSpec;
    const runs: number[] = [];
    const scheduler = new Scheduler([spec], {
      store: app.store,
      clock,
      run: async () => {
        runs.push((await runScanWarcDir(app)).id);
      },
    });
    await writeWarc('a.warc.gz', ['copy-one.test'], new Date('2024-05-01T00:00:00Z'));
    await scheduler.fire(spec);
    let scan = (await app.store.scans.get(runs.at(-1)!))!;
    expect(scan).toMatchObject({ job: 'scan-warc', status: 'done', target: 'a.warc.gz', counts: { pagesFetched: 1, findingsNew: 1 } });

    day = 2; // nothing new: recorded as skipped, nothing judged
    await scheduler.fire(spec);
    scan = (await app.store.scans.get(runs.at(-1)!))!;
    expect(scan).toMatchObject({ job: 'scan-warc', status: 'skipped' });
    expect(scan.error).toMatch(/no new or changed WARC file/);

    day = 3; // a new file beside it: only the new one is judged
    await writeWarc('b.warc.gz', ['copy-two.test'], new Date('2024-05-02T00:00:00Z'));
    await scheduler.fire(spec);
    scan = (await app.store.scans.get(runs.at(-1)!))!;
    expect(scan).toMatchObject({ status: 'done', target: 'b.warc.gz', counts: { pagesFetched: 1, findingsNew: 1 } });

    day = 4; // the first file changes (a record added): judged again
    await writeWarc('a.warc.gz', ['copy-one.test', 'copy-three.test'], new Date('2024-05-03T00:00:00Z'));
    await scheduler.fire(spec);
    scan = (await app.store.scans.get(runs.at(-1)!))!;
    expect(scan).toMatchObject({ status: 'done', target: 'a.warc.gz', counts: { pagesFetched: 2, findingsNew: 1 } });

    day = 5;
    await scheduler.fire(spec);
    expect((await app.store.scans.get(runs.at(-1)!))!.status).toBe('skipped');
    expect(runs).toHaveLength(5);
  }, 60_000);

  it("runs as serve's schedules run it: on a job thread, the new files of warc.dir", async () => {
    const jobs = new BackgroundJobs(app, { heartbeatMs: 200, log: () => {} });
    await writeWarc('c.warc.gz', ['copy-four.test'], new Date('2024-05-04T00:00:00Z'));
    expect(await jobs.run('scan-warc', null)).toMatchObject({ job: 'scan-warc', status: 'done', target: 'c.warc.gz', counts: { findingsNew: 1 } });
    expect(await jobs.run('scan-warc', null)).toMatchObject({ job: 'scan-warc', status: 'skipped' });
  }, 60_000);

  it('refuses a scan-warc schedule without warc.dir, in one line', () => {
    const bad = demoConfig({ resolve: {} }, (c) => {
      c.schedules = [{ cron: '0 4 * * *', job: 'scan-warc' }];
    });
    try {
      expect(() => loadConfig(bad.configPath)).toThrow(/schedules\[0\]\.job: expected warc\.dir in the config with a scan-warc schedule/);
      let message = '';
      try {
        loadConfig(bad.configPath);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message.split('\n')).toHaveLength(1);
    } finally {
      bad.cleanup();
    }
  });
});
