/**
 * Trusted timestamps in the evidence bundle of a finding of the fixture web, against a real
 * TSA (openssl ts -reply behind node:http, with a CA made here): export stamps the manifest and
 * each capture's body digest; `verify --ca` checks the tokens up to the CA; a token or the
 * manifest changed fails; without --ca the chain is said to be unchecked; a TSA that is down
 * leaves the export whole, its stamps missing and why.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { scannedHighFindings } from '../support/evidence.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { startTestTsa, type TestTsa } from '../support/tsa.ts';
import { startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';

let web: FixtureWeb;
let tsa: TestTsa;
let setup: DemoSetup;
let findingId: number;
let bundlePath: string;

/** The config of the demo with `evidence.tsa` set, as another file. */
function configWith(tsaConfig: Record<string, unknown>, name: string): string {
  const config = JSON.parse(readFileSync(setup.configPath, 'utf8'));
  config.evidence = { tsa: tsaConfig };
  const path = join(setup.dir, name);
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

function rezip(path: string, change: (entries: Record<string, Uint8Array>) => void, name: string): string {
  const entries = unzipSync(readFileSync(path));
  change(entries);
  const out = join(setup.dir, name);
  writeFileSync(out, zipSync(entries));
  return out;
}

beforeAll(async () => {
  web = await startFixtureWeb();
  tsa = await startTestTsa();
  setup = demoConfig(web);
  findingId = (await scannedHighFindings(setup.configPath))[0].id;
  bundlePath = join(setup.dir, 'stamped.zip');
}, 120_000);

afterAll(async () => {
  await web?.close();
  await tsa?.close();
  setup?.cleanup();
});

describe('RFC 3161 timestamps in evidence bundles', () => {
  it('export stamps the manifest and the capture body; verify --ca checks every token up to the CA', async () => {
    const config = configWith({ url: tsa.url, allowPrivate: true, certFile: tsa.caFile }, 'tsa.json');
    const r = await runCli(['--config', config, 'evidence', 'export', String(findingId), '--out', bundlePath]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('timestamps: 2 of 2 stamped by the TSA');
    expect(tsa.requests).toBe(2);

    const entries = unzipSync(readFileSync(bundlePath));
    expect(Object.keys(entries).sort()).toEqual(['capture-1.warc', 'manifest.json', 'report.html', 'timestamps/capture-1-body.tsr', 'timestamps/manifest.tsr']);
    const manifest = JSON.parse(strFromU8(entries['manifest.json']));
    expect(manifest.timestamps).toMatchObject({
      standard: 'RFC 3161',
      tsa: tsa.url,
      manifest: { file: 'timestamps/manifest.tsr' },
      captures: [{ evidenceId: manifest.captures[0].evidenceId, sha256: manifest.captures[0].bodySha256, file: 'timestamps/capture-1-body.tsr' }],
    });
    expect(manifest.files.map((f: { name: string }) => f.name)).toContain('timestamps/capture-1-body.tsr');

    const v = await runCli(['evidence', 'verify', bundlePath, '--ca', tsa.caFile]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    const digest = createHash('sha256').update(entries['manifest.json']).digest('hex');
    expect(v.stdout).toContain(`ok  timestamps/manifest.tsr: imprint is SHA-256 ${digest}`);
    expect(v.stdout).toMatch(/ok {2}timestamps\/manifest\.tsr: CMS signature ok \(sha256\), signed by CN=copywatch test TSA/);
    expect(v.stdout).toMatch(/ok {2}timestamps\/manifest\.tsr: chain ok/);
    expect(v.stdout).toMatch(/ok {2}timestamps\/capture-1-body\.tsr: chain ok/);
    expect(v.stdout).not.toContain('FAILED');

    const noCa = await runCli(['evidence', 'verify', bundlePath]);
    expect(noCa.code).toBe(0);
    expect(noCa.stdout).toContain('--  timestamps/manifest.tsr: certificate chain NOT checked');
  }, 60_000);

  it('a changed token, a changed manifest or another CA: verify fails', async () => {
    // One byte of the manifest's token inside its signature (the last bytes of the token are the signer's signature... or the certificates: either fails).
    const token = rezip(
      bundlePath,
      (e) => {
        const t = e['timestamps/manifest.tsr'];
        t[t.length - 300] ^= 0x01;
      },
      'bad-token.zip',
    );
    const a = await runCli(['evidence', 'verify', token, '--ca', tsa.caFile]);
    expect(a.code).toBe(1);
    expect(a.stdout).toMatch(/FAILED {2}timestamps\/manifest\.tsr: /);

    // The manifest changed (and its file list kept consistent): its token no longer stamps it.
    const manifest = rezip(
      bundlePath,
      (e) => {
        e['manifest.json'] = strToU8(strFromU8(e['manifest.json']).replace(/"exportedAt": "[^"]+"/, '"exportedAt": "2020-01-01T00:00:00.000Z"'));
      },
      'bad-manifest.zip',
    );
    const b = await runCli(['evidence', 'verify', manifest, '--ca', tsa.caFile]);
    expect(b.code).toBe(1);
    expect(b.stdout).toMatch(/FAILED {2}timestamps\/manifest\.tsr: the token stamps SHA-256 [0-9a-f]{64}, not [0-9a-f]{64}/);

    const stranger = await startTestTsa();
    try {
      const c = await runCli(['evidence', 'verify', bundlePath, '--ca', stranger.caFile]);
      expect(c.code).toBe(1);
      expect(c.stdout).toMatch(/FAILED {2}timestamps\/manifest\.tsr: chain: no path from CN=copywatch test .* to the given CA/);
    } finally {
      await stranger.close();
    }
  }, 60_000);

  it('a TSA that is down: the export succeeds, says why the stamps are missing, and the manifest records it', async () => {
    const down = configWith({ url: 'http://127.0.0.1:9/tsr', allowPrivate: true, timeoutMs: 2000 }, 'down.json');
    const out = join(setup.dir, 'unstamped.zip');
    const r = await runCli(['--config', down, 'evidence', 'export', String(findingId), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('timestamps: 0 of 2 stamped by the TSA');
    expect(r.stderr).toMatch(/timestamp missing: manifest\.json: the TSA at http:\/\/127\.0\.0\.1:9\/tsr cannot be reached: ECONNREFUSED/);
    const manifest = JSON.parse(strFromU8(unzipSync(readFileSync(out))['manifest.json']));
    expect(manifest.timestamps.manifest.missing).toMatch(/ECONNREFUSED/);
    expect(manifest.timestamps.captures[0].missing).toMatch(/ECONNREFUSED/);
    const v = await runCli(['evidence', 'verify', out]);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toMatch(/-- {2}timestamps: manifest\.json has no timestamp: the TSA .* cannot be reached/);

    // Without allowPrivate the guard refuses a loopback TSA: missing, not a crash.
    const guarded = configWith({ url: tsa.url }, 'guarded.json');
    const g = await runCli(['--config', guarded, 'evidence', 'export', String(findingId), '--out', join(setup.dir, 'guarded.zip')]);
    expect(g.code, g.stderr).toBe(0);
    expect(g.stderr).toMatch(/timestamp missing: manifest\.json: .*(loopback|private)/i);
  }, 60_000);

  it('a config with a bad evidence.tsa says so in one line', async () => {
    const bad = configWith({ url: 'ftp://tsa.example' }, 'bad.json');
    const r = await runCli(['--config', bad, 'evidence', 'export', String(findingId), '--out', join(setup.dir, 'x.zip')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/evidence\.tsa\.url: expected an absolute http\(s\) URL, got "ftp:\/\/tsa\.example"/);
  });
});
