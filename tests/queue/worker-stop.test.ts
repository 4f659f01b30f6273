/**
 * A worker stopped (Ctrl-C, SIGTERM) while it runs a scheduled scan for the cluster: the scan is
 * aborted and records its end before the worker returns and its store closes, as under `serve`.
 */
import { describe, expect, it } from 'vitest';
import { openApp } from '../../src/scan/app.ts';
import { runWorker } from '../../src/queue/index.ts';
import { runIndex } from '../../src/scan/jobs.ts';
import { until, useQueueTest } from './support.ts';

const t = useQueueTest();

describe('a worker stopped while it runs a scheduled scan', () => {
  it('ends that run as interrupted before it returns, instead of leaving it running until it goes stale', async () => {
    const setup = t.config((c) => {
      c.crawler.timeoutMs = 20_000;
      c.targets.push({ name: 'stuck', startUrls: ['http://hang.hostile.test/hang/2.html'] });
      c.schedules = [{ cron: '* * * * * *', job: 'scan', target: 'stuck' }];
    });
    const app = await openApp(setup.configPath);
    expect((await runIndex(app)).status).toBe('done');
    const stop = new AbortController();
    const lines: string[] = [];
    const worker = runWorker(app, { signal: stop.signal, log: (l) => lines.push(l) });
    try {
      let running: number | null = null;
      await until(
        async () => {
          running = (await app.store.scans.list(20)).find((s) => s.job === 'scan' && s.status === 'running')?.id ?? null;
          return running !== null;
        },
        30_000,
        'the scheduled scan to start',
      ).catch((e) => {
        throw new Error(`${e.message}; the worker said: ${lines.slice(-3).join(' | ')}`);
      });
      stop.abort();
      await worker;
      const run = await app.store.scans.get(running!);
      expect(run!.status).toBe('interrupted');
      expect(run!.endedAt).not.toBeNull();
    } finally {
      stop.abort();
      await worker.catch(() => undefined);
      await app.close();
    }
  }, 120_000);
});
