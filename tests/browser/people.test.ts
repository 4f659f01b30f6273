/**
 * The dashboard as a team uses it, in Chromium: three people signed in at once in their own
 * browsers (contexts). The viewer reads but sees no control that changes anything (and the server
 * refuses her anyway); the analyst confirms a finding; the admin opens People, adds an account,
 * disables the viewer (whose next request signs her out) and reads in the audit trail who did what.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/server/auth/people.ts';
import { launchChromium, newDashboardPage, startDashboard, type Dashboard, type PageProblems } from './harness.ts';

let dash: Dashboard;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
const people: Record<string, { page: Page; context: BrowserContext; problems: PageProblems }> = {};
const PASSWORDS = { vera: 'vera-reads-only-1', anna: 'anna-reviews-2024', adam: 'adam-runs-the-office' };
let findingId: number;

beforeAll(async () => {
  chromium = await launchChromium();
  dash = await startDashboard();
  const by = { actor: 'setup', userId: null, at: new Date().toISOString() };
  await addUser(dash.app.store, { username: 'vera', role: 'viewer', password: PASSWORDS.vera }, by);
  await addUser(dash.app.store, { username: 'anna', role: 'analyst', password: PASSWORDS.anna }, by);
  await addUser(dash.app.store, { username: 'adam', role: 'admin', password: PASSWORDS.adam }, by);
  for (const name of Object.keys(PASSWORDS)) {
    const p = await newDashboardPage(chromium.browser);
    p.page.setDefaultTimeout(15_000);
    people[name] = p;
  }
  findingId = (await dash.app.store.findings.list({ status: 'open', limit: 1 })).items[0].id;
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await dash?.close();
});

afterEach(() => {
  for (const [name, p] of Object.entries(people)) {
    const seen = [...p.problems.list];
    p.problems.list.length = 0;
    // The one expected: the disabled viewer's refused request.
    expect(
      seen.filter((line) => !(name === 'vera' && /status of 401/.test(line))),
      name,
    ).toEqual([]);
  }
});

async function signIn(name: keyof typeof PASSWORDS): Promise<Page> {
  const { page } = people[name];
  await page.goto(`${dash.server.url}/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(PASSWORDS[name]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  return page;
}

async function openFinding(page: Page): Promise<void> {
  const url = `${dash.server.url}/#/finding/${findingId}`;
  if (page.url() === url) await page.reload();
  else await page.goto(url);
  await page.locator('section:has(h2:text-is("Audit trail"))').waitFor();
}

describe('a team in the dashboard', { timeout: 90_000 }, () => {
  it("signs three people in at once, each named in the header, the cookie out of the script's reach", async () => {
    for (const name of ['vera', 'anna', 'adam'] as const) {
      const page = await signIn(name);
      const role = { vera: 'viewer', anna: 'analyst', adam: 'admin' }[name];
      expect(await page.locator('#whoami').textContent()).toBe(`${name} (${role})`);
      // The session cookie is HttpOnly: the page sees only the hint that one exists.
      expect(await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)).toBe('cw_signed_in=1');
    }
  });

  it('shows the viewer no control that changes anything, and the server refuses her change anyway', async () => {
    const page = people.vera.page;
    expect(await page.getByRole('link', { name: 'Check a URL' }).isHidden()).toBe(true);
    expect(await page.getByRole('link', { name: 'People' }).isHidden()).toBe(true);
    await openFinding(page);
    expect(await page.getByRole('button', { name: 'Change status' }).isHidden()).toBe(true);
    const status = await page.evaluate(async (id) => {
      const me = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const r = await fetch(`/api/findings/${id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
        body: JSON.stringify({ status: 'dismissed' }),
      });
      return [r.status, ((await r.json()) as { error: { code: string } }).error.code];
    }, findingId);
    expect(status).toEqual([403, 'FORBIDDEN']);
    people.vera.problems.list.length = 0; // the refused request's console line
  });

  it('lets the analyst confirm the finding; the viewer, reading at the same time, sees who did it', async () => {
    const page = people.anna.page;
    expect(await page.getByRole('link', { name: 'Check a URL' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'People' }).isHidden()).toBe(true);
    await openFinding(page);
    await page.getByRole('combobox', { name: 'New status' }).selectOption('confirmed');
    await page.getByRole('textbox', { name: 'Note' }).fill('Reviewed by Anna');
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.locator('main h1 + .row .badge.st-confirmed').waitFor();

    await openFinding(people.vera.page);
    const last = await people.vera.page.locator('section:has(h2:text-is("Audit trail")) tbody tr').last().locator('td').allInnerTexts();
    expect(last.slice(1)).toEqual(['anna', 'open → confirmed', 'Reviewed by Anna']);
  });

  it('lets the analyst make an API token for a script (its secret shown once, acting as her), then revoke it', async () => {
    const page = people.anna.page;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'API tokens', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    await page.getByLabel('Token name').fill('nightly export');
    await page.getByRole('button', { name: 'Make a token' }).click();
    const secret = (await page.locator('.secret').textContent())!;
    expect(secret).toMatch(/^cwt_/);
    const who = await page.evaluate(
      async (token) => (await fetch('/api/session', { headers: { Authorization: `Bearer ${token}` }, credentials: 'omit' })).json(),
      secret,
    );
    expect(who).toMatchObject({ actor: 'anna', role: 'analyst', via: 'token' });
    await page.getByRole('button', { name: 'Revoke nightly export' }).click();
    await page.getByRole('cell', { name: /^revoked/ }).waitFor();
    expect((await dash.app.store.accounts.listTokens()).find((t) => t.name === 'nightly export')?.revokedAt).not.toBeNull();
  });

  it('lets the admin add an account, disable the viewer (signed out at her next request), and read who did what', async () => {
    const page = people.adam.page;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'People', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await page.getByLabel('New user name').fill('li');
    await page.getByLabel('Role', { exact: true }).selectOption('analyst');
    await page.getByLabel('Their password').fill('li-is-new-here-1');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('cell', { name: 'li', exact: true }).waitFor();
    await page.getByLabel('Role of li').selectOption('viewer');
    await expect.poll(async () => (await dash.app.store.accounts.findUser('li'))!.user.role).toBe('viewer');

    // A reset shows a one-time password, once, that signs in.
    await page.getByRole('button', { name: 'Reset password of li' }).click();
    const oneTime = (await page.locator('.secret').textContent())!;
    expect(oneTime).toMatch(/^[a-z2-9]{20}$/);
    const signedIn = await page.evaluate(
      async (password) =>
        (
          await fetch('/api/session', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            credentials: 'omit',
            body: JSON.stringify({ username: 'li', password }),
          })
        ).status,
      oneTime,
    );
    expect(signedIn).toBe(201);

    await page.getByRole('button', { name: 'Disable vera' }).click();
    await page.getByRole('button', { name: 'Enable vera' }).waitFor();
    expect((await dash.app.store.accounts.findUser('vera'))!.user.disabledAt).not.toBeNull();

    const trail = page.locator('table[aria-label="Audit trail"] tbody tr');
    const rows = await Promise.all((await trail.all()).map((r) => r.locator('td').allInnerTexts()));
    const lines = rows.map((cells) => cells.slice(1).join(' '));
    expect(lines).toContain('adam user.disable user vera');
    expect(lines).toContain('adam user.add user li');
    expect(lines).toContain('adam user.role user li');
    expect(lines).toContain('adam user.reset user li');
    expect(lines).toContain(`anna finding.status finding ${findingId}`);

    // The viewer's next request finds her session ended.
    await people.vera.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Findings', exact: true }).click();
    await people.vera.page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  it('signs out with the button: the session ends on the server too', async () => {
    const page = people.anna.page;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)).toBe('');
    expect((await dash.app.store.accounts.auditTrail()).some((e) => e.actor === 'anna' && e.action === 'session.start')).toBe(true);
  });
});
