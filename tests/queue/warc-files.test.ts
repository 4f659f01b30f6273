/**
 * scan-warc with the queue on: one job per WARC file, taken by the workers (one file at a time
 * each, so two workers split the files), the run ending once every file job has, with the sum of
 * their counts; a schedule's run queues the new files of warc.dir and remembers them once judged.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp } from '../../src/scan/app.ts';
import { runScanWarcJob, runScheduledScanWarc } from '../../src/queue/warc-job.ts';
import { runIndex } from '../../src/scan/jobs.ts';
import { buildWarc, htmlResponse } from '../support/warc.ts';
import { until, useQueueTest } from './support.ts';

const t = useQueueTest();
const jobsDone = (stderr: string) => Number(/worker stopped: (\d+) jobs done/.exec(stderr)?.[1] ?? -1);

describe('scan-warc through the queue', () => {
  it('two workers split the WARC files; the run ends when every file job has', async () => {
    const setup = t.config((c) => {
      c.queue.jobTimeoutSec = 60;
      c.queue.pollMs = 50;
      c.warc = { dir: 'warcs' };
    });
    const app = await openApp(setup.configPath);
    try {
      expect((await runIndex(app)).status).toBe('done');
      const { items } = await app.store.articles.list({ limit: 1 });
      const article = (await app.store.articles.get(items[0].id))!;
      const copy = `<html><head><meta charset="utf-8"><title>转载</title></head><body><div class="post">${article.paragraphs.map((p) => `<p>${p}</p>`).join('')}</div></body></html>`;
      const filler = (n: number) =>
        `<html><head><title>other ${n}</title></head><body><p>${`Unrelated text number ${n}, about the weather and the roads, nothing like the corpus. `.repeat(20)}</p></body></html>`;
      const dir = join(setup.dir, 'warcs');
      mkdirSync(dir);
      const files: string[] = [];
      for (let f = 0; f < 4; f++) {
        const records = [
          htmlResponse(`http://archive-copy-${f}.test/news.html`, copy),
          ...Array.from({ length: 150 }, (_, n) => htmlResponse(`http://other-${f}.test/${n}.html`, filler(n))),
        ];
        const path = join(dir, `seg-${f}.warc.gz`);
        writeFileSync(path, (await buildWarc(records, true)).bytes);
        files.push(path);
      }
      const workers = [t.worker(setup.configPath, ['--no-schedules']), t.worker(setup.configPath, ['--no-schedules'])];
      await until(() => workers.every((w) => /worker .*: \d+ articles in the corpus/.test(w.stderr())), 60_000, 'the workers to start');

      const scan = await runScanWarcJob(app, files);
      expect(scan).toMatchObject({ job: 'scan-warc', status: 'done', target: 'seg-0.warc.gz +3 more' });
      expect(scan.counts).toMatchObject({ pagesFetched: 4 * 151, findingsNew: 4 });
      for (let f = 0; f < 4; f++) {
        const found = await app.store.findings.list({ site: `archive-copy-${f}.test` });
        expect(found.items, `archive-copy-${f}.test`).toHaveLength(1);
      }

      // A schedule's run: the files of warc.dir not judged yet (all of them here, never scheduled), then none.
      const scheduled = await runScheduledScanWarc(app);
      expect(scheduled).toMatchObject({ status: 'done', counts: { pagesFetched: 4 * 151, findingsNew: 0 } });
      expect(await runScheduledScanWarc(app)).toMatchObject({ status: 'skipped' });

      for (const w of workers) expect(await w.stop()).toBe(0);
      for (const w of workers) expect(jobsDone(w.stderr()), w.stderr().slice(-600)).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  }, 180_000);
});
