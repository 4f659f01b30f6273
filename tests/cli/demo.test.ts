/** `npm start` (scripts/demo.ts) once, on a port of its own: it discovers 财经快讯网, the copying site in no target list, and prints its findings. */
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { demoConfig, REPO, type DemoSetup } from '../support/demo.ts';
import { DISCOVERED, DISCOVERED_HOST, FIXTURE_HOSTS } from '../support/web/index.ts';

const run = promisify(execFile);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let setup: DemoSetup | null = null;
afterAll(() => setup?.cleanup());

describe('npm start', () => {
  it('runs discovery and prints the finding on the site nobody listed', async () => {
    const port = await freePort();
    setup = demoConfig({ resolve: Object.fromEntries(FIXTURE_HOSTS.map((h) => [h, `127.0.0.1:${port}`])) });
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      cwd: REPO,
      env: { ...process.env, COPYWATCH_DEMO_ONCE: '1', COPYWATCH_DEMO_PORT: String(port), COPYWATCH_CONFIG: setup.configPath },
      timeout: 240_000,
    });
    expect(stdout).toMatch(/discover: 24 articles, 48 queries, \d+ results/);
    expect(stdout).toMatch(/filtered: .*own domain.*target.*licensee/);
    expect(stdout).toContain(`proposed ${DISCOVERED.length} URLs, fetched ${DISCOVERED.length}, findings ${DISCOVERED.length}`);
    const found = stdout.split('\n').filter((l) => l.includes('found by searxng'));
    expect(found).toHaveLength(DISCOVERED.length);
    for (const line of found) expect(line).toMatch(new RegExp(`critical full http://${DISCOVERED_HOST.replace(/\./g, '\\.')}/`));
    // The publisher's photo, reposted cropped and watermarked: an image finding with its transformations.
    expect(stdout).toMatch(/by kind: +text \d+, image 1, text\+image 0/);
    expect(stdout).toMatch(
      /photo: #\d+ high image http:\/\/www\.tuku-share\.test\/uploads\/2023\/01\/dusk-640\.jpg ← http:\/\/epaper\.shihua-chenbao\.test\/images\/refinery-dusk\.jpg \(cropped, resized; distance \d+; uncredited\)/,
    );
  }, 300_000);
});
