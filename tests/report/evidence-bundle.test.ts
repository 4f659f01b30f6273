/**
 * The evidence bundle's pure core: several captures (oldest first), a capture of a compressed
 * page (the stored body is decoded: Content-Encoding is dropped from the WARC and named in its
 * metadata), a capture of absence without a body (no response record), and verifyBundle's
 * answers for bundles that are sound, tampered, or not bundles.
 */
import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { WARCParser } from 'warcio';
import { describe, expect, it } from 'vitest';
import { buildBundle, verifyBundle } from '../../src/report/index.ts';
import { evidence, finding } from './fixtures.ts';

const page = strToU8('<html><body><p>去年以来，这个厂把节能降耗作为头号工程。</p></body></html>');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function sample() {
  return buildBundle({
    finding: finding({ status: 'resolved' }),
    captures: [
      {
        evidence: evidence({
          id: 7,
          sha256: sha(page),
          size: page.length,
          headers: { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' },
        }),
        body: page,
      },
      {
        evidence: evidence({ id: 9, status: 404, capturedAt: '2024-06-01T00:00:00.000Z', sha256: sha(new Uint8Array()), size: 0, note: 'HTTP 404' }),
        body: null,
      },
    ],
    reportHtml: '<!doctype html><title>report</title>',
    toolVersion: '9.9.9',
    exportedAt: '2024-07-01T12:00:00.000Z',
  });
}

async function records(warc: Uint8Array) {
  const out = [];
  for await (const r of new WARCParser([warc])) out.push({ type: r.warcType, headers: r.httpHeaders, payload: await r.readFully(false) });
  return out;
}

describe('buildBundle', () => {
  it('one WARC per capture; the decoded body without Content-Encoding; absence as metadata alone', async () => {
    const { zip, manifest } = await sample();
    const entries = unzipSync(zip);
    expect(Object.keys(entries).sort()).toEqual(['capture-1.warc', 'capture-2.warc', 'manifest.json', 'report.html']);
    expect(manifest.captures.map((c) => [c.file, c.evidenceId, c.bodyStored])).toEqual([
      ['capture-1.warc', 7, true],
      ['capture-2.warc', 9, false],
    ]);
    expect(JSON.parse(strFromU8(entries['manifest.json']))).toEqual(manifest);
    expect(manifest.tool.version).toBe('9.9.9');

    const first = await records(entries['capture-1.warc']);
    expect(first.map((r) => r.type)).toEqual(['warcinfo', 'response', 'metadata']);
    expect(first[1].headers?.headers.get('content-encoding')).toBeNull();
    expect(first[1].headers?.headers.get('content-length')).toBe(String(page.length));
    expect(sha(first[1].payload)).toBe(sha(page));
    expect(strFromU8(first[2].payload)).toContain('original-content-encoding: gzip');

    const second = await records(entries['capture-2.warc']);
    expect(second.map((r) => r.type)).toEqual(['warcinfo', 'metadata']);
    expect(strFromU8(second[1].payload)).toContain('note: HTTP 404');
    expect(strFromU8(second[1].payload)).toContain('body-stored: no');
  });
});

describe('verifyBundle', () => {
  it('passes a sound bundle, every check ok', async () => {
    const v = await verifyBundle((await sample()).zip);
    if (!v.bundle) throw new Error(v.reason);
    expect(v.checks.filter((c) => !c.ok)).toEqual([]);
    expect(v.checks.map((c) => c.line)).toContain('capture-2.warc: record 2 (metadata): WARC-Block-Digest ok');
  });

  it('fails a WARC whose body and digests were rewritten together: the stored body SHA-256 no longer matches', async () => {
    const { zip } = await sample();
    const entries = unzipSync(zip);
    // A forger rewrites the WARC with another body (warcio recomputes its digests) and the manifest's file digest.
    const forged = await buildBundle({
      finding: finding(),
      captures: [{ evidence: evidence({ id: 7, sha256: sha(page), size: page.length }), body: strToU8('<html>something else</html>') }],
      reportHtml: '',
      toolVersion: '9.9.9',
      exportedAt: '2024-07-01T12:00:00.000Z',
    });
    const forgedWarc = unzipSync(forged.zip)['capture-1.warc'];
    const manifest = JSON.parse(strFromU8(entries['manifest.json']));
    manifest.files.find((f: any) => f.name === 'capture-1.warc').sha256 = sha(forgedWarc);
    manifest.files.find((f: any) => f.name === 'capture-1.warc').size = forgedWarc.length;
    const v = await verifyBundle(zipSync({ ...entries, 'capture-1.warc': forgedWarc, 'manifest.json': strToU8(JSON.stringify(manifest)) }));
    if (!v.bundle) throw new Error(v.reason);
    expect(v.checks.filter((c) => !c.ok).map((c) => c.line)).toEqual([
      expect.stringMatching(/^capture-1\.warc: response payload SHA-256 [0-9a-f]{64} is not the stored body's [0-9a-f]{64} \(evidence 7\)$/),
    ]);
  });

  it('says why a file is not a bundle', async () => {
    expect(await verifyBundle(strToU8('PK no zip'))).toMatchObject({ bundle: false, reason: expect.stringMatching(/^not a ZIP file/) });
    expect(await verifyBundle(zipSync({ 'manifest.json': strToU8('{') }))).toEqual({ bundle: false, reason: 'manifest.json is not JSON' });
    expect(await verifyBundle(zipSync({ 'manifest.json': strToU8('{"format":"other"}') }))).toEqual({
      bundle: false,
      reason: 'manifest.json: format is not copywatch-evidence-bundle/1',
    });
  });
});

describe('buildBundle: the two images of an image finding', () => {
  const original = strToU8('\xff\xd8\xff original jpeg bytes');
  const copy = strToU8('RIFF....WEBP copy bytes');
  const image = (role: 'original' | 'copy', bytes: Uint8Array, format: string) => ({
    role,
    url: `https://x.example/${role}`,
    sha256: sha(bytes),
    format,
    evidenceId: 7,
    storedAt: '2024-06-01T00:00:00.000Z',
    bytes,
  });
  const build = (images: ReturnType<typeof image>[]) =>
    buildBundle({
      finding: finding(),
      captures: [{ evidence: evidence({ id: 7, sha256: sha(page), size: page.length }), body: page }],
      reportHtml: '<!doctype html><title>report</title>',
      toolVersion: '9.9.9',
      exportedAt: '2024-07-01T12:00:00.000Z',
      images,
    });

  it('puts them in images/ named by role and format, with their stored digests in the manifest, and verify checks them', async () => {
    const { zip, manifest } = await build([image('original', original, 'jpeg'), image('copy', copy, 'webp')]);
    const entries = unzipSync(zip);
    expect(entries['images/original.jpg']).toEqual(original);
    expect(entries['images/copy.webp']).toEqual(copy);
    expect(manifest.images?.map((i) => [i.role, i.file, i.sha256, i.size])).toEqual([
      ['original', 'images/original.jpg', sha(original), original.length],
      ['copy', 'images/copy.webp', sha(copy), copy.length],
    ]);
    const verdict = await verifyBundle(zip);
    expect(verdict.bundle && verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verdict.bundle && verdict.checks.map((c) => c.line)).toContain(
      `images/copy.webp: the copy image (webp, ${copy.length} bytes, SHA-256 ${sha(copy)}, from https://x.example/copy)`,
    );
  });

  it('an image kept with another digest than its bytes have fails verify, and a missing image is named', async () => {
    const wrong = { ...image('original', original, 'jpeg'), sha256: sha(strToU8('other')) };
    const verdict = await verifyBundle((await build([wrong])).zip);
    expect(verdict.bundle && verdict.checks.filter((c) => !c.ok).map((c) => c.line)).toEqual([
      `images/original.jpg: SHA-256 ${sha(original)} is not the original image's stored when it was kept ${sha(strToU8('other'))}`,
    ]);
    const entries = unzipSync((await build([image('copy', copy, 'webp')])).zip);
    delete entries['images/copy.webp'];
    const gone = await verifyBundle(zipSync(entries));
    expect(gone.bundle && gone.checks.filter((c) => !c.ok).map((c) => c.line)).toEqual([
      'images/copy.webp: missing from the bundle',
      'images/copy.webp: the copy image is missing',
    ]);
  });

  it('a text finding has no images/ and no images in its manifest', async () => {
    const { zip, manifest } = await build([]);
    expect(Object.keys(unzipSync(zip)).filter((n) => n.startsWith('images/'))).toEqual([]);
    expect(manifest.images).toBeUndefined();
  });
});
