/**
 * Following findings up: recheck resolves a copy that is gone or no longer carries the text (with
 * evidence of that), reopens one that comes back, and changes nothing when it cannot tell. And the
 * schedules: a run never overlaps the previous run of the same job, a missed run is recorded.
 */
import { describe, expect, it } from 'vitest';
import { runRecheck, runScan } from '../../src/scan/jobs.ts';
import { Scheduler, type ScheduleSpec } from '../../src/scan/schedules.ts';
import { ARTICLES, encodePage, renderEpaperArticle } from '../support/web/index.ts';
import { useCopySite } from './copy-site.ts';

type State = 'copy' | 'gone' | 'edited' | 'down';
let state: State = 'copy';
let day = 1;
const clock = () => new Date(`2024-04-${String(day).padStart(2, '0')}T09:00:00Z`);

const site = useCopySite(
  (req, res) => {
    if (req.url !== '/copy.html') return res.writeHead(404).end();
    if (state === 'gone') return res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>404 页面不存在</h1>');
    if (state === 'down') return res.writeHead(503).end();
    const html =
      state === 'copy'
        ? renderEpaperArticle(ARTICLES[3])
        : '<html><head><title>本站公告</title></head><body><p>本页内容已删除。应权利人要求，本站已删除此前转载的文章，特此公告。今后本站将严格遵守版权规定，转载文章均取得授权。</p></body></html>';
    res.writeHead(200, { 'content-type': 'text/html; charset=gbk' }).end(encodePage(html, 'gbk'));
  },
  (c, port) => {
    c.crawler.resolve = { ...c.crawler.resolve, 'www.flipping.test': `127.0.0.1:${port}` };
    c.targets = [{ name: 'flipping', startUrls: ['http://www.flipping.test/copy.html'] }];
  },
  { clock },
);
const theFinding = () => site.theFinding();

describe('recheck', () => {
  it('resolves a copy that is gone, reopens it when it comes back, resolves it when the text is removed', async () => {
    const app = site.app();
    expect((await runScan(app)).counts.findingsNew).toBe(1);
    let f = await theFinding();
    await app.store.findings.setStatus(f.id, 'confirmed', { actor: 'li.wei', note: '无授权', at: clock().toISOString() });

    day = 2;
    state = 'down'; // a 503 cannot tell: nothing changes
    const down = await runRecheck(app);
    expect(down.counts).toMatchObject({ failed: 1, findingsResolved: 0 });
    expect((await theFinding()).status).toBe('confirmed');

    state = 'gone';
    expect((await runRecheck(app)).counts.findingsResolved).toBe(1);
    f = await theFinding();
    expect(f.status).toBe('resolved');
    const goneEvidence = await app.store.evidence.get(f.evidenceId!);
    expect(goneEvidence).toMatchObject({ status: 404, finalUrl: 'http://www.flipping.test/copy.html' });
    const events = await app.store.findings.events(f.id);
    expect(events.at(-1)).toMatchObject({ actor: 'recheck', from: 'confirmed', to: 'resolved', note: 'gone: HTTP 404' });

    day = 3;
    state = 'copy';
    expect((await runRecheck(app)).counts.findingsReopened).toBe(1);
    f = await theFinding();
    expect(f.status).toBe('open');
    expect(f.lastSeen).toBe('2024-04-03T09:00:00.000Z');
    expect((await app.store.findings.events(f.id)).at(-1)).toMatchObject({ from: 'resolved', to: 'open' });

    day = 4;
    state = 'edited';
    expect((await runRecheck(app)).counts.findingsResolved).toBe(1);
    f = await theFinding();
    expect(f.status).toBe('resolved');
    expect((await app.store.findings.events(f.id)).at(-1)).toMatchObject({ to: 'resolved', note: 'the page no longer carries the text' });
    // The evidence of removal is a fetched page: its WARC, written at fetch time, carries the request and says why it shows no copy.
    const removal = (await app.store.evidence.fetchWarc(f.evidenceId!))?.toString('latin1') ?? '';
    expect(removal).toContain('WARC-Type: request');
    expect(removal).toContain('WARC-Target-URI: http://www.flipping.test/copy.html');
    expect(removal).toContain('note: the page no longer carries the text');
    const edited = await app.store.evidence.get(f.evidenceId!);
    expect(edited?.status).toBe(200);
    expect((await app.store.evidence.body(f.evidenceId!))?.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('schedules', () => {
  it('never overlaps a run of the same job: the second is recorded as skipped', async () => {
    const app = site.app();
    let release!: () => void;
    const blocked = new Promise<void>((r) => {
      release = r;
    });
    let runs = 0;
    const spec: ScheduleSpec = { cron: '0 3 * * *', job: 'scan', target: 'flipping', timezone: 'Asia/Shanghai' };
    const scheduler = new Scheduler([spec], {
      store: app.store,
      clock,
      run: async () => {
        runs++;
        await blocked;
      },
    });
    const first = scheduler.fire(spec);
    await scheduler.fire(spec);
    release();
    await first;
    expect(runs).toBe(1);
    const skipped = (await app.store.scans.list(50)).filter((s) => s.status === 'skipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ job: 'scan', target: 'flipping' });
    expect(skipped[0].error).toMatch(/still going/);
  });

  it("records the runs missed while no scheduler was alive, in the schedule's time zone", async () => {
    const app = site.app();
    const spec: ScheduleSpec = { cron: '0 2 * * *', job: 'index', timezone: 'Asia/Shanghai' };
    await app.store.putBlob('scheduler-alive', Buffer.from('2024-04-04T00:00:00.000Z'));
    day = 7; // 2024-04-07T09:00Z: 02:00 Shanghai (18:00Z) on the 4th, 5th and 6th were missed
    const scheduler = new Scheduler([spec], { store: app.store, clock, run: async () => {} });
    await scheduler.start();
    expect(scheduler.next()[0].at).toMatch(/T18:00:00\.000Z$/); // 02:00 in Shanghai
    scheduler.stop();
    const missed = (await app.store.scans.list(50)).filter((s) => s.status === 'missed');
    expect(missed.map((s) => s.startedAt).sort()).toEqual(['2024-04-04T18:00:00.000Z', '2024-04-05T18:00:00.000Z', '2024-04-06T18:00:00.000Z']);
    expect(missed[0].error).toMatch(/did not happen: no scheduler was running/);
  });
});
