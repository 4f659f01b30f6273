/**
 * Search-engine discovery end to end on the fixture web: the fixture SearXNG answers the
 * distinctive passages, the filters leave only the site nobody listed, the scan path judges it,
 * and its findings say how they were found. Then the budget, the revisit window, promotion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/scan/app.ts';
import { runCheck, runDiscover, runIndex, runScan } from '../../src/scan/jobs.ts';
import { listPromoted, promoteTarget } from '../../src/scan/promoted.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { DISCOVERED, DISCOVERED_HOST, startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';

let web: FixtureWeb;
let setup: DemoSetup;
let app: App;
let day = 10;
const clock = () => new Date(`2024-05-${String(day).padStart(2, '0')}T08:00:00Z`);

beforeAll(async () => {
  web = await startFixtureWeb();
  setup = demoConfig(web, (c) => {
    c.discovery = { providers: [{ type: 'searxng', url: 'http://search.fixture.test' }], queriesPerArticle: 2, dailyQueryBudget: 200, revisitDays: 30 };
  });
  app = await openApp(setup.configPath, { clock });
  await runIndex(app);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await web?.close();
  setup?.cleanup();
});

describe('discover', () => {
  it('finds the copying site in no target list, through the scan path, and records how', async () => {
    const started = performance.now();
    const { scan, summary } = await runDiscover(app);
    const ms = performance.now() - started;
    expect(scan).toMatchObject({ job: 'discover', status: 'done' });
    expect(summary.articles).toBe(await app.store.articles.count());
    expect(summary.queries).toBe(summary.articles * 2);
    expect(summary.budgetExhausted).toBeNull();
    expect(summary.filtered['own domain']).toBeGreaterThan(0);
    expect(summary.filtered.target).toBeGreaterThan(0);
    expect(summary.proposed).toBe(DISCOVERED.length);
    expect(summary.fetched).toBe(DISCOVERED.length);
    expect(summary.findings).toBe(DISCOVERED.length);
    expect(scan.reasons['filtered: own domain']).toBe(summary.filtered['own domain']);
    const findings = (await app.store.findings.list({ site: DISCOVERED_HOST })).items;
    expect(findings.map((f) => f.url).sort()).toEqual(DISCOVERED.map((p) => p.url).sort());
    for (const f of findings) {
      expect(f.severity).toBe('critical');
      expect(f.facts.discoveredBy).toMatchObject({ provider: 'searxng', at: clock().toISOString() });
      expect(f.facts.discoveredBy!.query).toMatch(/^".+"$/);
      expect(f.evidenceId).not.toBeNull();
    }
    // The scan path's politeness: robots.txt was read before the pages.
    const paths = web.requests.filter((r) => r.host === DISCOVERED_HOST).map((r) => r.path);
    expect(paths[0]).toBe('/robots.txt');
    console.log(`discover on the fixture web: ${JSON.stringify(summary)} in ${ms.toFixed(0)} ms`);
  });

  it('asks again only a rolling share the next run, and fetches nothing seen within the revisit window', async () => {
    day = 11;
    const { summary } = await runDiscover(app);
    const articles = await app.store.articles.count();
    expect(summary.articles).toBe(Math.ceil(articles * 0.1));
    expect(summary.proposed).toBe(0);
    expect(summary.fetched).toBe(0);
  });

  it("stops when the day's budget is spent, and says so", async () => {
    day = 12;
    app.config.discovery.dailyQueryBudget = 3;
    app.config.discovery.rollingShare = 1;
    const { scan, summary } = await runDiscover(app);
    expect(summary.queries).toBe(3);
    expect(summary.budgetExhausted).toMatch(/daily query budget \(3\) is spent for 2024-05-12/);
    expect(scan.reasons['budget exhausted']).toBe(1);
    const again = await runDiscover(app);
    expect(again.summary.queries).toBe(0);
    expect(again.summary.budgetExhausted).toMatch(/spent/);
    app.config.discovery.dailyQueryBudget = 200;
    app.config.discovery.rollingShare = 0.1;
  });

  it('promotes the discovered site to a target that scans crawl', async () => {
    const { created } = await promoteTarget(app.store, { host: DISCOVERED_HOST, scheme: 'http:', at: clock().toISOString(), actor: 'test', coveredHosts: [] });
    expect(created).toBe(true);
    expect((await listPromoted(app.store)).map((p) => p.host)).toEqual([DISCOVERED_HOST]);
    expect((await app.targets()).map((t) => t.name)).toContain(DISCOVERED_HOST);
    const scan = await runScan(app, { target: DISCOVERED_HOST });
    expect(scan.counts.findingsUpdated).toBe(DISCOVERED.length);
    // A later sighting judged again (a manual check) keeps how the copy was first found.
    const checked = await runCheck(app, DISCOVERED[0].url);
    expect(checked.findings).toHaveLength(1);
    const findings = (await app.store.findings.list({ site: DISCOVERED_HOST })).items;
    expect(findings.every((f) => f.facts.discoveredBy?.provider === 'searxng')).toBe(true);
  });

  it('falls back to the next provider when one fails, spending a query on each call', async () => {
    day = 20;
    const saved = app.config.discovery;
    app.config.discovery = { ...saved, retries: 0, rollingShare: 0, providers: [{ type: 'searxng', url: 'http://127.0.0.1:1' }, ...saved.providers] };
    try {
      // Nothing new or changed: a rolling share of 0 asks nothing.
      expect((await runDiscover(app)).summary.queries).toBe(0);
      app.config.discovery.rollingShare = 1;
      const { scan, summary } = await runDiscover(app);
      const articles = await app.store.articles.count();
      expect(summary.failedQueries).toBe(0);
      expect(summary.queries).toBe(articles * 2 * 2);
      expect(scan.reasons['search failed: searxng']).toBe(articles * 2);
      // Both fail: the query is unanswered, the article is asked again next time.
      app.config.discovery.providers = [{ type: 'searxng', url: 'http://127.0.0.1:1' }];
      app.config.discovery.rollingShare = 0.05;
      const dead = await runDiscover(app);
      expect(dead.summary.failedQueries).toBe(dead.summary.queries);
      expect(dead.summary.failedQueries).toBeGreaterThan(0);
    } finally {
      app.config.discovery = saved;
    }
  });
});
