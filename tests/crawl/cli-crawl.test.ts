/** `copywatch crawl` against the fixture web, through a temporary config file. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { COPY_HOSTS, HOSTILE_HOSTS, startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';

let web: FixtureWeb;
let configPath: string;
const dir = mkdtempSync(join(tmpdir(), 'copywatch-crawl-'));

beforeAll(async () => {
  web = await startFixtureWeb();
  const config = JSON.parse(readFileSync('config.example.json', 'utf8'));
  config.crawler = { ...config.crawler, resolve: web.resolve, delayMs: 0, timeoutMs: 2000 };
  config.targets.push({ name: 'loops', startUrls: [`http://${HOSTILE_HOSTS.loop}/`] });
  config.rules = [];
  configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config));
});
afterAll(() => web.close());

describe('copywatch crawl', () => {
  it('crawls one site and prints a line per page and a summary', async () => {
    const r = await runCli(['crawl', '--config', configPath, '--site', 'old-partner']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('crawling old-partner');
    expect(lines.filter((l) => l.startsWith('page ')).length).toBe(11);
    const line = new RegExp(`^page {5}200 +[\\d.]+ KB  http://${COPY_HOSTS.oldPartner.replace(/\./g, '\\.')}/wb/20230111/300\\.html$`);
    expect(lines.some((l) => line.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^old-partner: 11 pages, 0 not modified; skipped 0; failed 0; [\d.]+ KB in \d+ requests; [\d.]+ s, [\d.]+ pages\/s$/);
  });

  it('prints skips and failures with their reasons, and honours --max-pages', async () => {
    const r = await runCli(['crawl', '--config', configPath, '--site', 'loops']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`fail     CRAWL_REDIRECT http://${HOSTILE_HOSTS.loop}/loop/a: redirect loop:`);
    expect(r.stdout).toContain(`fail     CRAWL_PRIVATE_ADDRESS http://${HOSTILE_HOSTS.loop}/to-private: 127.0.0.1 is a loopback address`);
    expect(r.stdout).toMatch(/loops: 3 pages, .*failed 4 \(CRAWL_REDIRECT 2, CRAWL_PRIVATE_ADDRESS 2\)/);
    const capped = await runCli(['crawl', '--config', configPath, '--site', 'repost-portal', '--max-pages', '2']);
    expect(capped.stdout.split('\n').filter((l) => l.startsWith('page ')).length).toBe(2);
    expect(capped.stdout).toMatch(/stopped at max pages/);
  });

  it('says in one line when the site or the config is wrong', async () => {
    const r = await runCli(['crawl', '--config', configPath, '--site', 'nobody']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^copywatch: INPUT_INVALID: no site named "nobody" in .*config\.json \(sites: epaper, mirror, /);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ publisher: { name: 42 } }));
    const invalid = await runCli(['crawl', '--config', bad]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr.trim()).toBe(`copywatch: CONFIG_INVALID: ${bad}: publisher.name: expected a non-empty string, got 42`);
  });
});
