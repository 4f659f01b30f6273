/**
 * copywatch scan-warc: WARC files written with warcio's own writer (plain and gzip), holding
 * copies of indexed articles among the records a real archive has (warcinfo, requests, metadata,
 * revisits, images, 404s), judged as a scan judges pages: findings with the record's URL and
 * date, evidence naming the file, offset and WARC-Record-ID; every other record skipped with its
 * reason; a file cut short ends with its reason and keeps what came before.
 */
import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/scan/app.ts';
import { runIndex, runScanWarc } from '../../src/scan/jobs.ts';
import { runCli } from '../support/cli.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { buildWarc, htmlResponse, type RecordSpec } from '../support/warc.ts';
import { encodePage } from '../support/web/index.ts';

const TOPICS = ['bridge', 'school', 'harvest', 'library', 'ferry'];
const WORDS = (
  'river council harbour engineers budget winter farmers library readers teachers ferry captain schedule ' +
  'bridge concrete repairs tenders mayor residents petition orchard apples rainfall drought market prices ' +
  'students exams lanterns festival museum archive letters printing press editors volunteers storm cables ' +
  'railway station timetable pilots airport runway clinic nurses vaccines garden compost beehives honey ' +
  'quarry gravel trucks detour bakery flour ovens tenants landlord lease football stadium lights choir ' +
  'organ concert violin tunnel drilling granite ferrymen tides lighthouse keeper fishermen nets auction'
).split(' ');
/** A sentence of 30 words of its own for each article and paragraph (articles share no run of words). */
const paragraph = (n: number, i: number) => {
  let x = (n * 131 + i * 17 + 7) >>> 0;
  const words: string[] = [];
  for (let k = 0; k < 30; k++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    words.push(WORDS[(x >>> 8) % WORDS.length]);
  }
  return `The ${TOPICS[n]} story, part ${i + 1}: ${words.join(' ')}.`;
};
const ZH = [
  '清晨七点，炼化装置的控制室里已经坐满了人。班长周航把当天的能耗报表摊在桌上，一项一项地对着数据，看哪一台机泵的电耗又高了，哪一段管线的保温又出了问题。',
  '过去说节能，大家想到的是关灯关水；现在说节能，讲的是每一度电、每一吨蒸汽都要算出效益。车间把全年的能耗指标分解到班组，再分解到每一台设备，谁的设备超了标，当天就要查明原因。',
  '三个月下来，装置的综合能耗下降了百分之四点六，创下投产以来的最好水平。厂里把这套做法总结成十条经验，准备在全公司推广，让更多的装置向每一度电要效益。',
];

function englishArticle(n: number, site: string): string {
  const body = [0, 1, 2, 3].map((i) => `<p>${paragraph(n, i)}</p>`).join('');
  return `<html><head><title>${TOPICS[n]} - ${site}</title></head><body><div class="nav"><a href="/">${site}</a></div>
    <h1>The ${TOPICS[n]} story</h1><div class="story">${body}</div><div class="foot">All rights reserved.</div></body></html>`;
}

