/**
 * discover with the queue on: the searching in the process that starts the run, the proposed URLs
 * as page jobs taken by the workers, their findings keeping the search that proposed them, the
 * run ending when its page jobs have, with their counts and the searching's reasons.
 */
import { describe, expect, it } from 'vitest';
import { runDiscoverJob } from '../../src/queue/discover-job.ts';
import { openApp } from '../../src/scan/app.ts';
import { runIndex } from '../../src/scan/jobs.ts';
import { DISCOVERED, DISCOVERED_HOST } from '../support/web/index.ts';
import { until, useQueueTest } from './support.ts';

const t = useQueueTest();

describe('discover through the queue', () => {
  it('the workers fetch and judge the proposed pages; the findings on the site nobody listed carry discoveredBy', async () => {
    const setup = t.config((c) => {
      c.queue.jobTimeoutSec = 60;
      c.queue.pollMs = 50;
      c.discovery = { providers: [{ type: 'searxng', url: 'http://search.fixture.test' }], queriesPerArticle: 2, dailyQueryBudget: 200, revisitDays: 30 };
    });
    const app = await openApp(setup.configPath);
    try {
      expect((await runIndex(app)).status).toBe('done');
      const worker = t.worker(setup.configPath, ['--no-schedules']);
      await until(() => /worker .*: \d+ articles in the corpus/.test(worker.stderr()), 60_000, 'the worker to start');

      const { scan, summary } = await runDiscoverJob(app);
      expect(scan).toMatchObject({ job: 'discover', status: 'done' });
      expect(summary.queries).toBe(summary.articles * 2);
      expect(summary.proposed).toBe(DISCOVERED.length);
      expect(summary.fetched).toBe(DISCOVERED.length);
      expect(summary.findings).toBe(DISCOVERED.length);
      expect(scan.counts).toMatchObject({ pagesFetched: DISCOVERED.length, findingsNew: DISCOVERED.length, pagesQueued: 0 });
      // The searching's reasons are the run's, as in a one-process run.
      expect(scan.reasons['filtered: own domain']).toBe(summary.filtered['own domain']);
      const findings = (await app.store.findings.list({ site: DISCOVERED_HOST })).items;
      expect(findings.map((f) => f.url).sort()).toEqual(DISCOVERED.map((p) => p.url).sort());
      for (const f of findings) {
        expect(f.facts.discoveredBy).toMatchObject({ provider: 'searxng' });
        expect(f.facts.discoveredBy!.query).toMatch(/^".+"$/);
        expect(f.evidenceId).not.toBeNull();
      }

      // Proposed once: within the revisit window, the next run proposes nothing and ends with no page job.
      const again = await runDiscoverJob(app);
      expect(again.scan.status).toBe('done');
      expect(again.summary.proposed).toBe(0);

      expect(await worker.stop()).toBe(0);
      expect(Number(/worker stopped: (\d+) jobs done/.exec(worker.stderr())?.[1] ?? -1)).toBe(DISCOVERED.length);
    } finally {
      await app.close();
    }
  }, 180_000);
});
