/**
 * Teasers through the jobs: a target whose pages show the publisher's headlines and opening
 * sentences in lists of other stories is matched but not reported (allowed matches, no finding,
 * under the bundled rules), while the same sentences pasted into its own article are a finding.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/scan/app.ts';
import { runCheck, runIndex, runScan } from '../../src/scan/jobs.ts';
import { checkRecord } from '../../src/scan/check-record.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';

const SYLLABLES = ['ka', 'lo', 'mi', 'ten', 'ru', 'sa', 'vo', 'ne', 'di', 'por', 'ash', 'bel', 'cu', 'fen', 'gri', 'hol'];
/** Words of their own for each (story, paragraph, sentence): no two stories share a phrase. */
function sentence(story: number, para: number, s: number): string {
  const words: string[] = [];
  for (let w = 0; w < 12; w++) {
    let n = Math.imul(story * 7919 + para * 613 + s * 97 + w * 31 + 1, 0x9e3779b1);
    n = Math.imul(n ^ (n >>> 15), 0x85ebca6b) >>> 0;
    words.push(SYLLABLES[n % 16] + SYLLABLES[(n >>> 4) % 16] + SYLLABLES[(n >>> 8) % 16]);
  }
  return `${words.join(' ')}.`;
}
const paragraph = (story: number, para: number) => [0, 1, 2].map((s) => sentence(story, para, s)).join(' ');
const STORIES = 8;
const paragraphs = (story: number) => [0, 1, 2, 3, 4].map((p) => paragraph(story, p));
const headline = (story: number) => `The courier's story number ${story} of the week`;

const shell = (title: string, body: string, site: string) =>
  `<html><head><title>${title}</title></head><body><ul class="nav">${['Home', 'World', 'Business', 'Sport', 'Culture', 'Opinion']
    .map((s) => `<li><a href="/${s.toLowerCase()}">${site} ${s}</a></li>`)
    .join(
      '',
    )}</ul>${body}<div class="foot"><p>Write to the ${site} desk.</p><p>About ${site} and its people.</p><p>Terms of use of ${site}.</p><p>Privacy at ${site}.</p></div></body></html>`;
const courierArticle = (n: number) =>
  shell(
    `Story ${n} - Courier`,
    `<h1>${headline(n)}</h1><div class="story">${paragraphs(n)
      .map((p) => `<p>${p}</p>`)
      .join('')}</div>`,
    'Courier',
  );
/** An aggregator's page: its own story (numbered from 100), then a list of four of the courier's stories, headline and first paragraph. */
function aggregatorPage(n: number, paste: boolean): string {
  const own = paragraphs(100 + n);
  if (paste) own.splice(2, 0, paragraph(n, 0));
  const cards = [n, n + 1, n + 2, n + 3]
    .map((k) => k % STORIES)
    .map((k) => `<div class="card"><h3><a href="http://www.courier.test/a/${k}.html">${headline(k)}</a></h3><p>${paragraph(k, 0)}</p></div>`)
    .join('');
  return shell(
    `Aggregated ${n}`,
    `<main><article><h1>Our story ${n}</h1>${own.map((p) => `<p>${p}</p>`).join('')}</article><section class="more"><h2>From around the web</h2>${cards}</section></main>`,
    'Aggregator',
  );
}
const listing = (links: string[]) => `<html><body>${links.map((l) => `<a href="${l}">${l}</a>`).join(' ')}</body></html>`;

let server: Server;
let setup: DemoSetup;
let app: App;

beforeAll(async () => {
  server = createServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    const url = req.url ?? '';
    const html = (body: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    if (host === 'www.courier.test') {
      if (url === '/') return html(listing(Array.from({ length: STORIES }, (_, n) => `/a/${n}.html`)));
      const m = /^\/a\/(\d+)\.html$/.exec(url);
      if (m && Number(m[1]) < STORIES) return html(courierArticle(Number(m[1])));
    } else {
      if (url === '/') return html(listing(['/a/0.html', '/a/1.html', '/a/2.html', '/paste/5.html']));
      const m = /^\/(a|paste)\/(\d+)\.html$/.exec(url);
      if (m) return html(aggregatorPage(Number(m[2]), m[1] === 'paste'));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const at = `127.0.0.1:${(server.address() as { port: number }).port}`;
  setup = demoConfig({ resolve: { 'www.courier.test': at, 'www.aggregator.test': at } }, (c) => {
    c.publisher.sources = [{ name: 'courier', startUrls: ['http://www.courier.test/'], maxDepth: 1 }];
    c.publisher.ownedDomains = ['courier.test'];
    c.targets = [{ name: 'aggregator', startUrls: ['http://www.aggregator.test/'], maxDepth: 1 }];
    c.licensees = [];
  });
  app = await openApp(setup.configPath);
  expect((await runIndex(app)).status).toBe('done');
}, 60_000);

afterAll(async () => {
  await app?.close();
  await new Promise((r) => server?.close(r));
  setup?.cleanup();
});

describe('teasers in the jobs', () => {
  it('a manual check: every story in the list is matched as a teaser and allowed, none a finding', async () => {
    const result = await runCheck(app, 'http://www.aggregator.test/a/1.html');
    const { judgement } = result;
    console.log(
      'ARTS',
      (await app.store.articles.list({ limit: 50 })).items.map((a) => a.url),
      JSON.stringify(judgement.extraction).slice(0, 600),
    );
    expect(judgement.findings).toEqual([]);
    expect(judgement.allowed.length).toBe(4);
    for (const j of judgement.allowed) {
      expect(j.match.comparison).toMatchObject({ verdict: 'partial', scope: 'page', teaser: true });
      expect(j.facts.teaser).toBe(true);
      expect(j.violations).toEqual([]);
    }
    // What `copywatch check --json` prints and POST /api/check answers.
    const record = await checkRecord(app, result);
    expect(record.matches.map((m) => [m.teaser, m.allowed])).toEqual(Array(4).fill([true, true]));
  });

  it("a scan reports the first paragraph pasted into the page's own story, and not the teasers beside it", async () => {
    const scan = await runScan(app);
    expect(scan.status).toBe('done');
    const findings = (await app.store.findings.list({ limit: 100 })).items;
    expect(findings.map((f) => f.url)).toEqual(['http://www.aggregator.test/paste/5.html']);
    expect(findings[0]).toMatchObject({ verdict: 'partial', scope: 'article' });
    expect(findings[0].facts.teaser).toBe(false);
    expect(findings[0].violations.map((v) => v.ruleId)).toContain('generic.uncredited-excerpt');
    // The teasers were matched all the same: the run counts them.
    expect(scan.counts.matches).toBeGreaterThan(findings.length);
  });
});