/** The Chinese article reposted on a forum: its text in another page's chrome. */
function chineseRepost(): string {
  return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>转帖：节能新闻 - 某论坛</title></head><body>
    <table><tr><td><a href="/">论坛首页</a> &gt; <a href="/f/2">新闻转载</a></td></tr></table>
    <div id="post"><div class="author">楼主：老王</div><div class="content">${ZH.join('<br><br>')}</div></div>
    <div id="reply"><a href="/post">回复本帖</a></div></body></html>`;
}

function chineseArticle(site: string): string {
  return `<html><head><meta charset="gbk"><title>向每一度电要效益 - ${site}</title></head><body><div class="nav"><a href="/">${site}</a></div>
    <h1>向每一度电要效益</h1><div class="story">${ZH.map((p) => `<p>${p}</p>`).join('')}</div><div class="foot">版权所有</div></body></html>`;
}

const listing = () => `<html><body>${TOPICS.map((_, n) => `<a href="/a/${n}.html">story ${n}</a>`).join(' ')} <a href="/zh.html">中文</a></body></html>`;

let server: Server;
let setup: DemoSetup;
let app: App;

beforeAll(async () => {
  server = createServer((req, res) => {
    const m = /^\/a\/(\d+)\.html$/.exec(req.url ?? '');
    if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(listing());
    if (req.url === '/zh.html') return res.writeHead(200, { 'content-type': 'text/html; charset=gbk' }).end(encodePage(chineseArticle('信使报'), 'gbk'));
    if (m && Number(m[1]) < TOPICS.length) return res.writeHead(200, { 'content-type': 'text/html' }).end(englishArticle(Number(m[1]), 'Courier'));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const at = `127.0.0.1:${(server.address() as { port: number }).port}`;
  setup = demoConfig({ resolve: { 'www.courier.test': at } }, (c) => {
    c.publisher.ownedDomains = ['courier.test', '*.courier.test'];
    c.publisher.sources = [{ name: 'courier', startUrls: ['http://www.courier.test/'], maxDepth: 1 }];
    c.targets = [];
    c.licensees = [{ name: 'Partner', domains: ['partner.test'], scope: 'full', requireCredit: false, requireLink: false }];
  });
  app = await openApp(setup.configPath);
  const index = await runIndex(app);
  expect(index.status).toBe('done');
  expect((await app.corpus()).size).toBe(TOPICS.length + 1);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await new Promise((r) => server?.close(r));
  setup?.cleanup();
});

/** The records of an archive segment: copies among everything else an archive holds. */
function segment(): RecordSpec[] {
  return [
    { type: 'warcinfo', url: '', body: 'software: test\r\nformat: WARC File Format 1.0\r\n' },
    { type: 'request', url: 'http://www.copycat.test/a/1.html', httpHeaders: { Host: 'www.copycat.test' } },
    htmlResponse('http://www.copycat.test/a/1.html', englishArticle(1, 'Copycat'), 'text/html; charset=utf-8', '2021-03-04T05:06:07Z'),
    { type: 'metadata', url: 'http://www.copycat.test/a/1.html', body: 'fetchTimeMs: 120\r\n' },
    {
      type: 'response',
      url: 'http://www.copycat.test/logo.jpg',
      httpHeaders: { 'Content-Type': 'image/jpeg' },
      body: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
    },
    {
      type: 'response',
      url: 'http://www.copycat.test/gone.html',
      statusline: 'HTTP/1.1 404 Not Found',
      httpHeaders: { 'Content-Type': 'text/html' },
      body: '<html>gone</html>',
    },
    {
      type: 'revisit',
      url: 'http://www.copycat.test/a/1.html',
      refersToUrl: 'http://www.copycat.test/a/1.html',
      refersToDate: '2021-03-04T05:06:07Z',
      warcHeaders: { 'WARC-Profile': 'http://netpreserve.org/warc/1.0/revisit/identical-payload-digest' },
      httpHeaders: { 'Content-Type': 'text/html' },
    },
    // A GBK page that declares its charset only in its <meta>.
    htmlResponse('http://bbs.gbk-copy.test/thread/9.html', encodePage(chineseRepost(), 'gbk'), 'text/html', '2022-07-08T09:10:11Z'),
    // The licensee's copy and the publisher's own page: matches, no finding.
    htmlResponse('http://www.partner.test/news/2.html', englishArticle(2, 'Partner')),
    htmlResponse('http://www.courier.test/a/3.html', englishArticle(3, 'Courier')),
    htmlResponse(
      'http://www.unrelated.test/',
      '<html><body><h1>Weather</h1><p>Sunny all week, with a light breeze in the afternoons and cool nights.</p></body></html>',
    ),
  ];
}

async function writeWarc(name: string, specs: RecordSpec[], gzip: boolean): Promise<{ path: string; bytes: Buffer; offsets: number[] }> {
  const built = await buildWarc(specs, gzip);
  const path = join(setup.dir, name);
  writeFileSync(path, built.bytes);
  return { path, ...built };
}

describe('scan-warc', () => {
  for (const gzip of [true, false]) {
    const name = gzip ? 'segment.warc.gz' : 'segment.warc';
    it(`judges the HTML responses of a ${gzip ? 'gzipped' : 'plain'} WARC and skips every other record with its reason`, async () => {
      const warc = await writeWarc(name, segment(), gzip);
      const scan = await runScanWarc(app, [warc.path]);
      expect(scan).toMatchObject({ job: 'scan-warc', target: name, status: 'done' });
      expect(scan.counts.pagesFetched).toBe(5); // the copy, the GBK copy, the licensee's, the publisher's own, the unrelated page
      expect(scan.counts.skipped).toBe(6);
      expect(scan.counts.failed).toBe(0);
      expect(scan.reasons).toEqual({
        'skipped: not a response: warcinfo': 1,
        'skipped: not a response: request': 1,
        'skipped: not a response: metadata': 1,
        'skipped: revisit: no payload digest': 1,
        'skipped: not html': 1,
        'skipped: HTTP 404': 1,
        'passed over: no passage of the corpus': 1, // the unrelated page, judged without its extraction
      });
      expect(scan.counts.matches).toBe(4);
      if (gzip) expect(scan.counts.findingsNew).toBe(2);
      else expect(scan.counts.findingsUpdated).toBe(2); // the same copies, seen again in the plain file

      const findings = (await app.store.findings.list({ limit: 50 })).items;
      expect(findings.map((f) => f.url).sort()).toEqual(['http://bbs.gbk-copy.test/thread/9.html', 'http://www.copycat.test/a/1.html']);
      const copy = findings.find((f) => f.host === 'www.copycat.test')!;
      expect(copy.firstSeen).toBe('2021-03-04T05:06:07.000Z');
      const evidence = (await app.store.evidence.get(copy.evidenceId!))!;
      expect(evidence).toMatchObject({ requestedUrl: copy.url, finalUrl: copy.url, status: 200, capturedAt: '2021-03-04T05:06:07.000Z', remoteAddress: null });
      expect(evidence.warc).toMatchObject({ file: name, offset: warc.offsets[2] });
      expect(evidence.warc!.recordId).toMatch(/^<urn:uuid:[0-9a-f-]{36}>$/);
      // The offset is where the record starts: its own gzip member, or its first line.
      const at = warc.bytes.subarray(warc.offsets[2]);
      const record = (gzip ? gunzipSync(at.subarray(0, warc.offsets[3] - warc.offsets[2])) : at).toString('latin1');
      expect(record.startsWith('WARC/1.0\r\n')).toBe(true);
      expect(record).toContain(`WARC-Record-ID: ${evidence.warc!.recordId}`);

      const gbk = findings.find((f) => f.host === 'bbs.gbk-copy.test')!;
      expect(gbk.verdict).toBe('full');
      expect(gbk.articleTitle).toBe('向每一度电要效益');
      expect((await app.store.evidence.get(gbk.evidenceId!))!.articleText).toContain('向每一度电要效益'.slice(3)); // decoded from GBK
      // An archived copy is not a fetch of the live page: the fetch state is left alone.
      expect(await app.store.fetchState.get(copy.url)).toBeNull();
    });
  }

  it('passes over the pages that share no passage with the corpus and loses no copy: an excerpt, a later forum post, hidden junk, entities, GBK', async () => {
    const post = (n: number, text: string) => `<div class="post" id="p${n}"><div class="author">member${n}</div><div class="body"><p>${text}</p></div></div>`;
    const specs = [
      // Three paragraphs of four, after the page's own.
      htmlResponse(
        'http://www.excerpt.test/x.html',
        `<html><body><div id="nav"><a href="/">Home</a></div><article><h1>Local news</h1><p>Our own introduction to the week, written here and nowhere else, about the town and its people.</p>${[1, 2, 3].map((i) => `<p>${paragraph(0, i)}</p>`).join('')}</article></body></html>`,
      ),
      // The copy as the fifth post of a thread, the others chatter.
      htmlResponse(
        'http://forum.thread.test/t/5.html',
        `<html><body><h1>Bridge news thread</h1>${[1, 2, 3, 4].map((n) => post(n, `I think post ${n} is about something else entirely, the weather and the trains of the week.`)).join('')}` +
          `${post(5, [0, 1, 2, 3].map((i) => paragraph(0, i)).join('</p><p>'))}${post(6, 'Thanks for posting this, very interesting.')}</body></html>`,
      ),
      // Junk hidden between the words of the copy (an evasion extraction sees through), and the Chinese copy as numeric entities.
      htmlResponse(
        'http://www.hidden.test/h.html',
        `<html><body><div class="story">${[0, 1, 2, 3]
          .map((i) => `<p>${paragraph(4, i).split(' ').join(' <span style="display:none">zq</span>')}</p>`)
          .join('')}</div></body></html>`,
      ),
      htmlResponse(
        'http://www.entities.test/e.html',
        `<html><body><div class="content">${ZH.map((p) => `<p>${[...p].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join('')}</p>`).join('')}</div></body></html>`,
      ),
      htmlResponse('http://bbs.gbk-later.test/thread/3.html', encodePage(chineseRepost(), 'gbk'), 'text/html'),
      // Pages with no passage of the corpus: passed over.
      ...[0, 1, 2].map((n) =>
        htmlResponse(
          `http://www.elsewhere.test/${n}.html`,
          `<html><body><article><h1>Recipe ${n}</h1><p>Mix the flour, the butter and ${n + 2} eggs, then bake for forty minutes until golden; serve warm with jam.</p></article></body></html>`,
        ),
      ),
    ];
    const warc = await writeWarc('prefilter.warc.gz', specs, true);
    const full = await runScanWarc(app, [warc.path], { prefilter: false });
    const quick = await runScanWarc(app, [warc.path]);
    expect(full.counts.matches).toBe(5);
    expect(quick.counts).toMatchObject({
      pagesFetched: 8,
      matches: full.counts.matches,
      findingsUpdated: full.counts.findingsNew + full.counts.findingsUpdated,
    });
    expect(quick.reasons['passed over: no passage of the corpus']).toBe(3);
    expect(full.reasons['passed over: no passage of the corpus']).toBeUndefined();
    const urls = new Set((await app.store.findings.list({ limit: 100 })).items.map((f) => f.url));
    for (const url of [
      'http://www.excerpt.test/x.html',
      'http://forum.thread.test/t/5.html',
      'http://www.hidden.test/h.html',
      'http://www.entities.test/e.html',
    ])
      expect(urls).toContain(url);
  });

  it('judges a revisit record as the earlier response with its payload digest in the file, and skips one whose response is not at hand', async () => {
    const html = englishArticle(0, 'Mirror');
    const digest = `sha256:${createHash('sha256').update(html).digest('hex')}`;
    const revisitOf = (url: string, date: string, payload: string): RecordSpec => ({
      type: 'revisit',
      url,
      date,
      refersToUrl: 'http://www.mirror.test/0.html',
      refersToDate: '2021-01-01T00:00:00Z',
      warcHeaders: { 'WARC-Payload-Digest': payload },
      httpHeaders: { 'Content-Type': 'text/html' },
    });
    const warc = await writeWarc(
      'revisits.warc.gz',
      [
        htmlResponse('http://www.mirror.test/0.html', html, 'text/html; charset=utf-8', '2021-01-01T00:00:00Z'),
        revisitOf('http://www.mirror.test/0-again.html', '2021-06-01T00:00:00Z', digest),
        revisitOf('http://www.mirror.test/9.html', '2021-06-02T00:00:00Z', `sha256:${'0'.repeat(64)}`),
      ],
      true,
    );
    const scan = await runScanWarc(app, [warc.path]);
    expect(scan.counts).toMatchObject({ pagesFetched: 2, skipped: 1, failed: 0 });
    expect(scan.reasons['skipped: revisit: no earlier response']).toBe(1);
    const again = (await app.store.findings.list({ limit: 100 })).items.find((f) => f.url === 'http://www.mirror.test/0-again.html')!;
    expect(again.firstSeen).toBe('2021-06-01T00:00:00.000Z');
    expect((await app.store.evidence.get(again.evidenceId!))!.warc).toMatchObject({ file: 'revisits.warc.gz', offset: warc.offsets[1] });
  });

  it('ends a gzipped WARC cut inside a record with a reason, keeping the findings before it', async () => {
    const specs = [htmlResponse('http://www.cut.test/0.html', englishArticle(0, 'Cut')), htmlResponse('http://www.cut.test/4.html', englishArticle(4, 'Cut'))];
    const whole = await writeWarc('whole.warc.gz', specs, true);
    const cut = join(setup.dir, 'cut.warc.gz');
    writeFileSync(cut, whole.bytes.subarray(0, whole.offsets[1] + Math.floor((whole.bytes.length - whole.offsets[1]) / 2)));
    const scan = await runScanWarc(app, [cut]);
    expect(scan.status).toBe('done');
    expect(scan.counts).toMatchObject({ pagesFetched: 1, failed: 1, findingsNew: 1 });
    expect(scan.reasons).toEqual({ 'failed: warc truncated': 1 });
    const failures = await app.store.scans.failures(scan.id);
    expect(failures).toEqual([expect.objectContaining({ url: `cut.warc.gz@${whole.offsets[1]}` })]);
    expect(failures[0].reason).toMatch(/^failed: warc truncated: the gzip member at byte \d+ is cut short$/);
    expect((await app.store.findings.list({ limit: 50 })).items.some((f) => f.url === 'http://www.cut.test/0.html')).toBe(true);
  });

  it('ends a gzipped WARC at a member that does not inflate, naming where, keeping the findings before it', async () => {
    const specs = [
      htmlResponse('http://www.bad-gzip.test/0.html', englishArticle(0, 'Bad')),
      htmlResponse('http://www.bad-gzip.test/4.html', englishArticle(4, 'Bad')),
    ];
    const whole = await writeWarc('whole-bad.warc.gz', specs, true);
    const bytes = Buffer.from(whole.bytes);
    // The second member's first deflate block (after the 10-byte gzip header) marked with the
    // reserved block type 11, which no inflater accepts. (Bytes flipped at random could inflate
    // to other data, and such a member read whole is kept before its CRC-32 ends the file: the
    // record IDs and dates change the bytes from run to run, so that made this test flaky.)
    bytes[whole.offsets[1] + 10] = 0xff;
    const bad = join(setup.dir, 'bad.warc.gz');
    writeFileSync(bad, bytes);
    const scan = await runScanWarc(app, [bad]);
    expect(scan.counts).toMatchObject({ pagesFetched: 1, failed: 1, findingsNew: 1 });
    expect(scan.reasons).toEqual({ 'failed: warc corrupt': 1 });
    const [failure] = await app.store.scans.failures(scan.id);
    expect(failure.reason).toBe(`failed: warc corrupt: gzip data that does not inflate after byte ${whole.offsets[1]}`);
  });

  it('ends a plain WARC cut inside a record body (warcio alone would wait for the missing bytes forever)', async () => {
    const specs = [
      htmlResponse('http://www.cut-plain.test/0.html', englishArticle(0, 'Cut')),
      htmlResponse('http://www.cut-plain.test/4.html', englishArticle(4, 'Cut')),
    ];
    const whole = await writeWarc('whole.warc', specs, false);
    const cut = join(setup.dir, 'cut.warc');
    writeFileSync(cut, whole.bytes.subarray(0, whole.bytes.length - 200));
    const scan = await runScanWarc(app, [cut]);
    expect(scan.counts).toMatchObject({ pagesFetched: 1, failed: 1, findingsNew: 1 });
    expect(scan.reasons).toEqual({ 'failed: warc truncated': 1 });
    const [failure] = await app.store.scans.failures(scan.id);
    expect(failure.reason).toBe(`failed: warc truncated: the file ends inside the record at byte ${whole.offsets[1]}`);
  });

  it('skips a record the archive marked truncated, a body over the size cap and a record without a date, naming them', async () => {
    const big = `<html><body><p>${'x'.repeat(6 * 1024 * 1024)}</p></body></html>`;
    const specs: RecordSpec[] = [
      { ...htmlResponse('http://www.trunc.test/1.html', englishArticle(1, 'T')), warcHeaders: { 'WARC-Truncated': 'length' } },
      htmlResponse('http://www.trunc.test/big.html', big),
      htmlResponse('http://www.trunc.test/3.html', englishArticle(3, 'T')),
      htmlResponse('http://www.trunc.test/2.html', englishArticle(2, 'T'), 'text/html', 'yesterday'),
    ];
    const warc = await writeWarc('marked.warc.gz', specs, true);
    const scan = await runScanWarc(app, [warc.path]);
    expect(scan.counts).toMatchObject({ pagesFetched: 1, skipped: 3, failed: 0, findingsNew: 1 });
    expect(scan.reasons).toEqual({ 'skipped: truncated record': 1, 'skipped: too-large': 1, 'skipped: no date': 1 });
    const failures = await app.store.scans.failures(scan.id);
    expect(failures.map((f) => f.url).sort()).toEqual(['http://www.trunc.test/1.html', 'http://www.trunc.test/2.html', 'http://www.trunc.test/big.html']);
  });

  it('shows the WARC record in the evidence report', async () => {
    const copy = (await app.store.findings.list({ limit: 50 })).items.find((f) => f.host === 'www.copycat.test')!;
    const { makeReport } = await import('../../src/scan/report-inputs.ts');
    const report = await makeReport(app.store, app.config, { format: 'html', finding: copy.id, filter: {}, generatedAt: '2026-01-01T00:00:00.000Z' });
    const evidence = (await app.store.evidence.get(copy.evidenceId!))!;
    expect(String(report.body)).toContain(evidence.warc!.recordId.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    const notice = await makeReport(app.store, app.config, {
      format: 'json',
      finding: copy.id,
      notice: 'en',
      filter: {},
      generatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(notice.body).toContain(
      `Captured from a web archive (WARC): ${evidence.warc!.file}, record ${evidence.warc!.recordId} at byte ${evidence.warc!.offset}`,
    );
  });
});

describe('copywatch scan-warc (the command)', () => {
  it('runs a file and prints the run', async () => {
    const warc = await writeWarc('cli.warc.gz', [htmlResponse('http://www.cli-copy.test/2.html', englishArticle(2, 'CLI'))], true);
    const r = await runCli(['--config', setup.configPath, 'scan-warc', warc.path], { timeoutMs: 60_000 });
    expect(r.stderr).not.toContain('copywatch:');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/scan-warc #\d+ done, 1 HTML responses judged, 1 matches, 1 new findings, 0 seen again, 0 failed, 0 skipped\n/);
  }, 60_000);

  it('refuses a missing file and a file that is not a WARC, in one line, exit 1 (URLs: scan-warc-url.test.ts)', async () => {
    const html = join(setup.dir, 'page.html');
    writeFileSync(html, '<html><body>not an archive</body></html>');
    const cases: [string, RegExp][] = [
      [join(setup.dir, 'nope.warc.gz'), /^copywatch: INPUT_NOT_FOUND: .*nope\.warc\.gz: no such file\n$/],
      [html, /^copywatch: WARC_INVALID: .*page\.html: not a WARC file \(it starts with "<html><body>not ", not "WARC\/"\)\n$/],
    ];
    for (const [arg, message] of cases) {
      const r = await runCli(['--config', setup.configPath, 'scan-warc', arg], { timeoutMs: 60_000 });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
    }
    // A gzip file that is not a WARC inside.
    const gz = join(setup.dir, 'notwarc.gz');
    const { gzipSync } = await import('node:zlib');
    writeFileSync(gz, gzipSync(readFileSync(html)));
    const r = await runCli(['--config', setup.configPath, 'scan-warc', gz], { timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^copywatch: WARC_INVALID: .*not a WARC file/);
  }, 120_000);
});
