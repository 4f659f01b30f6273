/**
 * copywatch scan-warc <url>: a WARC file named by its http(s) URL is read as it downloads, from a
 * local server, through the crawler's guard: findings and evidence name the URL and the record's
 * offset; a download cut short ends the file there with its reason, keeping what came before; an
 * unreachable URL, a page that is not a WARC, a file over warc.maxDownloadBytes, an HTTP error and
 * a private address are refused before the run, in one line.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/scan/app.ts';
import { runIndex, runScanWarc } from '../../src/scan/jobs.ts';
import { runCli } from '../support/cli.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { buildWarc, htmlResponse, type RecordSpec } from '../support/warc.ts';

const TOPICS = ['bridge', 'school', 'harvest'];
const SYLLABLES = ['ka', 'lo', 'mir', 'ten', 'su', 'vo', 'ral', 'pe', 'dun', 'ix', 'bo', 'shen', 'tra', 'qui', 'mel', 'ost'];
/** A paragraph of 60 made-up words of its own (no two articles share a phrase). */
function paragraph(n: number, i: number): string {
  let seed = 7 + n * 1000 + i * 37;
  const words: string[] = [];
  for (let j = 0; j < 60; j++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    words.push(SYLLABLES[seed % 16] + SYLLABLES[(seed >> 8) % 16] + SYLLABLES[(seed >> 16) % 16]);
  }
  return `${TOPICS[n]}: ${words.join(' ')}.`;
}
const article = (n: number, site: string) =>
  `<html><head><title>${TOPICS[n]} - ${site}</title></head><body><div class="nav"><a href="/">${site}</a></div><h1>The ${TOPICS[n]} story</h1>` +
  `<div class="story">${[0, 1, 2, 3].map((i) => `<p>${paragraph(n, i)}</p>`).join('')}</div><div class="foot">All rights reserved.</div></body></html>`;

/** Files the server serves under /files/, and how. */
const files = new Map<string, { bytes: Buffer; type?: string; cutAt?: number; chunked?: boolean }>();

