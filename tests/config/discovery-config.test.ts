import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { errorOf } from '../support/errors.ts';

const minimal = { publisher: { name: '石化晨报', sources: [{ name: 'epaper', startUrls: ['http://epaper.example.test/'] }] } };

describe('discovery config', () => {
  it('has defaults and takes providers', () => {
    expect(parseConfig(minimal).discovery).toEqual({
      providers: [],
      queriesPerArticle: 2,
      dailyQueryBudget: 100,
      revisitDays: 30,
      rollingShare: 0.1,
      timeoutMs: 15_000,
      retries: 3,
    });
    const config = parseConfig({
      ...minimal,
      discovery: {
        providers: [
          { type: 'searxng', url: 'http://search.lan:8888' },
          { type: 'brave', apiKey: 'k' },
        ],
        dailyQueryBudget: 5,
      },
      schedules: [{ cron: '0 3 * * *', job: 'discover' }],
    });
    expect(config.discovery.providers).toHaveLength(2);
    expect(config.schedules[0].job).toBe('discover');
  });

  it('names the field of a bad provider in one line', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ providers: [{ type: 'google' }] }, /discovery\.providers\[0\]\.type.*"searxng" or "brave"/],
      [{ providers: [{ type: 'searxng' }] }, /discovery\.providers\[0\]\.url.*SearXNG instance URL/],
      [{ providers: [{ type: 'brave' }] }, /discovery\.providers\[0\]\.apiKey.*API key/],
      [{ queriesPerArticle: 0 }, /discovery\.queriesPerArticle/],
      [{ dailyQueryBudget: -1 }, /discovery\.dailyQueryBudget/],
      [{ budget: 3 }, /discovery.*budget/],
      [{ providers: [{ type: 'brave', apiKey: 12345678 }] }, /discovery\.providers\[0\]\.apiKey: expected an API key \(a string\), got number/],
    ];
    for (const [discovery, message] of cases) {
      const error = errorOf(() => parseConfig({ ...minimal, discovery }));
      expect(error.message).toMatch(message);
      expect(error.message.split('\n')[0]).toMatch(message);
      expect(error.message).not.toContain('12345678');
    }
  });
});
