/**
 * The WARC written at fetch time, from a real fetch of a local server: a request record with the
 * headers sent, a response record with every header as received and the body as it came off the
 * wire (gzip kept, chunked framing undone), a metadata record; warcio's standard reader reads it,
 * and a bundle carrying it verifies (the payload, decoded, is the body whose SHA-256 the store
 * keeps). Over the size cap, the encoded bytes are dropped and the WARC says so.
 */
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { WARCParser } from 'warcio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/crawl/index.ts';
import { buildBundle, verifyBundle } from '../../src/report/index.ts';
import { fetchWarc } from '../../src/report/warc-fetch.ts';
import { serve, type TestServer } from '../support/servers.ts';
import { evidence, finding } from './fixtures.ts';

const PAGE = Buffer.from(`<html><body><p>${'去年以来，这个厂把节能降耗作为头号工程。'.repeat(40)}</p></body></html>`);
const NOISE = randomBytes(4000); // gzip makes it larger: over a cap the decoded body fits under
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
let server: TestServer;

beforeAll(async () => {
  server = await serve((req, res) => {
    if (req.url === '/gz') {
      // No Content-Length: Node sends it chunked, the framing is undone by the client.
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('content-encoding', 'gzip');
      res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; Path=/']);
      res.setHeader('x-served-by', 'fixture-7');
      res.write(gzipSync(PAGE));
      res.end();
      return;
    }
    if (req.url === '/moved') {
      res.writeHead(301, { location: '/gz' });
      res.end();
      return;
    }
    if (req.url === '/noise') {
      const z = gzipSync(NOISE);
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': String(z.length) });
      res.end(z);
      return;
    }
    res.writeHead(404);
    res.end();
  });
});
afterAll(() => server.close());

function client(maxBytes = 1024 * 1024): HttpClient {
  return new HttpClient({
    userAgent: 'copywatch-test/1 (+http://example.test/bot)',
    timeoutMs: 3000,
    maxBytes,
    maxRedirects: 3,
    retries: 0,
    resolve: {},
    guard: false,
    allowHosts: [],
    clock: () => new Date('2024-03-01T08:00:00.000Z'),
  });
}

async function warcOf(path: string, maxBytes?: number) {
  const c = client(maxBytes);
  try {
    const r = await c.fetch(`${server.url}${path}`);
    const warc = await fetchWarc({ ...r, exchange: r.wire!, software: 'copywatch/9.9.9' });
    return { r, warc };
  } finally {
    await c.close();
  }
}

async function read(warc: Uint8Array) {
  const out = [];
  for await (const record of new WARCParser([warc], { keepHeadersCase: true })) {
    const payload = await record.readFully(false);
    out.push({ type: record.warcType, record, payload });
  }
  return out;
}

