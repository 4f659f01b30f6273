/**
 * Two `copywatch worker` processes and a scheduler (`copywatch serve`, whose schedule starts the
 * queued scan) on PostgreSQL over the fixture web; one worker is killed with SIGKILL while it
 * holds jobs. Its jobs expire and are retried by the other,
 * and the findings table equals the one of a single-process run on SQLite: the same findings, none
 * twice, each created once.
 */
import { describe, expect, it } from 'vitest';
import { openApp } from '../../src/scan/app.ts';
import { runScanJob } from '../../src/queue/scan-job.ts';
import { runIndex } from '../../src/scan/jobs.ts';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { singleProcessTable, table, until, useQueueTest } from './support.ts';

/** A port free on loopback now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const t = useQueueTest();

describe('a worker killed mid-scan', () => {
  it('loses nothing: its jobs are retried, and the findings equal a single-process run, none twice', async () => {
    const expected = await singleProcessTable(t.web());
    expect(expected.length).toBeGreaterThan(15);

    // A polite crawl (one request per host every 40 ms) leaves time to kill a worker mid-scan.
    const setup = t.config((c) => {
      c.crawler.delayMs = 40;
      c.server = { ...c.server, token: 'kill-test-token' };
    });
    const { schema } = setup;
    const app = await openApp(setup.configPath);
    try {
      expect((await runIndex(app)).status).toBe('done');
      // The scan is started by a schedule in a `copywatch serve` process: the cluster's scheduler
      // (the workers run no schedules). It fires once a minute, at a second 12 s from now: a
      // process slow to start catches the next minute instead of missing its one chance.
      const at = new Date(Date.now() + 12_000);
      setup.config.schedules = [{ cron: `${at.getUTCSeconds()} * * * * *`, timezone: 'UTC', job: 'scan' }];
      writeFileSync(setup.configPath, JSON.stringify(setup.config, null, 2));
      const scheduler = t.cli(setup.configPath, ['serve', '--port', String(await freePort())]);
      const a = t.worker(setup.configPath, ['--no-schedules']);
      const b = t.worker(setup.configPath, ['--no-schedules']);
      const admin = t.admin();
      const boss = `"${schema}_boss".job`;
      const active = async () => (await admin.query(`SELECT COUNT(*)::int AS n FROM ${boss} WHERE state = 'active'`)).rows[0].n as number;
      const findings = async () => (await admin.query(`SELECT COUNT(*)::int AS n FROM "${schema}".findings`)).rows[0].n as number;

      const scanRuns = async () =>
        (await admin.query(`SELECT id, status FROM "${schema}".scans WHERE job = 'scan' AND status NOT IN ('missed', 'skipped') ORDER BY id`)).rows as Array<{
          id: string;
          status: string;
        }>;
      await until(async () => (await scanRuns()).length > 0, 130_000, 'the scheduled scan to start').catch((e) => {
        throw new Error(`${e.message}: ${scheduler.stderr().slice(-1500)}`);
      });
      expect(scheduler.stderr()).toContain('schedules: this process runs them for the cluster');
      // Each worker holds 4 jobs at most: more than 4 active means both hold some.
      await until(async () => (await findings()) >= 3 && (await active()) > 4, 90_000, 'both workers holding jobs');
      a.child.kill('SIGKILL');
      expect(await a.exit).toBeNull();
      const killedAt = await findings();

      await until(async () => (await scanRuns())[0].status !== 'running', 120_000, 'the scheduled scan to end');
      // A firing while the scan ran was refused (recorded as skipped): the schedule ran it once.
      // Later firings would start new scans: the scheduler stops now.
      expect(await scheduler.stop()).toBe(0);
      const runs = await scanRuns();
      expect(runs).toHaveLength(1);
      const scan = (await app.store.scans.get(Number(runs[0].id)))!;
      expect(scan.status).toBe('done');
      expect(scan.counts.pagesQueued).toBe(0);
      expect(killedAt).toBeLessThan(expected.length);

      // The killed worker's jobs expired and ran again.
      const retried = (await admin.query(`SELECT COUNT(*)::int AS n FROM ${boss} WHERE retry_count > 0 AND state = 'completed'`)).rows[0].n;
      expect(retried).toBeGreaterThan(0);
      expect((await admin.query(`SELECT COUNT(*)::int AS n FROM ${boss} WHERE state < 'completed'`)).rows[0].n).toBe(0);
      // Every page of the scan once, done.
      const pages = (
        await admin.query(`SELECT COUNT(*)::int AS n, COUNT(*) FILTER (WHERE NOT done)::int AS open FROM "${schema}".queue_pages WHERE scan_id = $1`, [scan.id])
      ).rows[0];
      expect(pages.open).toBe(0);
      expect(pages.n).toBeGreaterThan(50);

      const got = (await app.store.findings.list({ limit: 1000 })).items;
      expect(table(got)).toEqual(expected);
      const dupes = await admin.query(`SELECT article_id, url, COUNT(*) FROM "${schema}".findings GROUP BY article_id, url HAVING COUNT(*) > 1`);
      expect(dupes.rows).toEqual([]);
      for (const f of got) {
        expect(f.evidenceId).not.toBeNull();
        expect((await app.store.findings.events(f.id)).filter((e) => e.to === 'open' && e.from === null)).toHaveLength(1);
      }
      expect(await b.stop()).toBe(0);
      expect(b.stderr()).toMatch(/worker stopped: [1-9]\d* jobs done/);
    } finally {
      await app.close();
    }
  }, 360_000);

  it('with no retry left, its pages count as failed and the scan still ends', async () => {
    const setup = t.config((c) => {
      c.crawler.delayMs = 40;
      c.queue.retryLimit = 0;
      c.queue.jobTimeoutSec = 2;
    });
    const { schema } = setup;
    const app = await openApp(setup.configPath);
    try {
      expect((await runIndex(app)).status).toBe('done');
      const admin = t.admin();
      const boss = `"${schema}_boss".job`;
      // (the queue's schema appears once the worker or the scan has opened it)
      const active = async () =>
        (await admin.query(`SELECT COUNT(*)::int AS n FROM ${boss} WHERE state = 'active'`).catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n as number;
      const a = t.worker(setup.configPath, ['--no-schedules']);
      const scanning = runScanJob(app);
      await until(async () => (await active()) >= 2, 90_000, 'the worker holding jobs');
      a.child.kill('SIGKILL');
      await a.exit;
      const b = t.worker(setup.configPath, ['--no-schedules']);
      const scan = await scanning;
      expect(scan.status).toBe('done');
      // The killed worker's jobs failed for good. (On a busy machine a job of the second worker may
      // also outlive its 2 s and fail after its handler finished the page: that page is not lost.)
      const failedUrls = (await admin.query(`SELECT data->>'url' AS url FROM ${boss} WHERE state = 'failed'`)).rows.map((r) => r.url);
      expect(failedUrls.length).toBeGreaterThanOrEqual(2);
      // Each lost page is counted failed, with its reason, and named with the run's failed pages.
      const listed = (await app.store.scans.failures(scan.id)).filter((f) => f.reason.startsWith('failed: QUEUE_JOB_FAILED'));
      expect(listed.length).toBeGreaterThanOrEqual(1);
      expect(scan.reasons['failed: QUEUE_JOB_FAILED (retries exhausted)']).toBe(listed.length);
      expect(scan.counts.failed).toBeGreaterThanOrEqual(listed.length);
      for (const f of listed) expect(failedUrls).toContain(f.url);
      expect(listed[0].reason).toMatch(/ended without a result on every try/);
      // No page is left open, none counted twice.
      const pages = (
        await admin.query(`SELECT COUNT(*)::int AS n, COUNT(*) FILTER (WHERE NOT done)::int AS open FROM "${schema}".queue_pages WHERE scan_id = $1`, [scan.id])
      ).rows[0];
      expect(pages.open).toBe(0);
      expect(await b.stop()).toBe(0);
    } finally {
      await app.close();
    }
  }, 240_000);
});
