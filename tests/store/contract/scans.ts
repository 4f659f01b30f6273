/** Contract: runs of jobs (one at a time per store, stale takeover, resume) and crawl frontiers. */
import { describe, expect, it } from 'vitest';
import { EMPTY_COUNTS, MAX_LISTED_FAILURES } from '../../../src/domain/index.ts';
import { t, thrown, type StoreContext } from './fixtures.ts';

const SECOND = 1 / 60; // t() takes minutes

export function scanContract(ctx: StoreContext): void {
  describe('scans', () => {
    it('names the failed pages of a run: in order, a URL once, at most MAX_LISTED_FAILURES', async () => {
      const run = await ctx.store.scans.start({ job: 'scan', target: null, owner: 'host-a:101', at: t(0) });
      await ctx.store.scans.addFailures(run.id, [
        { url: 'http://a.test/1', reason: 'failed: CRAWL_TIMEOUT: http://a.test/1 did not answer', at: t(1) },
        { url: 'http://a.test/2', reason: 'no article: no-text: the page holds no article text', at: t(2) },
      ]);
      await ctx.store.scans.addFailures(run.id, [{ url: 'http://a.test/1', reason: 'failed again', at: t(3) }]);
      expect(await ctx.store.scans.failures(run.id)).toEqual([
        { url: 'http://a.test/1', reason: 'failed: CRAWL_TIMEOUT: http://a.test/1 did not answer', at: t(1) },
        { url: 'http://a.test/2', reason: 'no article: no-text: the page holds no article text', at: t(2) },
      ]);
      const many = Array.from({ length: MAX_LISTED_FAILURES + 10 }, (_, i) => ({ url: `http://b.test/${i}`, reason: 'failed: X', at: t(4) }));
      await ctx.store.scans.addFailures(run.id, many);
      const all = await ctx.store.scans.failures(run.id);
      expect(all).toHaveLength(MAX_LISTED_FAILURES);
      expect(all[2].url).toBe('http://b.test/0');
      expect(await ctx.store.scans.failures(run.id, 1)).toHaveLength(1);
      const other = await ctx.store.scans.start({ job: 'check', target: null, owner: 'host-a:101', at: t(5) });
      expect(await ctx.store.scans.failures(other.id)).toEqual([]);
    });

    it('starts a run and refuses another while it runs, naming it', async () => {
      const run = await ctx.store.scans.start({ job: 'scan', target: 'portal', owner: 'host-a:101', at: t(0) });
      expect(run).toMatchObject({
        job: 'scan',
        target: 'portal',
        status: 'running',
        startedAt: t(0),
        endedAt: null,
        counts: EMPTY_COUNTS,
        owner: 'host-a:101',
        heartbeatAt: t(0),
      });
      for (const job of ['scan', 'index', 'recheck'] as const) {
        const error = await thrown(() => ctx.store.scans.start({ job, target: null, owner: 'host-b:202', at: t(1) }));
        expect(error.code).toBe('JOB_RUNNING');
        expect(error.message).toContain(`a scan is already running on this database (run #${run.id} by host-a:101 since ${t(0)}`);
      }
      expect(await ctx.store.scans.get(run.id)).toMatchObject({ status: 'running' });
    });

    it('runs a manual check beside a live run, and lets a run start beside a live check', async () => {
      const scan = await ctx.store.scans.start({ job: 'scan', target: 'portal', owner: 'host-a:101', at: t(0) });
      const check = await ctx.store.scans.start({ job: 'check', target: 'http://x.test/a', owner: 'host-b:202', at: t(0.1) });
      expect(check.status).toBe('running');
      expect(await ctx.store.scans.get(scan.id)).toMatchObject({ status: 'running' });
      await ctx.store.scans.finish(scan.id, 'done', EMPTY_COUNTS, {}, t(0.2));
      // A check still running does not keep a crawling job out; two crawling jobs still exclude each other.
      const index = await ctx.store.scans.start({ job: 'index', target: null, owner: 'host-a:101', at: t(0.3) });
      expect(index.status).toBe('running');
      expect((await thrown(() => ctx.store.scans.start({ job: 'recheck', target: null, owner: 'host-c:303', at: t(0.4) }))).code).toBe('JOB_RUNNING');
      expect(await ctx.store.scans.get(check.id)).toMatchObject({ status: 'running' });
    });

    it('runs scan-warc beside scan-warc (processes splitting a segment), but not beside a crawling job', async () => {
      const a = await ctx.store.scans.start({ job: 'scan-warc', target: 'a.warc.gz', owner: 'host-a:101', at: t(0) });
      const b = await ctx.store.scans.start({ job: 'scan-warc', target: 'b.warc.gz', owner: 'host-b:202', at: t(0.1) });
      expect([a.status, b.status]).toEqual(['running', 'running']);
      expect((await thrown(() => ctx.store.scans.start({ job: 'scan', target: null, owner: 'host-c:303', at: t(0.2) }))).code).toBe('JOB_RUNNING');
      await ctx.store.scans.finish(a.id, 'done', EMPTY_COUNTS, {}, t(0.3));
      await ctx.store.scans.finish(b.id, 'done', EMPTY_COUNTS, {}, t(0.3));
      const index = await ctx.store.scans.start({ job: 'index', target: null, owner: 'host-a:101', at: t(0.4) });
      expect((await thrown(() => ctx.store.scans.start({ job: 'scan-warc', target: 'c.warc.gz', owner: 'host-b:202', at: t(0.5) }))).code).toBe('JOB_RUNNING');
      await ctx.store.scans.finish(index.id, 'done', EMPTY_COUNTS, {}, t(0.6));
    });

    it('takes over a stale run, marking it interrupted with what it had counted', async () => {
      const stale = await ctx.store.scans.start({ job: 'scan', target: 'portal', owner: 'host-a:101', at: t(0) });
      await ctx.store.scans.heartbeat(stale.id, { ...EMPTY_COUNTS, pagesFetched: 7 }, { 'robots: disallowed': 2 }, t(1));
      // Alive: the heartbeat at t(1) is 119 s old.
      expect((await thrown(() => ctx.store.scans.start({ job: 'scan', target: 'portal', owner: 'host-b:202', at: t(1 + 119 * SECOND) }))).code).toBe(
        'JOB_RUNNING',
      );
      const next = await ctx.store.scans.start({ job: 'scan', target: 'portal', owner: 'host-b:202', at: t(3) });
      expect(next.status).toBe('running');
      const old = await ctx.store.scans.get(stale.id);
      expect(old).toMatchObject({ status: 'interrupted', endedAt: t(3), counts: { pagesFetched: 7 }, reasons: { 'robots: disallowed': 2 } });
    });

    it('honours a shorter staleAfterMs', async () => {
      await ctx.store.scans.start({ job: 'index', target: null, owner: 'a:1', at: t(0) });
      const next = await ctx.store.scans.start({ job: 'index', target: null, owner: 'b:2', at: t(0.5), staleAfterMs: 10_000 });
      expect(next.status).toBe('running');
      expect((await ctx.store.scans.list()).map((r) => r.status)).toEqual(['running', 'interrupted']);
    });

    it('keeps heartbeat counts, finishes with status, counts, reasons and error, then lets the next run start', async () => {
      const run = await ctx.store.scans.start({ job: 'index', target: null, owner: 'a:1', at: t(0) });
      const counts = { ...EMPTY_COUNTS, pagesFetched: 12, articles: 10, failed: 2 };
      await ctx.store.scans.heartbeat(run.id, counts, { CRAWL_TIMEOUT: 2 }, t(1));
      expect(await ctx.store.scans.get(run.id)).toMatchObject({ counts, reasons: { CRAWL_TIMEOUT: 2 }, heartbeatAt: t(1), status: 'running' });
      const finished = await ctx.store.scans.finish(run.id, 'failed', counts, { CRAWL_TIMEOUT: 3 }, t(2), 'STORE_FULL: the disk is full');
      expect(finished).toMatchObject({
        id: run.id,
        status: 'failed',
        endedAt: t(2),
        counts,
        reasons: { CRAWL_TIMEOUT: 3 },
        error: 'STORE_FULL: the disk is full',
      });
      expect((await ctx.store.scans.start({ job: 'index', target: null, owner: 'a:1', at: t(3) })).status).toBe('running');
      expect((await thrown(() => ctx.store.scans.finish(9999, 'done', counts, {}, t(4)))).code).toBe('NOT_FOUND');
    });

    it('records skipped and missed runs, lists newest first, and finds the latest run of a job', async () => {
      const index = await ctx.store.scans.start({ job: 'index', target: null, owner: 'a:1', at: t(0) });
      const skipped = await ctx.store.scans.record({
        job: 'scan',
        target: 'portal',
        status: 'skipped',
        at: t(1),
        error: 'the previous scan run is still going',
      });
      expect(skipped).toMatchObject({
        job: 'scan',
        target: 'portal',
        status: 'skipped',
        startedAt: t(1),
        endedAt: t(1),
        error: 'the previous scan run is still going',
        counts: EMPTY_COUNTS,
      });
      await ctx.store.scans.finish(index.id, 'done', EMPTY_COUNTS, {}, t(2));
      const missed = await ctx.store.scans.record({ job: 'scan', target: 'blog', status: 'missed', at: t(3), error: 'the server was down at 03:00' });
      const scanNull = await ctx.store.scans.record({ job: 'scan', target: null, status: 'missed', at: t(4), error: 'x' });
      expect((await ctx.store.scans.list()).map((s) => s.id)).toEqual([scanNull.id, missed.id, skipped.id, index.id]);
      expect((await ctx.store.scans.list(2)).map((s) => s.id)).toEqual([scanNull.id, missed.id]);
      expect((await ctx.store.scans.latest('scan'))?.id).toBe(scanNull.id);
      expect((await ctx.store.scans.latest('scan', 'portal'))?.id).toBe(skipped.id);
      expect((await ctx.store.scans.latest('scan', null))?.id).toBe(scanNull.id);
      expect((await ctx.store.scans.latest('index'))?.status).toBe('done');
      expect(await ctx.store.scans.latest('recheck')).toBeNull();
      expect(await ctx.store.scans.get(9999)).toBeNull();
    });
  });
}
