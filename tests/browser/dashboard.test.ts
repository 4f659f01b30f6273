/**
 * The dashboard in Debian's Chromium, used as a rights officer would: sign in with the token (a
 * wrong one is refused), read the overview and the findings table, open a finding and compare the
 * original with the copy, confirm it with a note, check a URL someone sent in, start a scan and
 * watch it run and finish, download the CSV, look at the corpus, sign out. Every view is checked
 * for console errors and CSP violations, and for anything a crawled page could have made live
 * (script elements, on* attributes, javascript: links): the hostile copy's markup must show as text.
 *
 * Screenshots of the overview and of a finding page go to test-output/screenshots/.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../src/domain/index.ts';
import { verifyBundle } from '../../src/report/index.ts';
import { DISCOVERED, DISCOVERED_HOST, HOSTILE_MARKUP, PLANTED, PLANTED_PHOTOS, PUBLISHER_NAME } from '../support/web/index.ts';
import { HOSTILE_LINE, HOSTILE_TITLE, HOSTILE_URL } from './gated-site.ts';
import { launchChromium, newDashboardPage, SCREENSHOTS, startDashboard, TOKEN, VIEWPORT, type Dashboard, type PageProblems } from './harness.ts';
import { inertnessProblems, parseCsv } from './inspect.ts';
import { expectPhotoPanel } from './photo-panel.ts';

// The page's globals, typed just enough for the functions that run there (the project's lib has no DOM).
declare const document: {
  getElementById(id: string): { hasAttribute(name: string): boolean } | null;
  cookie: string;
  documentElement: { scrollWidth: number };
};
declare const sessionStorage: { length: number; getItem(key: string): string | null };
declare const localStorage: { length: number };
declare const window: { scrollTo(x: number, y: number): void };
interface PageBox {
  clientHeight: number;
  getBoundingClientRect(): { top: number };
  querySelector(selector: string): PageBox | null;
}

let dash: Dashboard;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let problems: PageProblems;

async function allFindings(): Promise<Finding[]> {
  const list = await dash.app.store.findings.list({ limit: 500 });
  expect(list.nextCursor).toBeNull();
  return list.items;
}

/** Clicks a section in the top bar and waits for its heading. */
async function open(section: string, heading: string | RegExp = section): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.waitForFunction(() => !document.getElementById('main')?.hasAttribute('aria-busy'));
}

/** Nothing a crawled page sent is live in the current view. */
async function expectInert(): Promise<void> {
  expect(await page.evaluate(inertnessProblems)).toEqual([]);
}

/** Readable on a laptop: nothing makes the page scroll sideways at 1366 px. */
async function expectFitsLaptop(): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORT.width);
}

const cellsOf = (row: ReturnType<Page['locator']>) => row.locator('td').allInnerTexts();

/** Why the browser could not start (no Chromium): every test fails with it, saying how to install it. */
let setupError: unknown = null;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  try {
    chromium = await launchChromium();
  } catch (error) {
    setupError = error;
    return;
  }
  dash = await startDashboard();
  ({ page, problems } = await newDashboardPage(chromium.browser));
  page.setDefaultTimeout(15_000);
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await dash?.close();
});

/**
 * The tests are one session, step by step: once a step has failed, the later ones fail at once
 * (naming it) instead of waiting on a page that is not where they expect it.
 */
let failedStep: string | null = null;
beforeEach((ctx) => {
  ctx.onTestFailed(() => {
    failedStep ??= ctx.task.name;
  });
  if (setupError) throw setupError;
  if (failedStep) throw new Error(`not run: the earlier step "${failedStep}" failed`);
});

afterEach(() => {
  if (!problems) return;
  // Console errors and warnings, CSP violations, uncaught errors and dialogs, test by test.
  const seen = [...problems.list];
  problems.list.length = 0;
  expect(seen).toEqual([]);
});

