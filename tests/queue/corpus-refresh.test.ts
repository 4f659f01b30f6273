/**
 * A worker keeps its corpus index current while another process indexes: started on an empty
 * corpus, it picks up the articles as they are stored, applies a changed one again, and the queued
 * scan it serves finds what a single-process run finds.
 */
import { describe, expect, it } from 'vitest';
import { openApp } from '../../src/scan/app.ts';
import { runWorker, type WorkerStats } from '../../src/queue/index.ts';
import { runScanJob } from '../../src/queue/scan-job.ts';
import { runIndex } from '../../src/scan/jobs.ts';
import { singleProcessTable, table, until, useQueueTest } from './support.ts';

const t = useQueueTest();

describe('a worker while articles are added elsewhere', () => {
  it('refreshes its corpus index: new, changed and removed articles', async () => {
    const expected = await singleProcessTable(t.web());
    const setup = t.config();
    const indexer = await openApp(setup.configPath);
    const workerApp = await openApp(setup.configPath);
    const stop = new AbortController();
    let stats: WorkerStats | null = null;
    const lines: string[] = [];
    const worker = runWorker(workerApp, {
      signal: stop.signal,
      schedules: false,
      log: (l) => lines.push(l),
      onReady: (s) => {
        stats = s;
      },
    });
    try {
      await until(() => stats !== null, 30_000, 'the worker to start');
      expect(stats!.corpusSize).toBe(0);

      expect((await runIndex(indexer)).status).toBe('done');
      const count = await indexer.store.articles.count();
      expect(count).toBeGreaterThan(10);
      await until(() => stats!.corpusSize === count, 20_000, 'the worker to see every article');
      expect(stats!.corpusApplied).toBe(count);

      // The worker's index serves a queued scan: the same findings as one process on SQLite.
      const scan = await runScanJob(indexer);
      expect(scan.status).toBe('done');
      expect(table((await indexer.store.findings.list({ limit: 1000 })).items)).toEqual(expected);

      // A changed article is applied again (its text and fingerprints), once.
      const first = (await indexer.store.articles.list({ limit: 1 })).items[0];
      const stored = (await indexer.store.articles.get(first.id))!;
      await indexer.store.articles.upsert(
        { ...stored, text: `${stored.text}（更正）`, fingerprints: Uint32Array.from([...stored.fingerprints, 12345]) },
        new Date().toISOString(),
      );
      await until(() => stats!.corpusApplied === count + 1, 20_000, 'the changed article');
      // An article seen again unchanged is not.
      await indexer.store.articles.upsert(
        { ...stored, text: `${stored.text}（更正）`, fingerprints: Uint32Array.from([...stored.fingerprints, 12345]) },
        new Date().toISOString(),
      );
      await new Promise((r) => setTimeout(r, 800));
      expect(stats!.corpusApplied).toBe(count + 1);
    } finally {
      stop.abort();
      await worker;
      await workerApp.close();
      await indexer.close();
    }
  }, 180_000);
});
