/**
 * The job commands as a person runs them, and what they do with bad input and faults: an invalid
 * config or rule file, two jobs at once on one database, a target that disappears mid-scan, a
 * URL that is not a URL. Each error is one line that names what was wrong and where.
 */
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { BetterSqlite3 as Database } from '../../src/store/sqlite/driver.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { startHeldSite } from '../support/servers.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { ARTICLES, encodePage, renderEpaperArticle, startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';

function runningScan(dbPath: string): boolean {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare<{ n: number }>("SELECT COUNT(*) AS n FROM scans WHERE status = 'running'").get()?.n ?? 0) > 0;
  } finally {
    db.close();
  }
}

let web: FixtureWeb;
let setup: DemoSetup;
const others: DemoSetup[] = [];

beforeAll(async () => {
  web = await startFixtureWeb();
  setup = demoConfig(web);
  const index = await runCli(['--config', setup.configPath, 'index'], { timeoutMs: 60_000 });
  expect(index.code, index.stderr).toBe(0);
}, 90_000);

afterAll(async () => {
  await web?.close();
  setup?.cleanup();
  for (const s of others) s.cleanup();
});

describe('copywatch index / scan / findings / check / report', () => {
  it('index prints what it did and the corpus size', async () => {
    const again = await runCli(['--config', setup.configPath, 'index'], { timeoutMs: 60_000 });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`corpus: ${ARTICLES.length} articles`);
    expect(again.stderr).toMatch(/index #\d+ done, \d+ pages fetched, \d+ unchanged/);
  });

  it('scan records findings; findings lists them, filtered; report writes CSV and an HTML evidence report', async () => {
    const scan = await runCli(['--config', setup.configPath, 'scan', '--target', 'nengyuan-zixun'], { timeoutMs: 60_000 });
    expect(scan.code, scan.stderr).toBe(0);
    expect(scan.stderr).toMatch(/scan #\d+ done, .* 4 new findings/);
    const list = await runCli(['--config', setup.configPath, 'findings', '--severity', 'high']);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n')).toHaveLength(3); // the three full copies; the excerpt is medium
    const json = JSON.parse((await runCli(['--config', setup.configPath, 'findings', '--json', '--status', 'open'])).stdout);
    expect(json).toHaveLength(4);
    const csv = await runCli(['--config', setup.configPath, 'report', '--format', 'csv']);
    expect(csv.stdout.trim().split('\n')).toHaveLength(5);
    const out = join(setup.dir, 'finding.html');
    const html = await runCli(['--config', setup.configPath, 'report', '--format', 'html', '--finding', String(json[0].id), '--out', out]);
    expect(html.code, html.stderr).toBe(0);
    const notice = await runCli(['--config', setup.configPath, 'report', '--finding', String(json[0].id), '--notice', 'zh']);
    expect(notice.code, notice.stderr).toBe(0);
    expect(notice.stdout).toContain(json[0].url);
  }, 180_000);

  it('mark changes a status with a note, and refuses a transition the lifecycle does not allow', async () => {
    const [first] = JSON.parse((await runCli(['--config', setup.configPath, 'findings', '--json'])).stdout);
    const ok = await runCli(['--config', setup.configPath, 'mark', String(first.id), 'confirmed', '--note', '核实无授权', '--by', 'li.wei']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('confirmed');
    const bad = await runCli(['--config', setup.configPath, 'mark', String(first.id), 'open']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/confirmed.*open/);
    const unknown = await runCli(['--config', setup.configPath, 'mark', '999999', 'confirmed']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/999999/);
    const status = await runCli(['--config', setup.configPath, 'mark', String(first.id), 'done']);
    expect(status.stderr.trim()).toBe('copywatch: INPUT_INVALID: status: expected one of open, confirmed, dismissed, notice-sent, resolved, got "done"');
  }, 180_000);

  it('check prints the verdict and the rules broken, or JSON', async () => {
    const url = 'http://www.nengyuan-zixun.test/news/2023/0111/8812.html';
    const text = await runCli(['--config', setup.configPath, 'check', url]);
    expect(text.code, text.stderr).toBe(0);
    // The original is named by its title and URL, not a store id.
    expect(text.stdout).toMatch(/full copy of "[^"]+" \(http:\/\/[^)]+\)/);
    expect(text.stdout).toContain('shihua-chenbao.reproduction');
    const json = JSON.parse((await runCli(['--config', setup.configPath, 'check', url, '--json'])).stdout);
    expect(json.matches[0]).toMatchObject({ verdict: 'full', severity: 'high', articleTitle: expect.any(String), articleUrl: expect.stringMatching(/^http:/) });
    // The same record as POST /api/check answers (one serializer).
    expect(Object.keys(json)).toEqual(['url', 'href', 'scan', 'article', 'reason', 'matches', 'findings']);
  }, 180_000);
});

describe('bad input and faults', () => {
  it('an invalid config: one error per field, each naming it; nothing runs', async () => {
    const path = join(setup.dir, 'bad-config.json');
    writeFileSync(path, JSON.stringify({ ...setup.config, crawler: { ...setup.config.crawler, concurrency: 'eight' }, storage: { sqlite: { path: 7 } } }));
    const r = await runCli(['--config', path, 'scan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('crawler.concurrency: expected');
    expect(r.stderr).toContain('storage.sqlite.path: expected');
    expect(r.stderr.startsWith(`copywatch: CONFIG_INVALID: ${path}:`)).toBe(true);
  });

  it('an invalid rule file: rules check names the file and the field', async () => {
    const path = join(setup.dir, 'bad-rules.json');
    writeFileSync(path, JSON.stringify({ name: 'bad', rules: [{ id: 'x', title: 'X', clause: 'c', severity: 'huge', advice: 'a', when: {} }] }));
    const r = await runCli(['--config', setup.configPath, 'rules', 'check', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: rules\\[0\\]\\.severity: `));
    const good = await runCli(['--config', setup.configPath, 'rules', 'check']);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/shihua-chenbao\.json: ok, \d+ rules/);
  });

  it('two jobs at once on one database: the second is refused, naming the first; the first goes on', async () => {
    // The first scan's target answers slowly until it is released: it is still running when the
    // second starts, however slow the machine (the second CLI takes a second to start).
    const held = await startHeldSite();
    try {
      const slow = demoConfig(web, (c) => {
        c.crawler.resolve = { ...c.crawler.resolve, 'held.example.test': held.address };
        c.targets.push({ name: 'held', startUrls: ['http://held.example.test/n/1'], maxDepth: 50 });
      });
      others.push(slow);
      writeFileSync(slow.configPath, JSON.stringify({ ...slow.config, storage: { sqlite: { path: setup.dbPath } } }));
      const first = runCli(['--config', slow.configPath, 'scan', '--target', 'held'], { timeoutMs: 120_000 });
      const started = Date.now();
      while (!runningScan(setup.dbPath) && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 20));
      expect(runningScan(setup.dbPath)).toBe(true);
      const second = await runCli(['--config', setup.configPath, 'scan']);
      expect(second.code).toBe(1);
      expect(second.stderr.trim().split('\n')).toHaveLength(1);
      expect(second.stderr).toMatch(/JOB_RUNNING: a scan is already running on this database \(run #\d+ by .* scan of held/);
      held.release();
      const done = await first;
      expect(done.code, done.stderr).toBe(0);
      expect(done.stderr).toMatch(/scan #\d+ done/);
    } finally {
      held.release();
      await held.close();
    }
  }, 150_000);

  it('a target that disappears mid-scan: its pages fail with a reason, the scan ends, findings so far are kept', async () => {
    let served = 0;
    const sockets = new Set<Socket>();
    const server: Server = createServer((req, res) => {
      if (req.url === '/robots.txt') return res.writeHead(404).end();
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(`<html><body>${ARTICLES.map((_, i) => `<a href="/a/${i}.html">${i}</a>`).join(' ')}</body></html>`);
      }
      const m = /^\/a\/(\d+)\.html$/.exec(req.url ?? '');
      const a = m ? ARTICLES[Number(m[1])] : undefined;
      if (!a) return res.writeHead(404).end();
      served++;
      res.writeHead(200, { 'content-type': 'text/html; charset=gbk' });
      res.end(encodePage(renderEpaperArticle(a), 'gbk'));
      if (served === 4) {
        // the site goes away: no more connections, the open ones cut
        server.close();
        for (const s of sockets) s.destroy();
      }
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const gone = demoConfig({ resolve: { ...web.resolve, 'www.vanishing.test': `127.0.0.1:${port}` } }, (c) => {
      c.targets = [{ name: 'vanishing', startUrls: ['http://www.vanishing.test/'] }];
    });
    others.push(gone);
    expect((await runCli(['--config', gone.configPath, 'index'], { timeoutMs: 60_000 })).code).toBe(0);
    const r = await runCli(['--config', gone.configPath, 'scan'], { timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/scan #\d+ done, .* 4 new findings/);
    expect(r.stderr).toMatch(/[1-9]\d* failed/);
    expect(r.stderr).toMatch(/reasons: .*(CRAWL_|host abandoned)/);
    // The pages that failed are named, with their reasons, not only counted.
    expect(r.stdout).toMatch(/pages that failed or held no article:\n {2}http:\/\/www\.vanishing\.test\/a\/\d+\.html {2}failed: CRAWL_\w+: /);
    const list = JSON.parse((await runCli(['--config', gone.configPath, 'findings', '--json'])).stdout);
    expect(list).toHaveLength(4);
  }, 150_000);

  it('a URL that is not a URL, or not http(s): one line, exit 1', async () => {
    for (const [url, pattern] of [
      ['not a url', /not a URL|invalid URL|expected an http/i],
      ['ftp://example.test/a', /http/],
      ['file:///etc/passwd', /http/],
    ] as const) {
      const r = await runCli(['--config', setup.configPath, 'check', url]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    }
    const badFilter = await runCli(['--config', setup.configPath, 'findings', '--since', 'yesterday']);
    expect(badFilter.stderr.trim()).toBe('copywatch: INPUT_INVALID: --since: expected a date such as 2024-05-01, got "yesterday"');
  });
});