// Each step waits for the page, not the clock; the bound is for a machine busy with the rest of the suite.
describe('the dashboard in Chromium', { timeout: 90_000 }, () => {
  it('refuses a wrong token, then signs in with the right one, kept in sessionStorage only', async () => {
    await page.goto(`${dash.server.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Sections' }).isHidden()).toBe(true);

    await page.getByLabel('API token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('form.login .error').textContent()).toBe('That token is not valid.');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    // The refused request is the one console message Chromium writes for it.
    expect(
      problems.list.every((p) => /status of 401/.test(p)),
      problems.list.join('\n'),
    ).toBe(true);
    problems.list.length = 0;

    await page.getByLabel('API token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(await page.evaluate(() => ({ session: sessionStorage.getItem('copywatch.token'), local: localStorage.length, cookie: document.cookie }))).toEqual({
      session: TOKEN,
      local: 0,
      cookie: '',
    });
    expect(page.url()).not.toContain(TOKEN);
    await expect.poll(() => page.locator('#publisher').textContent()).toBe(PUBLISHER_NAME);
  });

  it('the overview shows open findings by severity, the most-infringing sites and findings over time', async () => {
    const findings = await allFindings();
    expect(findings.length).toBeGreaterThan(20);
    const open = findings.filter((f) => f.status === 'open');
    for (const severity of ['critical', 'high', 'medium', 'low', 'info'] as Severity[]) {
      const card = page.locator(`a.card.sev-${severity}`);
      expect(await card.locator('.n').textContent(), severity).toBe(String(open.filter((f) => f.severity === severity).length));
    }
    const sites = await dash.app.store.findings.sites();
    const rows = page.locator('section:has(h2:text-is("Most-infringing sites")) tbody tr');
    expect(await rows.count()).toBe(Math.min(10, sites.length));
    for (const [i, site] of sites.slice(0, 10).entries()) {
      const cells = await cellsOf(rows.nth(i));
      expect(cells.slice(0, 4)).toEqual([site.host, String(site.open), String(site.findings), site.maxSeverity]);
    }
    // Every finding was first seen today: the last bar holds them all.
    const bars = page.locator('svg.chart rect.bar');
    expect(await bars.count()).toBe(30);
    const today = new Date().toISOString().slice(0, 10);
    expect(await bars.last().locator('title').textContent()).toBe(`${today}: ${findings.length}`);
    await expectInert();
    await expectFitsLaptop();
    await page.screenshot({ path: join(SCREENSHOTS, 'overview.png'), fullPage: true });
  });

  it('the findings table lists every finding and filters by site', async () => {
    const findings = await allFindings();
    await open('Findings');
    const rows = page.locator('main table tbody tr');
    expect(await rows.count()).toBe(findings.length);
    const shown = await page.locator('main table tbody tr td:nth-child(7) a.url[target]').evaluateAll((as) => as.map((a) => a.textContent));
    expect(shown.sort()).toEqual(findings.map((f) => f.url).sort());

    const mirror = 'mirror.example-mirror.test';
    await page.getByRole('textbox', { name: 'Site (host)' }).fill(mirror);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.url()).toContain(`site=${mirror}`);
    await expect.poll(() => rows.count()).toBe(findings.filter((f) => f.host === mirror).length);
    for (const host of await page.locator('main table tbody tr td:nth-child(7) > a').allTextContents()) expect(host).toBe(mirror);
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => rows.count()).toBe(findings.length);
    await expectInert();
    await expectFitsLaptop();
  });

  it("filters the table by kind, and an image finding's page shows both photos, the part matched and the changes", async () => {
    const photos = (await allFindings()).filter((f) => f.kind === 'image');
    expect(photos.map((f) => f.url)).toEqual(PLANTED_PHOTOS.map((p) => p.url));
    await open('Findings');
    await page.getByRole('combobox', { name: 'Kind' }).selectOption('image');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.url()).toContain('kind=image');
    const rows = page.locator('main table tbody tr');
    await expect.poll(() => rows.count()).toBe(photos.length);
    expect(await rows.first().locator('td:nth-child(4)').textContent()).toBe('photo');
    await rows
      .first()
      .getByRole('link', { name: `#${photos[0].id}` })
      .click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Finding #${photos[0].id}`) }).waitFor();
    const panel = page.locator('section.panel').filter({ has: page.getByRole('heading', { name: 'Photo', exact: true }) });
    const shown = await panel.textContent();
    const image = photos[0].facts.image!;
    for (const s of [image.original.url, image.copy.url, image.copy.sha256, 'cropped, resized', `${image.distance} of 64 bits`, 'no credit'])
      expect(shown).toContain(s);
    // The original and the copy side by side, as kept as evidence (data: images through the API), the matched part outlined on the original.
    await expectPhotoPanel(page, panel, image);
    // The route itself: the decoded format's type, never sniffed, under a policy that runs nothing.
    const served = await fetch(`${dash.server.url}/api/findings/${photos[0].id}/images/copy`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(served.status).toBe(200);
    expect([served.headers.get('content-type'), served.headers.get('x-content-type-options'), served.headers.get('x-image-sha256')]).toEqual([
      'image/jpeg',
      'nosniff',
      image.copy.sha256,
    ]);
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    expect(
      createHash('sha256')
        .update(Buffer.from(await served.arrayBuffer()))
        .digest('hex'),
    ).toBe(image.copy.sha256);
    await page.screenshot({ path: join(SCREENSHOTS, 'finding-photo.png'), fullPage: true });
    await expectInert();
    await page.getByRole('link', { name: '← Findings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Findings' }).waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
  });

  it('a finding page shows the original and the copy side by side with the matched passages highlighted', async () => {
    // An excerpt: part of the original is marked, and the copy has its own lines around it.
    const planted = PLANTED.find((p) => p.kind === 'excerpt');
    const finding = (await allFindings()).find((f) => f.url === planted?.url);
    if (!finding) throw new Error(`no finding for the planted excerpt ${planted?.url}`);
    await page
      .locator('main table tbody tr')
      .filter({ hasText: finding.url })
      .getByRole('link', { name: `#${finding.id}` })
      .click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Finding #${finding.id}: `) }).waitFor();
    expect(await page.locator('h1').textContent()).toBe(`Finding #${finding.id}: ${finding.articleTitle}`);

    const original = page.locator('#original-text');
    const copy = page.locator('#copy-text');
    expect(finding.passages.length).toBeGreaterThan(0);
    const originalMarks = (await original.locator('mark').allTextContents()).join('\n');
    const copyMarks = (await copy.locator('mark').allTextContents()).join('\n');
    for (const p of finding.passages) {
      expect(originalMarks).toContain(p.original.text);
      expect(copyMarks).toContain(p.suspect.text);
    }
    const marked = finding.passages.reduce((n, p) => n + p.original.end - p.original.start, 0);
    expect((await original.locator('mark').allTextContents()).join('').length).toBe(marked);
    expect((await original.textContent())!.length).toBeGreaterThan(marked);
    // One count of matched characters, the same in the badge and under the passages, with what it counts.
    const count = `${finding.matchedChars.toLocaleString('en-US')} characters matched`;
    expect(await page.getByText(count, { exact: true }).count()).toBe(1);
    expect(await page.getByText(`${count}: the letters, digits and CJK characters`).count()).toBe(1);
    // Side by side on a laptop screen: same top, original on the left, both inside the window.
    const [a, b] = [await original.boundingBox(), await copy.boundingBox()];
    if (!a || !b) throw new Error('the texts are not laid out');
    expect(Math.abs(a.y - b.y)).toBeLessThan(2);
    expect(a.x + a.width).toBeLessThanOrEqual(b.x);
    expect(b.x + b.width).toBeLessThanOrEqual(VIEWPORT.width);
    await expectFitsLaptop();
    expect(await original.getAttribute('lang')).toMatch(/^zh/);
    // Each text opens at its first matched passage: the first mark is inside the box's visible part.
    for (const box of [original, copy]) {
      const shown = await box.evaluate((el: PageBox) => {
        const mark = el.querySelector('mark');
        if (!mark) return false;
        const top = mark.getBoundingClientRect().top - el.getBoundingClientRect().top;
        return top >= 0 && top < el.clientHeight;
      });
      expect(shown, 'first passage in view').toBe(true);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'finding.png'), fullPage: true });

    // Clicking a passage brings its marks forward in both texts.
    await page.locator('section:has(h3:text-is("Matched passages")) tbody tr').first().click();
    expect(await page.locator('#original-text mark.active').count()).toBe(1);
    expect(await page.locator('#copy-text mark.active').count()).toBe(1);
    await expectInert();
  });

  it('marks the finding confirmed with a note: the status and the audit trail show it', async () => {
    const id = Number(/#\/finding\/(\d+)/.exec(page.url())?.[1]);
    const note = 'Checked by hand: 全文转载，未注明来源 (no license).';
    await page.getByRole('combobox', { name: 'New status' }).selectOption('confirmed');
    await page.getByRole('textbox', { name: 'Note' }).fill(note);
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.locator('main h1 + .row .badge.st-confirmed').waitFor();
    expect(await page.locator('main h1 + .row .badge').first().textContent()).toBe('confirmed');
    const last = page.locator('section:has(h2:text-is("Audit trail")) tbody tr').last();
    const cells = await cellsOf(last);
    expect(cells.slice(1)).toEqual(['bootstrap token', 'open → confirmed', note]);
    // The next choices are those from confirmed.
    expect(await page.getByRole('combobox', { name: 'New status' }).locator('option').allTextContents()).not.toContain('confirmed');

    const stored = await dash.app.store.findings.get(id);
    expect(stored?.status).toBe('confirmed');
    expect((await dash.app.store.findings.events(id)).at(-1)).toMatchObject({ from: 'open', to: 'confirmed', note });
    await expectInert();
  });

  it("downloads the finding's evidence bundle from its page: a ZIP that verifies", async () => {
    const id = Number(/#\/finding\/(\d+)/.exec(page.url())?.[1]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download evidence bundle' }).click()]);
    expect(download.suggestedFilename()).toBe(`copywatch-finding-${id}-evidence.zip`);
    const verdict = await verifyBundle(readFileSync(await download.path()));
    expect(verdict.bundle && verdict.checks.filter((c) => !c.ok)).toEqual([]);
    await expectInert();
  });

  it("shows the capture's screenshot on the finding page, fetched with the token and shown under the dashboard's policy", async () => {
    const id = Number(/#\/finding\/(\d+)/.exec(page.url())?.[1]);
    const store = dash.app.store;
    const finding = await store.findings.get(id);
    if (!finding?.evidenceId) throw new Error(`finding ${id} has no capture`);
    // A capture of the same page with a screenshot (a real PNG: the finding page an earlier step took), the finding seen on it.
    const png = readFileSync(join(SCREENSHOTS, 'finding.png'));
    const { id: _e, warc: _w, screenshot: _s, ...captured } = (await store.evidence.get(finding.evidenceId))!;
    const evidenceId = await store.evidence.add({
      ...captured,
      body: await store.evidence.body(finding.evidenceId),
      screenshot: { sha256: createHash('sha256').update(png).digest('hex'), size: png.length, takenAt: captured.capturedAt, note: null },
      screenshotPng: png,
    });
    const { id: _f, status: _st, firstSeen: _fs, lastSeen: _ls, ...input } = finding;
    await store.findings.upsert({ ...input, evidenceId }, new Date().toISOString(), 'scan');

    // Away and back: the finding page is drawn again from the API.
    await page.goto(`${dash.server.url}/#/findings`);
    await page.getByRole('heading', { level: 1, name: 'Findings' }).waitFor();
    await page.goto(`${dash.server.url}/#/finding/${id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Finding #${id}: `) }).waitFor();
    const img = page.locator('img.screenshot');
    await img.waitFor();
    await page.waitForFunction(
      () =>
        (document as unknown as { querySelector(s: string): { complete: boolean; naturalWidth: number } | null }).querySelector('img.screenshot')?.complete ===
        true,
    );
    expect(await img.evaluate((el: { naturalWidth: number }) => el.naturalWidth)).toBe(png.readUInt32BE(16));
    expect(await img.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await img.getAttribute('alt')).toContain(createHash('sha256').update(png).digest('hex'));
    await expectInert();
  });

  it('a manual check of a planted copy shows its verdict and the finding it is', async () => {
    const planted = PLANTED.find((p) => p.kind === 'full-credited');
    if (!planted) throw new Error('no planted full-credited copy');
    const finding = (await allFindings()).find((f) => f.url === planted.url);
    await open('Check a URL');
    await page.getByRole('textbox', { name: 'URL to check' }).fill(planted.url);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Result' }).waitFor({ timeout: 30_000 });
    const match = page.locator('main .rule').first();
    expect(await match.locator('strong').first().textContent()).toBe(planted.expectedVerdict);
    expect(await match.textContent()).toContain('credited');
    expect(await match.locator('li code').allTextContents()).toEqual(expect.arrayContaining(['generic.unlicensed-copy', 'shihua-chenbao.reproduction']));
    expect(await page.locator('main section:has(h2:text-is("Result")) a[href^="#/finding/"]').allTextContents()).toEqual([`#${finding?.id}`]);
    await expectInert();
    await expectFitsLaptop();
  });

  it('starts a scan from the scans page and sees it run, then finish', async () => {
    const before = await dash.app.store.scans.list(50);
    const expectedId = Math.max(...before.map((s) => s.id)) + 1;
    dash.gated.arm();
    await open('Scans');
    await page.getByRole('combobox', { name: 'Job' }).selectOption('scan');
    expect(await page.getByRole('combobox', { name: 'Target' }).locator('option').allTextContents()).toEqual([
      'all targets',
      ...dash.app.config.targets.map((t) => t.name),
    ]);
    await page.getByRole('button', { name: 'Start' }).click();

    const row = page.locator('main tbody tr').filter({ has: page.locator('td:first-child', { hasText: `#${expectedId}` }) });
    // The gate holds one page of the scan: the run shows as running, with its progress bar.
    await row.locator('.badge.run-running').waitFor({ timeout: 30_000 });
    await row.locator('progress').waitFor();
    await expectFitsLaptop();
    await expect.poll(() => dash.gated.waiting, { timeout: 30_000 }).toBe(1);
    expect((await dash.app.store.scans.get(expectedId))?.status).toBe('running');
    dash.gated.open();

    await row.locator('.badge.run-done').waitFor({ timeout: 60_000 });
    const scan = await dash.app.store.scans.get(expectedId);
    expect(scan?.status).toBe('done');
    const cells = await cellsOf(row);
    expect(cells[1]).toBe('scan');
    expect(cells[2]).toBe('done');
    expect(cells[6]).toBe('0'); // no new finding: the same copies again
    expect(cells[7]).toBe(String(scan?.counts.findingsUpdated));
    expect(scan?.counts.findingsUpdated).toBe((await allFindings()).length);
    expect(await row.locator('progress').count()).toBe(0);
    await expectInert();
  });

  it('downloads the findings as CSV, with every finding in it', async () => {
    const findings = await allFindings();
    await open('Findings');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV', exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/^copywatch-findings-\d{4}-\d{2}-\d{2}\.csv$/);
    const path = await download.path();
    const rows = parseCsv(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
    const [header, ...body] = rows;
    expect(header.slice(0, 8)).toEqual(['id', 'status', 'severity', 'verdict', 'containment', 'matchedChars', 'host', 'url']);
    const byId = new Map(body.map((r) => [Number(r[0]), Object.fromEntries(header.map((h, i) => [h, r[i]]))]));
    expect([...byId.keys()].sort((x, y) => x - y)).toEqual(findings.map((f) => f.id).sort((x, y) => x - y));
    for (const f of findings) {
      expect(byId.get(f.id), `finding ${f.id}`).toMatchObject({
        status: f.status,
        severity: f.severity,
        verdict: f.verdict,
        url: f.url,
        articleTitle: f.articleTitle ?? '',
      });
    }
    expect(body.filter((r) => r[1] === 'confirmed')).toHaveLength(1);
  });

  it("shows the fixture web's hostile copy as inert text in the table and on its page", async () => {
    const planted = PLANTED.find((p) => p.hostile);
    if (!planted) throw new Error('the fixture web has no hostile planted copy (PLANTED[].hostile)');
    const finding = (await allFindings()).find((f) => f.url === planted.url);
    if (!finding) throw new Error(`the hostile copy ${planted.url} is not a finding`);
    await open('Findings');
    const row = page.locator('main table tbody tr').filter({ hasText: planted.url });
    expect(await row.count()).toBe(1);
    await expectInert();
    await row.getByRole('link', { name: `#${finding.id}` }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Finding #${finding.id}`) }).waitFor();
    await expectInert();
    // The markup in the copy's text is these characters on the screen, and its script never ran.
    expect(await page.locator('#copy-text').innerText()).toContain(HOSTILE_MARKUP);
    expect(await page.title()).toBe('copywatch');
  });

  it('shows the gated hostile copy as inert text on its page and in a manual check', async () => {
    await open('Findings');
    const hostile = (await allFindings()).find((f) => f.url === HOSTILE_URL);
    if (!hostile) throw new Error(`the hostile copy ${HOSTILE_URL} is not a finding`);
    let titleBefore = await page.title();
    await page
      .locator('main table tbody tr')
      .filter({ hasText: HOSTILE_URL })
      .getByRole('link', { name: `#${hostile.id}` })
      .click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Finding #${hostile.id}`) }).waitFor();
    await page.locator('details summary', { hasText: 'Response headers' }).click();
    await expectInert();
    // The script in the copy's text and in its Server header is these characters on the screen.
    expect(await page.locator('#copy-text').textContent()).toContain(HOSTILE_LINE);
    expect(await page.locator('#copy-text').innerText()).toContain('<script>document.title="pwned"</script>');
    expect(await page.locator('main details').innerText()).toContain('<script>alert("header")</script>');
    expect(await page.title()).toBe(titleBefore);

    await open('Check a URL');
    await page.getByRole('textbox', { name: 'URL to check' }).fill(HOSTILE_URL);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Result' }).waitFor({ timeout: 30_000 });
    const result = page.locator('main section:has(h2:text-is("Result"))');
    expect(await result.textContent()).toContain(HOSTILE_TITLE);
    expect(await result.locator('.rule strong').first().textContent()).toBe('full');
    await expectInert();
    titleBefore = await page.title();
    expect(titleBefore).toBe('copywatch');

    for (const section of ['Overview', 'Findings', 'Scans', 'Corpus']) {
      await open(section);
      await expectInert();
      await expectFitsLaptop();
    }
  });

  it('starts discovery from the scans page, shows how a finding was found, and promotes its site', async () => {
    await open('Scans');
    await page.getByRole('combobox', { name: 'Job' }).selectOption('discover');
    expect(await page.getByRole('combobox', { name: 'Target' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(async () => (await dash.app.store.scans.latest('discover'))?.status, { timeout: 60_000 }).toBe('done');
    const found = (await dash.app.store.findings.list({ site: DISCOVERED_HOST })).items;
    expect(found).toHaveLength(DISCOVERED.length);

    await page.goto(`${dash.server.url}/#/findings?site=${DISCOVERED_HOST}`);
    const promote = page.getByRole('button', { name: `Promote ${DISCOVERED_HOST} to a target` });
    await promote.click();
    await page.locator('.toast', { hasText: 'is now a target' }).waitFor();
    expect((await dash.app.targets()).map((t) => t.name)).toContain(DISCOVERED_HOST);

    await page.goto(`${dash.server.url}/#/finding/${found[0].id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Finding #${found[0].id}`) }).waitFor();
    const summary = page.locator('main section:has(h2:text-is("Summary"))');
    expect(await summary.innerText()).toMatch(/Found by discovery\s+searxng/);
    expect(await summary.innerText()).toContain(found[0].facts.discoveredBy!.query);
    await expectInert();
    await expectFitsLaptop();
  });

  it('the corpus page shows the articles indexed and the last index run', async () => {
    await open('Corpus');
    const articles = await dash.app.store.articles.count();
    const lastIndex = await dash.app.store.scans.latest('index');
    const cards = page.locator('main .card');
    expect(await cards.nth(0).innerText()).toBe(`${articles}\narticles indexed`);
    expect(await cards.nth(1).innerText()).toBe(`#${lastIndex?.id}\nlast index run`);
    expect(await page.locator('main .panel').first().locator('.badge.run-done').count()).toBe(1);
    expect(await page.locator('main section:has(h2:text-is("Articles")) tbody tr').count()).toBe(Math.min(50, articles));
    await expectInert();
  });

  it('signs out: the token is gone and the views ask for it again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.goto(`${dash.server.url}/#/findings`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.locator('main table').count()).toBe(0);
  });
});
