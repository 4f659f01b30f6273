/**
 * Screenshots in the evidence, end to end with the real headless Chromium: a scan of the fixture
 * web with `evidence.screenshot` keeps each capture's PNG and its SHA-256; the evidence report
 * shows the digest; the bundle carries the PNG, `verify` checks it against the digest taken at
 * capture and fails when one byte of it changes. Without Chromium the scan still records the
 * capture and says why the screenshot is missing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { scannedHighFindings } from '../support/evidence.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';

const CHROMIUM = process.env.COPYWATCH_CHROMIUM ?? '/usr/bin/chromium';

let web: FixtureWeb;
let setup: DemoSetup;

/** The demo's config with `evidence` set, as another file with its own database. */
function configWith(evidence: Record<string, unknown>, name: string): string {
  const config = JSON.parse(readFileSync(setup.configPath, 'utf8'));
  config.evidence = evidence;
  config.storage = { sqlite: { path: join(setup.dir, `${name}.db`) } };
  const path = join(setup.dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`the screenshot tests need Debian's Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  web = await startFixtureWeb();
  setup = demoConfig(web);
});

afterAll(async () => {
  await web?.close();
  setup?.cleanup();
});

describe('screenshots in the evidence', () => {
  it('a scan keeps the PNG and its SHA-256; the report shows it; the bundle carries it and verify checks it', async () => {
    const config = configWith({ screenshot: true, chromium: CHROMIUM, screenshotTimeoutMs: 120_000 }, 'shots');
    const findings = await scannedHighFindings(config);
    expect(findings.length).toBeGreaterThan(0);
    const id = findings[0].id;

    const report = await runCli(['--config', config, 'report', '--format', 'html', '--finding', String(id)]);
    expect(report.code, report.stderr).toBe(0);
    const digest = /Screenshot<\/th><td>SHA-256 <span class="hash">([0-9a-f]{64})<\/span>/.exec(report.stdout)?.[1];
    expect(digest, 'the report shows the screenshot digest').toBeDefined();

    const out = join(setup.dir, 'shots.zip');
    const r = await runCli(['--config', config, 'evidence', 'export', String(id), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const entries = unzipSync(readFileSync(out));
    const manifest = JSON.parse(strFromU8(entries['manifest.json']));
    const shot = manifest.captures[0].screenshot;
    expect(shot).toMatchObject({ file: 'capture-1.png', sha256: digest });
    const png = entries['capture-1.png'];
    expect(createHash('sha256').update(png).digest('hex')).toBe(digest);
    expect(Buffer.from(png.subarray(1, 4)).toString('latin1')).toBe('PNG');
    expect(manifest.files.map((f: { name: string }) => f.name)).toContain('capture-1.png');

    const v = await runCli(['evidence', 'verify', out]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toMatch(new RegExp(`ok  capture-1\\.png: the screenshot of evidence \\d+ \\(PNG 1280×\\d+, SHA-256 ${digest}`));

    // One byte of the PNG changed (and the manifest's file list made to agree): the digest taken at capture catches it.
    const forged: Record<string, Uint8Array> = { ...entries, 'capture-1.png': Uint8Array.from(png) };
    forged['capture-1.png'][png.length - 20] ^= 1;
    const m = JSON.parse(strFromU8(entries['manifest.json']));
    const file = m.files.find((f: { name: string }) => f.name === 'capture-1.png');
    file.sha256 = createHash('sha256').update(forged['capture-1.png']).digest('hex');
    forged['manifest.json'] = new TextEncoder().encode(JSON.stringify(m, null, 2));
    const forgedPath = join(setup.dir, 'forged.zip');
    writeFileSync(forgedPath, zipSync(forged));
    const f = await runCli(['evidence', 'verify', forgedPath]);
    expect(f.code).toBe(1);
    expect(f.stdout).toContain(`FAILED  capture-1.png: SHA-256 ${file.sha256} is not the screenshot's taken at capture ${digest}`);
  }, 600_000);

  it('without Chromium the capture is kept and says why the screenshot is missing', async () => {
    const config = configWith({ screenshot: true, chromium: '/nonexistent/chromium' }, 'noshots');
    const findings = await scannedHighFindings(config);
    expect(findings.length).toBeGreaterThan(0);
    const report = await runCli(['--config', config, 'report', '--format', 'html', '--finding', String(findings[0].id)]);
    expect(report.stdout).toContain('missing</span>: no Chromium at /nonexistent/chromium (install it: apt-get install -y chromium, or set evidence.chromium)');
    const out = join(setup.dir, 'noshots.zip');
    expect((await runCli(['--config', config, 'evidence', 'export', String(findings[0].id), '--out', out])).code).toBe(0);
    const v = await runCli(['evidence', 'verify', out]);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toContain('--  capture-1.warc: no screenshot: missing: no Chromium at /nonexistent/chromium');
  }, 600_000);
});