let server: Server;
let setup: DemoSetup;
let app: App;
let base: string;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '';
    if (url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(TOPICS.map((_, n) => `<a href="/a/${n}.html">story ${n}</a>`).join(' '));
    const m = /^\/a\/(\d+)\.html$/.exec(url);
    if (m && Number(m[1]) < TOPICS.length) return res.writeHead(200, { 'content-type': 'text/html' }).end(article(Number(m[1]), 'Courier'));
    const file = files.get(url.replace(/^\/files\//, ''));
    if (!url.startsWith('/files/') || !file) return res.writeHead(404).end('not found');
    const headers: Record<string, string | number> = { 'content-type': file.type ?? 'application/warc' };
    if (!file.chunked) headers['content-length'] = file.bytes.length;
    res.writeHead(200, headers);
    if (file.cutAt === undefined) return res.end(file.bytes);
    // The connection breaks off partway, the declared length not reached.
    res.write(file.bytes.subarray(0, file.cutAt), () => res.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
  const at = `127.0.0.1:${port}`;
  base = 'http://warc.archive.test/files';
  setup = demoConfig({ resolve: { 'www.courier.test': at, 'warc.archive.test': at, 'down.archive.test': '127.0.0.1:1' } }, (c) => {
    c.publisher.ownedDomains = ['courier.test', '*.courier.test'];
    c.publisher.sources = [{ name: 'courier', startUrls: ['http://www.courier.test/'], maxDepth: 1 }];
    c.targets = [];
    c.licensees = [];
    c.warc = { maxDownloadBytes: 200_000 };
  });
  app = await openApp(setup.configPath);
  expect((await runIndex(app)).status).toBe('done');
  expect((await app.corpus()).size).toBe(TOPICS.length);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await new Promise((r) => server?.close(r));
  setup?.cleanup();
});

const copies = (site: string): RecordSpec[] => [
  { type: 'warcinfo', url: '', body: 'software: test\r\n' },
  { type: 'request', url: `http://www.${site}.test/a/0.html`, httpHeaders: { Host: `www.${site}.test` } },
  htmlResponse(`http://www.${site}.test/a/0.html`, article(0, site), 'text/html; charset=utf-8', '2021-03-04T05:06:07Z'),
  htmlResponse(`http://www.${site}.test/weather.html`, '<html><body><p>Sunny all week, with a light breeze.</p></body></html>'),
  htmlResponse(`http://www.${site}.test/a/2.html`, article(2, site), 'text/html; charset=utf-8', '2021-03-05T05:06:07Z'),
];

describe('scan-warc <url>', () => {
  it('judges a .warc.gz as it downloads; the evidence names the URL and the record offset', async () => {
    const built = await buildWarc(copies('urlcopy'), true);
    files.set('seg-1.warc.gz', { bytes: built.bytes, type: 'application/gzip' });
    const url = `${base}/seg-1.warc.gz`;
    const scan = await runScanWarc(app, [url]);
    expect(scan.status).toBe('done');
    expect(scan.target).toBe('seg-1.warc.gz');
    expect(scan.counts).toMatchObject({ pagesFetched: 3, skipped: 2, failed: 0, findingsNew: 2 });
    const findings = (await app.store.findings.list({ limit: 50 })).items.filter((f) => f.url.startsWith('http://www.urlcopy.test/'));
    expect(findings.map((f) => f.url).sort()).toEqual(['http://www.urlcopy.test/a/0.html', 'http://www.urlcopy.test/a/2.html']);
    const first = findings.find((f) => f.url.endsWith('/0.html'))!;
    expect(first.firstSeen).toBe('2021-03-04T05:06:07.000Z');
    expect((await app.store.evidence.get(first.evidenceId!))!.warc).toMatchObject({ file: url, offset: built.offsets[2] });
  });

  it('ends a download cut short with its reason, keeping the findings before the cut', async () => {
    const built = await buildWarc(copies('cutcopy'), true);
    // Cut inside the last response record.
    files.set('cut.warc.gz', { bytes: built.bytes, cutAt: built.offsets[4] + Math.floor((built.bytes.length - built.offsets[4]) / 2) });
    const url = `${base}/cut.warc.gz`;
    const scan = await runScanWarc(app, [url]);
    expect(scan.status).toBe('done');
    expect(scan.counts).toMatchObject({ pagesFetched: 2, failed: 1, findingsNew: 1 });
    expect(scan.reasons['failed: warc truncated']).toBe(1);
    const [failure] = await app.store.scans.failures(scan.id);
    expect(failure.url).toBe(`${url}@${built.offsets[4]}`);
    expect(failure.reason).toMatch(/^failed: warc truncated: the download ended after \d+ bytes of the file: .*connection closed/);
    const urls = (await app.store.findings.list({ limit: 50 })).items.map((f) => f.url);
    expect(urls).toContain('http://www.cutcopy.test/a/0.html');
    expect(urls).not.toContain('http://www.cutcopy.test/a/2.html');
  });

  it('ends a file that grows past warc.maxDownloadBytes (no length declared) at the cap, with its reason', async () => {
    const specs = copies('bigcopy');
    specs.push(htmlResponse('http://www.bigcopy.test/big.html', `<html><body><p>${'filler words here '.repeat(20_000)}</p></body></html>`));
    const built = await buildWarc(specs, false);
    expect(built.bytes.length).toBeGreaterThan(200_000);
    files.set('big.warc', { bytes: built.bytes, chunked: true });
    const scan = await runScanWarc(app, [`${base}/big.warc`]);
    expect(scan.counts).toMatchObject({ pagesFetched: 3, failed: 1, findingsNew: 2 });
    const [failure] = await app.store.scans.failures(scan.id);
    expect(failure.reason).toMatch(/^failed: warc truncated: the download ended after \d+ bytes of the file: .*larger than the 200000-byte limit/);
  });
});

describe('copywatch scan-warc <url> (the command)', () => {
  it('runs a URL and prints the run', async () => {
    files.set('cli.warc.gz', { bytes: (await buildWarc(copies('cliurl'), true)).bytes });
    const r = await runCli(['--config', setup.configPath, 'scan-warc', `${base}/cli.warc.gz`], { timeoutMs: 60_000 });
    expect(r.stderr).not.toContain('copywatch:');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/scan-warc #\d+ done, 3 HTML responses judged, 2 matches, 2 new findings, 0 seen again, 0 failed, 2 skipped\n/);
  }, 60_000);

  it('refuses, before the run and in one line, an unreachable URL, a page, a file too large, an HTTP error, a private address and another scheme', async () => {
    files.set('page.html', { bytes: Buffer.from('<html><body>not an archive</body></html>'), type: 'text/html' });
    files.set('huge.warc.gz', { bytes: Buffer.alloc(300_000, 1) });
    const cases: [string, RegExp][] = [
      ['http://down.archive.test/x.warc.gz', /^copywatch: CRAWL_NETWORK: http:\/\/down\.archive\.test\/x\.warc\.gz: .*\n$/],
      [
        `${base}/page.html`,
        /^copywatch: WARC_INVALID: http:\/\/warc\.archive\.test\/files\/page\.html: not a WARC file \(it starts with "<html><body>not ", not "WARC\/"\)\n$/,
      ],
      [
        `${base}/huge.warc.gz`,
        /^copywatch: CRAWL_TOO_LARGE: http:\/\/warc\.archive\.test\/files\/huge\.warc\.gz is 300000 bytes, above the 200000-byte limit\n$/,
      ],
      [`${base}/missing.warc.gz`, /^copywatch: CRAWL_HTTP_STATUS: http:\/\/warc\.archive\.test\/files\/missing\.warc\.gz answered HTTP 404\n$/],
      [`http://127.0.0.1:${port}/files/cli.warc.gz`, /^copywatch: CRAWL_PRIVATE_ADDRESS: .*\n$/],
      [
        'ftp://data.example.org/x.warc.gz',
        /^copywatch: INPUT_INVALID: ftp:\/\/data\.example\.org\/x\.warc\.gz: scan-warc reads local WARC files and http\(s\) URLs only\n$/,
      ],
    ];
    for (const [arg, message] of cases) {
      const r = await runCli(['--config', setup.configPath, 'scan-warc', arg], { timeoutMs: 60_000 });
      expect(r.code, arg).toBe(1);
      expect(r.stderr, arg).toMatch(message);
    }
  }, 120_000);
});
