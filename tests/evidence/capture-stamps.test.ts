/**
 * Timestamps taken at capture, against a real TSA (openssl ts -reply): a scan with `evidence.tsa`
 * stamps each capture's body digest when it stores it, and the bundle carries that token
 * (stampedAt "capture") instead of asking at export. With the TSA stopped the scan still stores
 * its captures, their stamps wait in the store; `evidence stamp` fails while it is down, respects
 * the backoff, and once the TSA is back `--all` stamps them, and the bundle verifies.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { scannedHighFindings } from '../support/evidence.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { startTestTsa, type TestTsa } from '../support/tsa.ts';
import { startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';

let web: FixtureWeb;
let tsa: TestTsa;
let setup: DemoSetup;

/** The demo's config with `evidence.tsa`, as another file with its own database. */
function configWith(name: string): string {
  const config = JSON.parse(readFileSync(setup.configPath, 'utf8'));
  config.evidence = { tsa: { url: tsa.url, allowPrivate: true, certFile: tsa.caFile, timeoutMs: 5000 } };
  config.storage = { sqlite: { path: join(setup.dir, `${name}.db`) } };
  const path = join(setup.dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

const scan = async (config: string): Promise<number> => (await scannedHighFindings(config))[0].id;

async function exported(config: string, id: number, name: string) {
  const out = join(setup.dir, `${name}.zip`);
  const r = await runCli(['--config', config, 'evidence', 'export', String(id), '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  return { out, stderr: r.stderr, manifest: JSON.parse(strFromU8(unzipSync(readFileSync(out))['manifest.json'])) };
}

beforeAll(async () => {
  web = await startFixtureWeb();
  tsa = await startTestTsa();
  setup = demoConfig(web);
});

afterAll(async () => {
  await web?.close();
  await tsa?.close();
  setup?.cleanup();
});

describe('RFC 3161 timestamps taken at capture', () => {
  it('a scan stamps each capture when it stores it; the bundle carries that token, asked before the export', async () => {
    const config = configWith('stamped');
    const before = tsa.requests;
    const id = await scan(config);
    const atScan = tsa.requests - before;
    expect(atScan).toBeGreaterThan(0);

    const b = await exported(config, id, 'stamped');
    // Only the manifest is asked for at export: the capture's stamp was taken by the scan.
    expect(tsa.requests - before).toBe(atScan + 1);
    const c = b.manifest.timestamps.captures[0];
    expect(c).toMatchObject({ stampedAt: 'capture', sha256: b.manifest.captures[0].bodySha256, file: 'timestamps/capture-1-body.tsr' });
    expect(c.genTime <= b.manifest.exportedAt).toBe(true);
    const v = await runCli(['evidence', 'verify', b.out, '--ca', tsa.caFile]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
  }, 600_000);

  it('with the TSA down the captures are stored and their stamps wait; evidence stamp takes them once it is back', async () => {
    const config = configWith('delayed');
    await tsa.stop();
    try {
      const id = await scan(config);
      const down = await runCli(['--config', config, 'evidence', 'stamp', '--all']);
      expect(down.code).toBe(1);
      expect(down.stdout).toMatch(/^not stamped: evidence \d+ body: the TSA at http:\/\/127\.0\.0\.1:\d+\/tsr cannot be reached: ECONNREFUSED/m);
      const pending = Number(/(\d+) pending/.exec(down.stdout)?.[1]);
      expect(pending).toBeGreaterThan(0);
      await tsa.start();

      // Those never tried are due and are stamped; those that just failed wait for their backoff (a minute at least).
      const early = await runCli(['--config', config, 'evidence', 'stamp']);
      expect(early.code, early.stdout).toBe(0);
      const [, stamped, waiting] = (/(\d+) stamped, 0 failed, (\d+) pending/.exec(early.stdout) ?? []).map(Number);
      expect(waiting).toBeGreaterThan(0);
      expect(stamped + waiting).toBe(pending);

      const all = await runCli(['--config', config, 'evidence', 'stamp', '--all']);
      expect(all.code, all.stdout).toBe(0);
      expect(all.stdout).toContain(`${waiting} stamped, 0 failed, 0 pending`);

      const b = await exported(config, id, 'delayed');
      expect(b.manifest.timestamps.captures[0]).toMatchObject({ stampedAt: 'capture' });
      const v = await runCli(['evidence', 'verify', b.out, '--ca', tsa.caFile]);
      expect(v.code, v.stdout + v.stderr).toBe(0);
    } finally {
      if (
        !(await fetch(tsa.url, { method: 'HEAD' }).then(
          () => true,
          () => false,
        ))
      )
        await tsa.start();
    }
  }, 600_000);
});
