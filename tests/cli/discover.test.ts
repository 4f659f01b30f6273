/** `copywatch discover` and `copywatch targets list|promote` in a child process, against the fixture web. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { DISCOVERED, DISCOVERED_HOST, startFixtureWeb, TARGET_SITES, type FixtureWeb } from '../support/web/index.ts';

let web: FixtureWeb;
let setup: DemoSetup;
const cli = (...args: string[]) => runCli(['--config', setup.configPath, ...args], { timeoutMs: 120_000 });

beforeAll(async () => {
  web = await startFixtureWeb();
  setup = demoConfig(web);
});

afterAll(async () => {
  await web?.close();
  setup?.cleanup();
});

describe('copywatch discover', () => {
  it('refuses on an empty corpus, then prints its counts and finds the unlisted site', async () => {
    const empty = await cli('discover');
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toMatch(/the corpus is empty/);
    expect((await cli('index')).code).toBe(0);
    const r = await cli('discover');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/discover: 24 articles, 48 queries, \d+ results/);
    expect(r.stdout).toMatch(/filtered: .*own domain/);
    expect(r.stdout).toContain(`findings ${DISCOVERED.length}`);
  }, 240_000);

  it('promotes the found site and lists it among the targets; refuses a site without findings', async () => {
    const none = await cli('targets', 'promote', 'nowhere.test');
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/has no finding/);
    const r = await cli('targets', 'promote', DISCOVERED_HOST);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^promoted: target www\.caijing-kuaixun\.test/);
    const list = await cli('targets', 'list', '--json');
    const rows = JSON.parse(list.stdout) as Array<{ name: string; origin: string }>;
    expect(rows.find((t) => t.name === DISCOVERED_HOST)).toMatchObject({ origin: 'promoted' });
    expect(rows.filter((t) => t.origin === 'config')).toHaveLength(TARGET_SITES.length);
  }, 120_000);
});
