import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/index.ts';
import { errorOf } from '../support/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'copywatch-config-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const minimal = { publisher: { name: '石化晨报', sources: [{ name: 'epaper', startUrls: ['http://epaper.example.test/'] }] } };

describe('loadConfig', () => {
  it('loads config.example.json, resolving rule paths against its folder', () => {
    const config = loadConfig('config.example.json');
    expect(config.publisher.name).toBe('石化晨报');
    expect(config.targets.length).toBeGreaterThan(0);
    expect(config.rules).toEqual([resolve('rules/generic.json'), resolve('rules/shihua-chenbao.json')]);
    expect(config.crawler.resolve['epaper.shihua-chenbao.test']).toBe('127.0.0.1:18080');
  });

  it('fills every default', () => {
    const config = parseConfig(minimal);
    expect(config.crawler).toMatchObject({
      concurrency: 8,
      perHost: 1,
      delayMs: 1000,
      timeoutMs: 15_000,
      maxBytes: 5 * 1024 * 1024,
      respectRobots: true,
      retries: 2,
      resolve: {},
      allowPrivate: false,
      allowHosts: [],
    });
    expect(config.crawler.userAgent).toMatch(/copywatch.*https?:\/\//);
    expect(config.matching.thresholds).toEqual({ full: 0.8, partial: 0.15, minMatchedChars: 80, substantialChars: 600 });
    expect(config.storage).toEqual({ sqlite: { path: 'data/copywatch.db' } });
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(config.publisher.sources[0]).toMatchObject({ maxDepth: 3, maxPages: 1000, sameSite: true, include: [], exclude: [] });
  });

  it('resolves rule paths relative to the config file, not the working directory', () => {
    const path = write('rules-relative.json', JSON.stringify({ ...minimal, rules: ['rules/a.json'] }));
    expect(loadConfig(path).rules).toEqual([join(dir, 'rules/a.json')]);
  });

  it('takes the API token from COPYWATCH_TOKEN when the file has none', () => {
    expect(parseConfig(minimal, 'c', { env: { COPYWATCH_TOKEN: 's3cret' } }).server.token).toBe('s3cret');
    expect(parseConfig({ ...minimal, server: { token: 'file' } }, 'c', { env: { COPYWATCH_TOKEN: 's3cret' } }).server.token).toBe('file');
  });

  it('names the file and the field, "expected X, got Y", on the first line', () => {
    const path = write('config.json', JSON.stringify({ publisher: { name: 42 } }));
    const e = errorOf(() => loadConfig(path));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message.split('\n')[0]).toBe(`${path}: publisher.name: expected a non-empty string, got 42`);
  });

  it('reports every problem, one per line, each with its field path', () => {
    const e = errorOf(() =>
      parseConfig(
        {
          publisher: { name: 'x', sources: [{ name: 's', startUrls: ['ftp://x/'], maxDepth: -1 }] },
          crawler: { concurrency: '8', resolve: { 'a.test': '127.0.0.1:99999' } },
          licensees: [{ name: 'p', domains: ['p.test'], scope: 'some' }],
          storage: { sqlite: {}, postgres: { url: 'postgres://h/db' } },
          schedules: [{ cron: 'often', job: 'build' }],
        },
        'config.json',
      ),
    );
    const lines = e.message.split('\n');
    expect(lines[0]).toMatch(/^config\.json: \S+: expected .+, got .+ \(and \d+ more problems, below\)$/);
    const expectations = [
      'publisher.sources[0].startUrls[0]: expected an absolute http(s) URL, got "ftp://x/"',
      'publisher.sources[0].maxDepth: expected a whole number from 0 to 50, got -1',
      'crawler.concurrency: expected a whole number from 1 to 256, got "8"',
      'crawler.resolve["a.test"]: expected an IP address',
      'licensees[0].scope: expected "full" or "excerpt", got "some"',
      'storage: expected one of sqlite or postgres, not both',
      'schedules[0].cron: expected a cron expression',
      'schedules[0].job: expected "index", "scan", "recheck", "discover", "scan-warc" or "evidence-stamp", got "build"',
    ];
    for (const want of expectations) expect(lines.some((l) => l.startsWith(`config.json: ${want}`))).toBe(true);
  });

  it('rejects a cron expression of the right shape that cannot run, naming the field and what is wrong', () => {
    const e = errorOf(() => parseConfig({ ...minimal, schedules: [{ cron: '99 99 * * *', job: 'scan' }] }, 'config.json'));
    expect(e.message).toBe('config.json: schedules[0].cron: expected a cron expression that can run (invalid value for minute: 99), got "99 99 * * *"');
  });

  it('takes an evidence-stamp schedule with evidence.tsa, and refuses one without it in one line', () => {
    const schedules = [{ cron: '*/10 * * * *', job: 'evidence-stamp' }];
    const e = errorOf(() => parseConfig({ ...minimal, schedules }, 'config.json'));
    expect(e.message).toBe(
      'config.json: schedules[0].job: expected evidence.tsa in the config with an evidence-stamp schedule (the Time-Stamp Authority it asks)',
    );
    const ok = parseConfig({ ...minimal, schedules, evidence: { tsa: { url: 'http://timestamp.digicert.com' } } }, 'config.json');
    expect(ok.schedules).toEqual([{ cron: '*/10 * * * *', job: 'evidence-stamp' }]);
  });

  it('refuses a URL pattern that could backtrack exponentially, and keeps ordinary ones', () => {
    const site = (exclude: string[]) => ({ ...minimal, targets: [{ name: 't', startUrls: ['http://t.test/'], exclude }] });
    const e = errorOf(() => parseConfig(site(['(a+)+$']), 'config.json'));
    expect(e.message).toBe(
      'config.json: targets[0].exclude[0]: expected a regular expression without nested repetition such as (a+)+ (it could take exponential time on a URL), got "(a+)+$"',
    );
    expect(parseConfig(site(['/tag/', '\\?page=\\d+$', '^https?://t\\.test/(news|sport)/\\d+\\.html$']), 'c').targets[0].exclude).toHaveLength(3);
  });

  it('rejects unknown fields, naming them', () => {
    const e = errorOf(() => parseConfig({ ...minimal, crawler: { delay: 5 }, extra: true }, 'config.json'));
    expect(e.message).toContain('config.json: crawler.delay: unknown field');
    expect(e.message).toContain('config.json: extra: unknown field');
  });

  it('names a missing required field', () => {
    const e = errorOf(() => parseConfig({ targets: [] }, 'config.json'));
    expect(e.message.split('\n')[0]).toBe('config.json: publisher: expected an object, got nothing (a required field is missing)');
  });

  it('checks cross-field rules: unique site names, schedule targets, date order, epaper templates', () => {
    const e = errorOf(() =>
      parseConfig(
        {
          publisher: {
            name: 'x',
            sources: [{ name: 'a', startUrls: ['http://a.test/'], epaper: { urlTemplate: 'http://a.test/{yyyy}/{mm}.htm', pages: 4, from: '2023-01-09' } }],
          },
          targets: [{ name: 'a', startUrls: ['http://b.test/'] }, { name: 'c' }],
          licensees: [{ name: 'p', domains: ['p.test'], scope: 'full', validFrom: '2024-01-01', validUntil: '2023-01-01' }],
          schedules: [{ cron: '0 4 * * *', job: 'scan', target: 'nobody' }],
        },
        'config.json',
      ),
    );
    expect(e.message).toContain('publisher.sources[0].epaper.urlTemplate: expected a URL template holding {yyyy}, {mm}, {dd} and {page}');
    expect(e.message).toContain('targets[0].name: expected a site name used once, got "a"');
    expect(e.message).toContain('targets[1].startUrls: expected at least one of startUrls, sitemaps, feeds or epaper');
    expect(e.message).toContain('licensees[0].validUntil: expected validFrom on or before validUntil');
    expect(e.message).toContain('schedules[0].target: expected the name of a target, got "nobody"');
  });

  it('points a fresh checkout without ./config.json to the example config', () => {
    const cwd = process.cwd();
    process.chdir(mkdtempSync(join(tmpdir(), 'copywatch-fresh-')));
    try {
      expect(errorOf(() => loadConfig('./config.json')).message).toBe(
        './config.json: cannot read the config: no such file (try --config config.example.json, or copy it to config.json and edit it)',
      );
    } finally {
      process.chdir(cwd);
    }
  });

  it('says when the file is missing', () => {
    const e = errorOf(() => loadConfig(join(dir, 'nope.json')));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toBe(`${join(dir, 'nope.json')}: cannot read the config: no such file`);
  });

  it('names the line and column of invalid JSON (comments are not allowed)', () => {
    const path = write('comment.json', '{\n  "publisher": {\n    // the paper\n    "name": "x"\n  }\n}\n');
    const e = errorOf(() => loadConfig(path));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line 3, column 5: not valid JSON`));
    const truncated = write('truncated.json', '{"publisher": {"name": "x"}');
    expect(errorOf(() => loadConfig(truncated)).message).toMatch(/: line 1, column 28: not valid JSON/);
  });

  it('takes a per-site article selector, and refuses an invalid one naming the field, on one line', () => {
    const good = parseConfig({
      publisher: { name: 'x', sources: [{ name: 'a', startUrls: ['http://a.test/'], article: { selector: 'div.story > p', exclude: ['.share'] } }] },
      targets: [{ name: 'b', startUrls: ['http://b.test/'], article: { selector: '#content' } }],
    });
    expect(good.publisher.sources[0].article).toEqual({ selector: 'div.story > p', exclude: ['.share'] });
    expect(good.targets[0].article).toEqual({ selector: '#content', exclude: [] });
    expect(good.targets[0]).not.toHaveProperty('article.bogus');

    const e = errorOf(() =>
      parseConfig(
        {
          publisher: { name: 'x', sources: [{ name: 'a', startUrls: ['http://a.test/'], article: { selector: 'div[' } }] },
          targets: [
            { name: 'b', startUrls: ['http://b.test/'], article: { selector: 'p', exclude: ['p:nope'] } },
            { name: 'c', startUrls: ['http://c.test/'], article: {} },
          ],
        },
        'config.json',
      ),
    );
    const lines = e.message.split('\n');
    expect(lines[0]).toMatch(
      /^config\.json: publisher\.sources\[0\]\.article\.selector: expected a CSS selector css-select can match, got "div\[" \(.+\) \(and 2 more problems, below\)$/,
    );
    expect(e.message).toMatch(/config\.json: targets\[0\]\.article\.exclude\[0\]: expected a CSS selector css-select can match, got "p:nope" \(.*nope.*\)/);
    expect(e.message).toContain('config.json: targets[1].article.selector: expected a CSS selector (as a string), got nothing');
  });
});
