/**
 * Discovery through the API: POST /api/scans {job: "discover"} runs it on a job thread, the
 * findings it records show discoveredBy (the finding JSON, the CSV and the HTML report), and
 * POST /api/sites/:host/promote makes the site a target that GET /api/scans offers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCOVERED, DISCOVERED_HOST } from '../support/web/index.ts';
import { errorOf, startHarness, waitForRun, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('discovery in the API', () => {
  it('starts discover from POST /api/scans (no target) and shows how each finding was found', async () => {
    expect(errorOf(await h.call('/api/scans', { method: 'POST', body: { job: 'discover', target: 'mirror' } })).message).toMatch(/a discover takes no target/);
    const started = await h.call('/api/scans', { method: 'POST', body: { job: 'discover' } });
    expect(started.status).toBe(202);
    const run = await waitForRun(h, started.json.scan.id);
    expect(run).toMatchObject({ job: 'discover', status: 'done' });
    expect(run.counts.findingsNew).toBe(DISCOVERED.length);

    const list = await h.call(`/api/findings?site=${DISCOVERED_HOST}`);
    expect(list.json.items).toHaveLength(DISCOVERED.length);
    const one = await h.call(`/api/findings/${list.json.items[0].id}`);
    expect(one.json.finding.facts.discoveredBy).toMatchObject({ provider: 'searxng' });
    expect(one.json.finding.facts.discoveredBy.query).toMatch(/^".+"$/);

    const csv = await h.call(`/api/reports?format=csv&site=${DISCOVERED_HOST}`);
    expect(csv.text.split('\r\n')[0]).toMatch(/,discoveredBy,discoveryQuery(,|$)/);
    expect(csv.text).toContain(',searxng,');
    const html = await h.call(`/api/reports?format=html&finding=${list.json.items[0].id}`);
    expect(html.text).toContain('Found by discovery');
  }, 120_000);

  it('promotes a site with findings, once, and refuses one without', async () => {
    expect((await h.call('/api/sites/nowhere.test/promote', { method: 'POST', body: {} })).status).toBe(404);
    expect((await h.call(`/api/sites/${DISCOVERED_HOST}/promote`, { method: 'POST', body: {}, token: h.read })).status).toBe(403);
    const promoted = await h.call(`/api/sites/${DISCOVERED_HOST}/promote`, { method: 'POST', body: {} });
    expect(promoted.status).toBe(201);
    expect(promoted.json.target).toMatchObject({ name: DISCOVERED_HOST, startUrl: `http://${DISCOVERED_HOST}/` });
    expect((await h.call(`/api/sites/${DISCOVERED_HOST}/promote`, { method: 'POST', body: {} })).status).toBe(200);
    expect((await h.call('/api/scans')).json.targets).toContain(DISCOVERED_HOST);
  });
});
