/**
 * The main job on the fixture web: index the publisher, scan every target, and the findings table
 * is exactly the planted cases, each with its verdict and the rules it breaks; nothing else. A
 * second scan finds the same copies again: the same findings, lastSeen moved on, none new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/index.ts';
import { openApp, type App } from '../../src/scan/app.ts';
import { runIndex, runScan } from '../../src/scan/jobs.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { ARTICLES, NEGATIVES, PLANTED, PLANTED_PHOTOS, publisherUrl, startFixtureWeb, type FixtureWeb, type Planted } from '../support/web/index.ts';

/** The rules each kind of planted copy must break (both rule sets of config.example.json). */
const EXPECTED_RULES: Record<Planted['kind'], string[] | null> = {
  mirror: ['generic.unlicensed-copy', 'shihua-chenbao.mirror', 'shihua-chenbao.reproduction'],
  'full-credited': ['generic.unlicensed-copy', 'shihua-chenbao.reproduction'],
  'full-uncredited': ['generic.unlicensed-copy', 'shihua-chenbao.reproduction'],
  'credit-replaced': ['generic.unlicensed-copy', 'shihua-chenbao.reproduction'],
  traditional: ['generic.unlicensed-copy', 'shihua-chenbao.reproduction'],
  buried: ['generic.unlicensed-copy', 'shihua-chenbao.reproduction'],
  excerpt: ['generic.uncredited-excerpt', 'shihua-chenbao.excerpt'],
  'licensed-expired': ['generic.license-terms', 'shihua-chenbao.license-terms'],
  licensed: null, // within its license: no finding
};
/** Commercial signals (ads, shop links) add the commercial-use rules on these hosts. */
const COMMERCIAL_HOSTS = new Set(['news.repost-portal.test']);

let web: FixtureWeb;
let setup: DemoSetup;
let app: App;
let findings: Finding[];

async function allFindings(): Promise<Finding[]> {
  const page = await app.store.findings.list({ limit: 1000 });
  expect(page.nextCursor).toBeNull();
  return page.items;
}

beforeAll(async () => {
  web = await startFixtureWeb();
  setup = demoConfig(web);
  app = await openApp(setup.configPath, { clock: () => new Date('2024-03-01T08:00:00Z') });
  const index = await runIndex(app);
  expect(index.status).toBe('done');
  const scan = await runScan(app);
  expect(scan.status).toBe('done');
  findings = await allFindings();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await web?.close();
  setup?.cleanup();
});

