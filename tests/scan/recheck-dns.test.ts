/**
 * A copy whose host name stops resolving: recheck resolves its finding only when the name still
 * does not resolve on a recheck some hours after the first that found it so. One failed lookup
 * (a DNS hiccup) resolves nothing, and a host that answers in between starts the count again.
 * DNS is the crawler's lookup, given by the test: the site's name resolves to loopback while it
 * "exists", and answers ENOTFOUND (NXDOMAIN) once it is "gone".
 */
import { describe, expect, it } from 'vitest';
import { runRecheck, runScan } from '../../src/scan/jobs.ts';
import { UNRESOLVED_GONE_AFTER_MS } from '../../src/scan/jobs-recheck.ts';
import { ARTICLES, encodePage, renderEpaperArticle } from '../support/web/index.ts';
import { useCopySite } from './copy-site.ts';

const HOST = 'www.vanishing.test';
let exists = true;
let now = Date.parse('2024-04-01T09:00:00Z');
const clock = () => new Date(now);
const hours = (h: number) => {
  now += h * 3600_000;
};

const lookup = async (host: string) => {
  if (host !== HOST) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  if (!exists) throw Object.assign(new Error(`queryA ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return [{ address: '127.0.0.1', family: 4 }];
};

const site = useCopySite(
  (req, res) => {
    if (req.url !== '/copy.html') return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=gbk' }).end(encodePage(renderEpaperArticle(ARTICLES[4]), 'gbk'));
  },
  (c, port) => {
    // Looked up like any site on the web (not in crawler.resolve); loopback allowed for this name only.
    c.crawler.allowHosts = [HOST];
    c.targets = [{ name: 'vanishing', startUrls: [`http://${HOST}:${port}/copy.html`] }];
  },
  { clock, dnsLookup: lookup },
);
const theFinding = () => site.theFinding();

describe('recheck of a host that stops resolving', () => {
  it('resolves the finding only when the name still does not resolve hours after it first failed', async () => {
    const app = site.app();
    expect((await runScan(app)).counts.findingsNew).toBe(1);
    expect((await theFinding()).status).toBe('open');

    exists = false;
    const firstFailure = clock().toISOString();
    let run = await runRecheck(app);
    expect((await theFinding()).status).toBe('open');
    expect(Object.keys(run.reasons).some((r) => r.startsWith('failed: CRAWL_DNS'))).toBe(true);

    // A host that answers in between ends the run of failures: the count starts again.
    hours(2);
    exists = true;
    run = await runRecheck(app);
    expect((await theFinding()).status).toBe('open');
    exists = false;
    hours(1);
    const secondRun = clock().toISOString();
    await runRecheck(app);
    hours(UNRESOLVED_GONE_AFTER_MS / 3600_000 - 1);
    await runRecheck(app);
    // Past the bar since the first failure, but not since the failures started again.
    expect(Date.parse(clock().toISOString()) - Date.parse(firstFailure)).toBeGreaterThanOrEqual(UNRESOLVED_GONE_AFTER_MS);
    expect((await theFinding()).status).toBe('open');

    hours(1);
    run = await runRecheck(app);
    const f = await theFinding();
    expect(f.status).toBe('resolved');
    expect(run.counts.findingsResolved).toBe(1);
    const last = (await app.store.findings.events(f.id)).at(-1)!;
    expect(last).toMatchObject({ actor: 'recheck', to: 'resolved' });
    expect(last.note).toContain(`gone: the host name has not resolved since ${secondRun}`);
    expect(last.note).toContain('ENOTFOUND');
  });
});
