/**
 * scan-warc from the API and the dashboard's Scans page: only files of the config's `warc.dir`,
 * named by file name (no path, no `..`, no link out of the folder); without `warc.dir` the job is
 * the CLI's only. The run is a job like the others (202, followed at /api/scans/:id), and its
 * findings' evidence names the WARC record.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIndex } from '../../src/scan/jobs.ts';
import { startHarness, waitForRun, type Harness } from '../server/harness.ts';
import { buildWarc, htmlResponse } from '../support/warc.ts';

let h: Harness;
let bare: Harness;

beforeAll(async () => {
  h = await startHarness({ scan: false, edit: (c) => (c.warc = { dir: 'warcs' }) });
  bare = await startHarness({ scan: false, web: h.web });
  expect((await runIndex(h.app)).status).toBe('done');
  const dir = join(h.setup.dir, 'warcs');
  mkdirSync(dir);
  const { items } = await h.app.store.articles.list({ limit: 1 });
  const article = (await h.app.store.articles.get(items[0].id))!;
  const page = `<html><head><meta charset="utf-8"><title>转载</title></head><body><div class="post">${article.paragraphs.map((p) => `<p>${p}</p>`).join('')}</div></body></html>`;
  writeFileSync(join(dir, 'copy.warc.gz'), (await buildWarc([htmlResponse('http://archived-copy.test/news/1.html', page)], true)).bytes);
  writeFileSync(join(dir, 'notes.txt'), 'not a warc');
  writeFileSync(join(dir, 'fake.warc'), '<html>not a warc</html>');
  writeFileSync(join(h.setup.dir, 'outside.warc.gz'), (await buildWarc([htmlResponse('http://x.test/', page)], true)).bytes);
  symlinkSync(join(h.setup.dir, 'outside.warc.gz'), join(dir, 'link.warc.gz'));
}, 120_000);

afterAll(async () => {
  await bare?.close();
  await h?.close();
});

describe('POST /api/scans {job: "scan-warc"}', () => {
  it('lists the WARC files of warc.dir for the Scans page', async () => {
    const { status, json } = await h.call('/api/scans');
    expect(status).toBe(200);
    expect(json.warcFiles).toEqual(['copy.warc.gz', 'fake.warc', 'link.warc.gz']);
    expect((await bare.call('/api/scans')).json.warcFiles).toEqual([]);
  });

  it('refuses names outside warc.dir, missing files, files that are not WARCs, and a config without warc.dir', async () => {
    const cases: [unknown, number, string, RegExp][] = [
      [{ job: 'scan-warc', files: ['../outside.warc.gz'] }, 400, 'INPUT_INVALID', /expected the name of a \.warc or \.warc\.gz file in warc\.dir/],
      [{ job: 'scan-warc', files: ['/etc/passwd'] }, 400, 'INPUT_INVALID', /expected the name/],
      [{ job: 'scan-warc', files: ['link.warc.gz'] }, 400, 'INPUT_INVALID', /leads out of warc\.dir/],
      [{ job: 'scan-warc', files: ['nope.warc.gz'] }, 404, 'INPUT_NOT_FOUND', /no file "nope\.warc\.gz" in warc\.dir/],
      [{ job: 'scan-warc', files: ['fake.warc'] }, 400, 'WARC_INVALID', /not a WARC file/],
      [{ job: 'scan-warc' }, 400, 'INPUT_INVALID', /scan-warc needs the names of WARC files/],
      [{ job: 'scan', files: ['copy.warc.gz'] }, 400, 'INPUT_INVALID', /only scan-warc takes files/],
    ];
    for (const [body, status, code, message] of cases) {
      const r = await h.call('/api/scans', { body });
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.json.error.code).toBe(code);
      expect(r.json.error.message).toMatch(message);
    }
    const r = await bare.call('/api/scans', { body: { job: 'scan-warc', files: ['copy.warc.gz'] } });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/needs warc\.dir in the config/);
    expect((await h.call('/api/scans', { body: { job: 'scan-warc', files: ['copy.warc.gz'] }, token: h.read })).status).toBe(403);
  });

  it('runs a file of warc.dir in the background; its finding names the WARC record', async () => {
    const started = await h.call('/api/scans', { body: { job: 'scan-warc', files: ['copy.warc.gz'] } });
    expect(started.status).toBe(202);
    expect(started.json.scan).toMatchObject({ job: 'scan-warc', target: 'copy.warc.gz', status: 'running' });
    const scan = await waitForRun(h, started.json.scan.id);
    expect(scan).toMatchObject({ status: 'done', counts: { pagesFetched: 1, findingsNew: 1 } });
    const list = await h.call('/api/findings?site=archived-copy.test');
    expect(list.json.items).toHaveLength(1);
    const detail = await h.call(`/api/findings/${list.json.items[0].id}`);
    expect(detail.json.evidence.warc).toMatchObject({ file: 'copy.warc.gz', offset: 0 });
    expect(detail.json.evidence.warc.recordId).toMatch(/^<urn:uuid:/);
    expect((await h.call('/api/scans')).json.items[0]).toMatchObject({ job: 'scan-warc', target: 'copy.warc.gz' });
  }, 60_000);
});