describe('the fixture web, indexed and scanned', () => {
  it('indexes every publisher article and nothing else', async () => {
    const urls = new Set<string>();
    for (let cursor: string | undefined, more = true; more;) {
      const page = await app.store.articles.list({ cursor, limit: 200 });
      for (const a of page.items) urls.add(a.url);
      cursor = page.nextCursor ?? undefined;
      more = cursor !== undefined;
    }
    expect([...urls].sort()).toEqual(ARTICLES.map(publisherUrl).sort());
  });

  it('finds every planted copy with its verdict, its original and the rules it breaks', () => {
    const byArticle = new Map(ARTICLES.map((a) => [a.id, publisherUrl(a)]));
    const rows = PLANTED.map((p) => {
      const here = findings.filter((f) => f.url === p.url);
      const expected = EXPECTED_RULES[p.kind];
      const rules = expected ? [...expected, ...(COMMERCIAL_HOSTS.has(p.host) ? ['generic.commercial-use', 'shihua-chenbao.commercial'] : [])].sort() : null;
      return {
        url: p.url,
        kind: p.kind,
        expected: rules
          ? { count: 1, verdict: p.expectedVerdict, original: byArticle.get(p.articleId), rules, credited: p.credited, linksBack: p.linksBack }
          : { count: 0 },
        actual: rules
          ? {
              count: here.length,
              verdict: here[0]?.verdict,
              original: here[0]?.articleUrl,
              rules: here[0]?.violations.map((v) => v.ruleId).sort(),
              credited: here[0]?.facts.credited,
              linksBack: here[0]?.facts.linksBack,
            }
          : { count: here.length },
      };
    });
    expect(rows.map((r) => ({ url: r.url, kind: r.kind, ...r.actual }))).toEqual(rows.map((r) => ({ url: r.url, kind: r.kind, ...r.expected })));
  });

  it('says which license term an expired licensee broke', () => {
    const expired = findings.filter((f) => PLANTED.some((p) => p.url === f.url && p.kind === 'licensed-expired'));
    expect(expired.length).toBeGreaterThan(0);
    for (const f of expired) expect(f.violations.map((v) => v.term)).toContain('expired');
  });

  it('finds the reposted photo (cropped, resized, watermarked) as an image finding: both images, the distance, the region, the transformations', async () => {
    const rows = PLANTED_PHOTOS.map((p) => {
      const here = findings.filter((f) => f.url === p.url);
      const image = here[0]?.facts.image;
      return {
        url: p.url,
        count: here.length,
        kind: here[0]?.kind,
        original: here[0]?.articleUrl,
        transforms: image?.transforms,
        credited: image?.credited,
        rules: here[0]?.violations.map((v) => v.ruleId).sort(),
      };
    });
    const byArticle = new Map(ARTICLES.map((a) => [a.id, publisherUrl(a)]));
    expect(rows).toEqual(
      PLANTED_PHOTOS.map((p) => ({
        url: p.url,
        count: 1,
        kind: 'image',
        original: byArticle.get(p.articleId),
        transforms: p.transforms,
        credited: p.credited,
        rules: ['generic.uncredited-photo', 'shihua-chenbao.photo'],
      })),
    );
    const f = findings.find((x) => x.url === PLANTED_PHOTOS[0].url)!;
    const image = f.facts.image!;
    expect(image.original.url).toMatch(/^http:\/\/epaper\.shihua-chenbao\.test\/images\/refinery-dusk\.jpg$/);
    expect(image.copy.url).toMatch(/\/uploads\/2023\/01\/dusk-640\.jpg$/);
    expect(image.original.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(image.copy.sha256).not.toBe(image.original.sha256);
    expect([image.original.width, image.original.height, image.copy.width]).toEqual([960, 640, 640]);
    expect(image.distance).toBeLessThanOrEqual(10);
    expect(image.region.w).toBeLessThan(1);
    expect(f.verdict).toBe('none');
    // The publisher's photo was kept while indexing (beside the e-paper's page pictures), the logo and pixel of the reposting site never were.
    const kept: string[] = [];
    for await (const batch of app.store.images.all()) kept.push(...batch.map((i) => i.url).filter((u) => !u.endsWith('/page_b.jpg')));
    expect(kept).toEqual([image.original.url]);
  });

  it('finds nothing else: no finding off the planted pages, none on the negatives', () => {
    const planted = new Set([...PLANTED, ...PLANTED_PHOTOS].map((p) => p.url));
    expect(findings.filter((f) => !planted.has(f.url)).map((f) => `${f.url} ← ${f.articleUrl} (${f.verdict})`)).toEqual([]);
    const negatives = new Set(NEGATIVES);
    expect(findings.filter((f) => negatives.has(f.url)).map((f) => f.url)).toEqual([]);
    expect(NEGATIVES.length).toBeGreaterThan(10);
  });

  it('keeps evidence for each finding: the capture, its SHA-256 and the stored body', async () => {
    for (const f of findings) {
      expect(f.evidenceId).not.toBeNull();
      const evidence = await app.store.evidence.get(f.evidenceId!);
      expect(evidence).toMatchObject({ finalUrl: f.url, status: 200 });
      const body = await app.store.evidence.body(f.evidenceId!);
      expect(body).not.toBeNull();
      const { createHash } = await import('node:crypto');
      expect(createHash('sha256').update(body!).digest('hex')).toBe(evidence!.sha256);
      if (f.kind !== 'image') expect(f.passages.length).toBeGreaterThan(0);
    }
  });

  it('a second scan sees the same copies: same findings, lastSeen moved on, nothing new', async () => {
    await app.close();
    app = await openApp(setup.configPath, { clock: () => new Date('2024-03-02T08:00:00Z') });
    const scan = await runScan(app);
    expect(scan.status).toBe('done');
    expect(scan.counts.findingsNew).toBe(0);
    const again = await allFindings();
    expect(again.map((f) => [f.id, f.url, f.articleId]).sort()).toEqual(findings.map((f) => [f.id, f.url, f.articleId]).sort());
    for (const f of again) {
      expect(f.firstSeen).toBe('2024-03-01T08:00:00.000Z');
      expect(f.lastSeen).toBe('2024-03-02T08:00:00.000Z');
    }
  }, 120_000);
});