describe('the WARC written at fetch time', () => {
  it('holds the request sent, the response as received (every header, gzip bytes) and the capture facts, in warcio', async () => {
    const { r, warc } = await warcOf('/moved');
    const records = await read(warc);
    expect(records.map((x) => x.type)).toEqual(['warcinfo', 'request', 'response', 'metadata']);
    const [, request, response, metadata] = records;

    expect(request.record.warcTargetURI).toBe(`${server.url}/gz`); // the last hop, after the redirect
    expect(request.record.httpHeaders?.method).toBe('GET');
    expect(request.record.httpHeaders?.requestPath).toBe('/gz');
    expect(request.record.httpHeaders?.headers.get('user-agent')).toBe('copywatch-test/1 (+http://example.test/bot)');
    expect(request.record.httpHeaders?.headers.get('host')).toBe(new URL(server.url).host);
    expect(request.record.httpHeaders?.headers.get('accept-encoding')).toBe('gzip, deflate, br');

    expect(response.record.warcHeaders.protocol).toBe('WARC/1.1');
    expect(response.record.warcDate).toBe('2024-03-01T08:00:00.000Z');
    const h = response.record.httpHeaders!;
    expect(h.statusCode).toBe(200);
    expect(h.headers.get('x-served-by')).toBe('fixture-7'); // not among the headers the store selects
    expect((h.headers as unknown as { getMultiple(n: string): string[] }).getMultiple('set-cookie')).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(h.headers.get('content-encoding')).toBe('gzip');
    expect(h.headers.get('transfer-encoding')).toBeFalsy();
    expect(Buffer.from(response.payload).equals(gzipSync(PAGE))).toBe(true); // the bytes on the wire
    expect(response.record.warcPayloadDigest).toBe(`sha256:${sha(response.payload)}`);
    expect(request.record.warcHeader('WARC-Concurrent-To')).toBe(response.record.warcHeader('WARC-Record-ID'));

    const facts = strFromU8(metadata.payload);
    expect(facts).toContain(`requested-url: ${server.url}/moved`);
    expect(facts).toContain(`redirect: ${server.url}/moved`);
    expect(facts).toContain(`body-sha256: ${r.sha256}`);
    expect(facts).toMatch(/response-payload: as received on the wire, content-encoded \(gzip\); Transfer-Encoding dropped/);
    expect(facts).toContain('written-at: fetch time');
  });

  it('in a bundle: verify decodes the payload to the stored body; a changed byte of the gzip payload fails', async () => {
    const { r, warc } = await warcOf('/gz');
    const ev = evidence({ id: 7, sha256: r.sha256, size: r.size, finalUrl: r.finalUrl, requestedUrl: r.requestedUrl, capturedAt: r.capturedAt });
    const { zip, manifest } = await buildBundle({
      finding: finding(),
      captures: [{ evidence: ev, body: r.body, warc }],
      reportHtml: '<!doctype html><title>report</title>',
      toolVersion: '9.9.9',
      exportedAt: '2024-07-01T12:00:00.000Z',
    });
    expect(manifest.captures[0].warcWritten).toBe('fetch');
    expect(Buffer.from(unzipSync(zip)['capture-1.warc']).equals(Buffer.from(warc))).toBe(true); // as stored, byte for byte
    const verdict = await verifyBundle(zip);
    expect(verdict.bundle && verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verdict.bundle && verdict.checks.map((c) => c.line)).toContain(
      `capture-1.warc: response payload is the stored body of evidence 7 (SHA-256 ${r.sha256}, captured ${r.capturedAt}; WARC written at fetch time)`,
    );

    // A WARC whose gzip payload is changed and whose own digests and file digest are rewritten: the stored body digest catches it.
    const forged = await fetchWarc({
      ...r,
      exchange: { ...r.wire!, response: { ...r.wire!.response!, encodedBody: gzipSync(Buffer.concat([PAGE, Buffer.from('!')])) } },
      software: 'copywatch/9.9.9',
    });
    const entries = unzipSync(zip);
    entries['capture-1.warc'] = new Uint8Array(forged);
    const m = JSON.parse(strFromU8(entries['manifest.json']));
    m.files = m.files.map((f: { name: string }) => (f.name === 'capture-1.warc' ? { ...f, sha256: sha(forged), size: forged.length } : f));
    entries['manifest.json'] = new TextEncoder().encode(JSON.stringify(m));
    const bad = await verifyBundle(zipSync(entries));
    expect(bad.bundle && bad.checks.filter((c) => !c.ok).map((c) => c.line)).toEqual([
      expect.stringMatching(/^capture-1\.warc: response payload SHA-256 [0-9a-f]{64} is not the stored body's/),
    ]);
  });

  it('encoded bytes over the size cap: the decoded body is written, Content-Encoding dropped, and the metadata says so', async () => {
    const { r, warc } = await warcOf('/noise', NOISE.length + 10);
    expect(gzipSync(NOISE).length).toBeGreaterThan(NOISE.length + 10);
    expect(r.wire?.response?.encodedDropped).toBe(true);
    const [, , response, metadata] = await read(warc);
    expect(response.record.httpHeaders?.headers.get('content-encoding')).toBeFalsy();
    expect(response.record.httpHeaders?.headers.get('content-length')).toBe(String(NOISE.length));
    expect(Buffer.from(response.payload).equals(NOISE)).toBe(true);
    expect(strFromU8(metadata.payload)).toMatch(
      /response-payload: the body after content decoding \(the encoded bytes were over the size cap\): Content-Encoding gzip and Content-Length dropped/,
    );
  });
});
