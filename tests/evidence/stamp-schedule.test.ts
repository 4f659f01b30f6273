/**
 * The `evidence-stamp` schedule and the screenshot's capture-time token, against a real TSA
 * (openssl ts -reply): a capture whose body and screenshot stamps wait in the store (the TSA was
 * down when it was stored) is stamped by `copywatch serve`'s schedule, with no command run by
 * hand; the bundle then carries both capture-time tokens, `verify` checks the screenshot's against
 * the PNG's digest and the test CA, and a PNG changed with the manifest made to agree fails it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../src/cli/commands/serve.ts';
import { readPemCertificates, verifyBundle } from '../../src/report/index.ts';
import { exportEvidenceBundle, openApp, type App } from '../../src/scan/index.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { startTestTsa, type TestTsa } from '../support/tsa.ts';
import { startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';
import { article, evidence, finding, t } from '../store/contract/fixtures.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let web: FixtureWeb;
let tsa: TestTsa;
let setup: DemoSetup;
let app: App;

beforeAll(async () => {
  web = await startFixtureWeb();
  tsa = await startTestTsa();
  setup = demoConfig(web, (c) => {
    c.evidence = { tsa: { url: tsa.url, allowPrivate: true, certFile: tsa.caFile, timeoutMs: 5000 } };
    c.schedules = [{ cron: '* * * * * *', job: 'evidence-stamp' }];
    c.server = { ...c.server, host: '127.0.0.1', port: 0 };
  });
  app = await openApp(setup.configPath);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await web?.close();
  await tsa?.close();
  setup?.cleanup();
});

async function waitFor(what: string, ok: () => Promise<boolean>, limitMs = 60_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(`still waiting for ${what} after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the evidence-stamp schedule, and the screenshot stamp in the bundle', () => {
  it("serve's schedule stamps the capture's waiting stamps; the bundle carries the screenshot's capture token and verify checks it", async () => {
    const store = app.store;
    const { id: articleId } = await store.articles.upsert(article(1), t(0));
    const url = 'http://copy.example/1';
    const evidenceId = await store.evidence.add({
      ...evidence(url),
      screenshot: { sha256: sha(PNG), size: PNG.length, takenAt: t(1), note: null },
      screenshotPng: PNG,
    });
    const { finding: f } = await store.findings.upsert(finding(articleId, url, { evidenceId }), t(0), 'scan');
    const body = (await store.evidence.get(evidenceId))!.sha256;
    await store.evidence.queueStamps(
      [
        { evidenceId, what: 'body', sha256: body, tsaUrl: tsa.url },
        { evidenceId, what: 'screenshot', sha256: sha(PNG), tsaUrl: tsa.url },
      ],
      t(2),
    );
    expect(await store.evidence.pendingStamps()).toBe(2);

    const logged: string[] = [];
    const stop = new AbortController();
    const served = serve(app, {}, stop.signal, (line) => logged.push(line));
    try {
      await waitFor('the schedule to stamp', async () => (await store.evidence.pendingStamps()) === 0);
    } finally {
      stop.abort();
      await served;
    }
    expect(logged.some((l) => l.startsWith('schedule * * * * * *: evidence-stamp, next at 20'))).toBe(true);
    expect(logged).toContain('schedule * * * * * * evidence-stamp: 2 stamped, 0 failed, 0 pending');
    const stamps = await store.evidence.stampsOf(evidenceId);
    expect(stamps.map((s) => [s.what, s.status])).toEqual([
      ['body', 'stamped'],
      ['screenshot', 'stamped'],
    ]);

    const before = tsa.requests;
    const bundle = await exportEvidenceBundle(store, app.config, f.id, new Date().toISOString());
    expect(tsa.requests - before).toBe(1); // the manifest's stamp only: the capture's two were taken by the schedule
    const entries = unzipSync(bundle.zip);
    const manifest = JSON.parse(strFromU8(entries['manifest.json']));
    expect(manifest.timestamps.screenshots).toEqual([
      {
        stamps: `the screenshot of evidence ${evidenceId} (capture-1.png)`,
        evidenceId,
        sha256: sha(PNG),
        file: 'timestamps/capture-1-screenshot.tsr',
        genTime: stamps[1].genTime,
        stampedAt: 'capture',
      },
    ]);
    const cas = readPemCertificates(readFileSync(tsa.caFile, 'utf8'));
    const verdict = await verifyBundle(bundle.zip, cas);
    if (!verdict.bundle) throw new Error(verdict.reason);
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    const lines = verdict.checks.map((c) => c.line);
    expect(lines).toContain(`timestamps/capture-1-screenshot.tsr: imprint is SHA-256 ${sha(PNG)}, stamped ${stamps[1].genTime}`);
    expect(lines.some((l) => /^timestamps\/capture-1-screenshot\.tsr: chain ok/.test(l))).toBe(true);

    // The PNG changed, and the manifest made to agree with it everywhere: the capture-time token stamps the old digest.
    const png = Uint8Array.from(entries['capture-1.png']);
    png[png.length - 13] ^= 1;
    const m = JSON.parse(strFromU8(entries['manifest.json']));
    m.files.find((x: { name: string }) => x.name === 'capture-1.png').sha256 = sha(png);
    m.captures[0].screenshot.sha256 = sha(png);
    m.timestamps.screenshots[0].sha256 = sha(png);
    const forged = zipSync({ ...entries, 'capture-1.png': png, 'manifest.json': new TextEncoder().encode(JSON.stringify(m)) });
    const bad = await verifyBundle(forged, cas);
    if (!bad.bundle) throw new Error(bad.reason);
    expect(bad.checks.filter((c) => !c.ok).map((c) => c.line)).toContainEqual(
      expect.stringMatching(/^timestamps\/capture-1-screenshot\.tsr: the token stamps SHA-256 [0-9a-f]{64}, not /),
    );
  }, 120_000);
});
