/**
 * What holds across worker processes: per-host politeness (two workers never start requests to
 * one host less than crawler.delayMs after the previous one ended) and schedules (run by one process of the cluster; when
 * it dies, another takes over).
 */
import { describe, expect, it } from 'vitest';
import { openApp } from '../../src/scan/app.ts';
import { runScanJob } from '../../src/queue/scan-job.ts';
import { runIndex } from '../../src/scan/jobs.ts';
import { COPY_HOSTS } from '../support/web/index.ts';
import { until, useQueueTest, type Child } from './support.ts';

const t = useQueueTest();

const jobsDone = (stderr: string) => Number(/worker stopped: (\d+) jobs done/.exec(stderr)?.[1] ?? -1);

describe('politeness across workers', () => {
  it('two workers, jobs of one host in flight in both: no request to it starts less than delayMs after the previous one', async () => {
    const delayMs = 400;
    // Two jobs at most per worker: one worker cannot take every job of the host while the other
    // polls (every 50 ms), so both hold jobs of it at once, whoever polls first.
    const setup = t.config((c) => {
      c.crawler.delayMs = delayMs;
      c.crawler.perHost = 4;
      c.queue.batch = 2;
      c.queue.pollMs = 50;
    });
    const app = await openApp(setup.configPath);
    try {
      expect((await runIndex(app)).status).toBe('done');
      const workers = [t.worker(setup.configPath, ['--no-schedules']), t.worker(setup.configPath, ['--no-schedules'])];
      await until(() => workers.every((w) => /worker .*: \d+ articles in the corpus/.test(w.stderr())), 60_000, 'the workers to start').catch((e) => {
        throw new Error(`${e.message}; their stderr: ${workers.map((w) => w.stderr().slice(-1500)).join(' | ')}`);
      });
      const since = performance.timeOrigin + performance.now();
      const scan = await runScanJob(app, { target: 'mirror' });
      expect(scan.status).toBe('done');
      const times = t
        .web()
        .requests.filter((r) => r.host === COPY_HOSTS.mirror && r.time >= since)
        .map((r) => r.time);
      expect(times.length).toBeGreaterThanOrEqual(10);
      const gaps = times.slice(1).map((t, i) => t - times[i]);
      // A floor, not a speed measure, and an exact one: the next turn is due delayMs after the
      // previous request ended, and that request arrived here before it ended, busy machine or not.
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(delayMs);
      for (const w of workers) expect(await w.stop()).toBe(0);
      // Both workers took pages of that host.
      for (const w of workers) expect(jobsDone(w.stderr()), w.stderr().slice(-600)).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  }, 180_000);
});

describe('schedules across workers', () => {
  it('run once per cluster, and go on in another worker when the one running them is killed', async () => {
    const setup = t.config((c) => {
      c.schedules = [{ cron: '* * * * * *', job: 'recheck' }];
    });
    const { schema } = setup;
    const app = await openApp(setup.configPath);
    const admin = t.admin();
    const runs = async () =>
      (await admin.query(`SELECT status, started_at, error FROM "${schema}".scans WHERE job = 'recheck' AND status <> 'missed' ORDER BY id`)).rows as Array<{
        status: string;
        started_at: string;
        error: string | null;
      }>;
    try {
      const workers = [t.worker(setup.configPath), t.worker(setup.configPath)];
      const leads = (w: Child) => w.stderr().includes('schedules: this process runs them for the cluster');
      await until(async () => (await runs()).length >= 4, 60_000, 'four scheduled runs');
      const leaders = workers.filter(leads);
      expect(leaders).toHaveLength(1);
      const [leader] = leaders;
      const other = workers.find((w) => w !== leader)!;
      leader.child.kill('SIGKILL');
      await leader.exit;
      const before = (await runs()).length;
      await until(() => leads(other), 30_000, 'the other worker to take the schedules over').catch((e) => {
        throw new Error(`${e.message}: ${other.stderr()} | ${leader.stderr()}`);
      });
      await until(async () => (await runs()).length >= before + 3, 30_000, 'runs after the takeover');
      expect(await other.stop()).toBe(0);
      const all = await runs();
      // One run per second at most, whoever ran it: never two processes firing the same time.
      const seconds = all.map((r) => r.started_at.slice(0, 19));
      expect(new Set(seconds).size).toBe(seconds.length);
      // A tick that finds another process's run holding the database (JOB_RUNNING, skipped) is a
      // second process firing. A tick that finds this process's own previous run still going is
      // not (a recheck over one second on a busy machine): skipped, and said so, by the leader.
      const skipped = all.filter((r) => r.status === 'skipped');
      for (const r of skipped) expect(r.error).toMatch(/^the previous recheck run is still going/);
      // The other worker ran them after the takeover, not only skipped them.
      expect(all.slice(before).filter((r) => r.status !== 'skipped').length).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  }, 180_000);
});
