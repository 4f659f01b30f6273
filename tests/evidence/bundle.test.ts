/**
 * The evidence bundle of a finding of the fixture web, as a person makes and checks it:
 * `copywatch evidence export` then `copywatch evidence verify` passes; a bundle whose inner file
 * (a WARC, the report) has one byte changed fails, naming the file; the WARC reads in warcio's
 * standard reader with the stored body as its response payload; export never writes the store.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync, strFromU8 } from 'fflate';
import { WARCParser } from 'warcio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BetterSqlite3 as Database } from '../../src/store/sqlite/driver.ts';
import { verifyBundle } from '../../src/report/index.ts';
import { runCli } from '../support/cli.ts';
import { scannedHighFindings } from '../support/evidence.ts';
import { demoConfig, type DemoSetup } from '../support/demo.ts';
import { startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';

let web: FixtureWeb;
let setup: DemoSetup;
let findingId: number;
let bundlePath: string;

function storeState(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = ['evidence', 'findings', 'finding_events', 'audit'].map((t) => db.prepare<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`).get()?.n);
    const findings = db.prepare<Record<string, unknown>>('SELECT * FROM findings ORDER BY id').all();
    return JSON.stringify({ rows, findings });
  } finally {
    db.close();
  }
}

/** The bundle at `path` with one byte of its inner file `name` changed, zipped again. */
function tampered(path: string, name: string, at: (bytes: Uint8Array) => number): string {
  const entries = unzipSync(readFileSync(path));
  const bytes = entries[name];
  const i = at(bytes);
  bytes[i] = bytes[i] ^ 0x01;
  const out = join(setup.dir, `tampered-${name}.zip`);
  writeFileSync(out, zipSync(entries));
  return out;
}

beforeAll(async () => {
  web = await startFixtureWeb();
  setup = demoConfig(web);
  findingId = (await scannedHighFindings(setup.configPath))[0].id;
  bundlePath = join(setup.dir, 'bundle.zip');
}, 120_000);

afterAll(async () => {
  await web?.close();
  setup?.cleanup();
});

describe('copywatch evidence export / verify', () => {
  it('exports a bundle (WARC per capture, report, manifest) without writing the store, and verify passes', async () => {
    const before = storeState(setup.dbPath);
    const r = await runCli(['--config', setup.configPath, 'evidence', 'export', String(findingId), '--out', bundlePath]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`wrote .*bundle\\.zip: finding ${findingId}, 1 capture`));
    expect(storeState(setup.dbPath)).toBe(before);

    const entries = unzipSync(readFileSync(bundlePath));
    expect(Object.keys(entries).sort()).toEqual(['capture-1.warc', 'manifest.json', 'report.html']);
    const manifest = JSON.parse(strFromU8(entries['manifest.json']));
    expect(manifest.finding).toMatchObject({
      id: findingId,
      verdict: expect.any(String),
      severity: 'high',
      status: 'open',
      url: expect.stringMatching(/^http:/),
    });
    expect(manifest.tool).toEqual({ name: 'copywatch', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    for (const f of manifest.files) {
      expect(createHash('sha256').update(entries[f.name]).digest('hex')).toBe(f.sha256);
      expect(entries[f.name].length).toBe(f.size);
    }
    expect(strFromU8(entries['report.html'])).toContain(manifest.finding.url);

    const verify = await runCli(['evidence', 'verify', bundlePath]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toContain('ok  capture-1.warc: SHA-256 and size ok');
    expect(verify.stdout).toMatch(/ok {2}capture-1\.warc: record 2 \(request\): WARC-Block-Digest ok/);
    expect(verify.stdout).toMatch(/ok {2}capture-1\.warc: record 3 \(response\): WARC-Block-Digest and WARC-Payload-Digest ok/);
    expect(verify.stdout).toMatch(/ok {2}capture-1\.warc: record 4 \(metadata\): WARC-Block-Digest ok/);
    expect(verify.stdout).toContain(`response payload is the stored body of evidence ${manifest.captures[0].evidenceId}`);
    expect(verify.stdout).toContain('WARC written at fetch time)');
    expect(manifest.captures[0].warcWritten).toBe('fetch');
    expect(verify.stdout).not.toContain('FAILED');
    expect(verify.stdout).toMatch(/all \d+ checks hold/);
  }, 60_000);

  it('the WARC written at fetch time reads in warcio, a standard reader: the request sent, the response as received, the capture facts', async () => {
    const entries = unzipSync(readFileSync(bundlePath));
    const manifest = JSON.parse(strFromU8(entries['manifest.json']));
    const capture = manifest.captures[0];
    const records = [];
    for await (const record of new WARCParser([entries['capture-1.warc']])) {
      const payload = await record.readFully(false);
      records.push({ type: record.warcType, record, payload });
    }
    expect(records.map((r) => r.type)).toEqual(['warcinfo', 'request', 'response', 'metadata']);
    const request = records[1].record;
    expect(request.httpHeaders?.method).toBe('GET');
    expect(request.httpHeaders?.headers.get('user-agent')).toMatch(/copywatch/);
    expect(request.warcTargetURI).toBe(capture.finalUrl);
    const response = records[2].record;
    expect(response.warcHeaders.protocol).toBe('WARC/1.1');
    expect(response.warcTargetURI).toBe(capture.finalUrl);
    expect(response.warcDate).toBe(capture.capturedAt);
    expect(response.warcPayloadDigest).toBe(`sha256:${capture.bodySha256}`);
    expect(response.httpHeaders?.statusCode).toBe(capture.status);
    expect(response.httpHeaders?.headers.get('etag')).toMatch(/^"/);
    expect(response.httpHeaders?.headers.get('content-length')).toBe(String(capture.bodySize));
    expect(createHash('sha256').update(records[2].payload).digest('hex')).toBe(capture.bodySha256);
    const facts = strFromU8(records[3].payload);
    expect(facts).toContain(`captured-at: ${capture.capturedAt}`);
    expect(facts).toContain(`body-sha256: ${capture.bodySha256}`);
    expect(facts).toContain('written-at: fetch time');
    expect(records[3].record.warcHeader('WARC-Concurrent-To')).toBe(response.warcHeader('WARC-Record-ID'));
  });

  it('one byte changed in the WARC or in the report: verify fails and names the file', async () => {
    const warc = tampered(bundlePath, 'capture-1.warc', (b) => b.length - 200); // inside the metadata or the body
    const a = await runCli(['evidence', 'verify', warc]);
    expect(a.code).toBe(1);
    expect(a.stdout).toMatch(/FAILED {2}capture-1\.warc: SHA-256 [0-9a-f]{64}, the manifest says/);
    expect(a.stdout).toMatch(/checks FAILED/);

    const report = tampered(bundlePath, 'report.html', (b) => Math.floor(b.length / 2));
    const b = await runCli(['evidence', 'verify', report]);
    expect(b.code).toBe(1);
    expect(b.stdout).toMatch(/FAILED {2}report\.html: SHA-256/);
    expect(b.stdout).toContain('ok  capture-1.warc: SHA-256 and size ok');
  }, 30_000);

  it('any one byte changed, in any file of the bundle, at its start, inside or at its end: verify does not pass', async () => {
    const entries = unzipSync(readFileSync(bundlePath));
    const passes = async (zip: Uint8Array) => {
      const v = await verifyBundle(zip);
      return v.bundle && v.checks.every((c) => c.ok);
    };
    expect(await passes(zipSync(entries))).toBe(true);
    const names = Object.keys(entries).filter((n) => entries[n].length > 0);
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'report.html', 'capture-1.warc']));
    const passed: string[] = [];
    for (const name of names) {
      const size = entries[name].length;
      for (const at of new Set([0, Math.floor(size / 3), Math.floor((2 * size) / 3), size - 1])) {
        const copy = { ...entries, [name]: Uint8Array.from(entries[name]) };
        copy[name][at] ^= 0x01;
        if (await passes(zipSync(copy))) passed.push(`${name}@${at}`);
      }
    }
    expect(passed).toEqual([]);
  }, 60_000);

  it('the body in the WARC changed: its file digest, its record digests and the stored body digest all fail', async () => {
    const entries = unzipSync(readFileSync(bundlePath));
    const text = strFromU8(entries['capture-1.warc'], true);
    const bodyAt = text.indexOf('\r\n\r\n', text.indexOf('WARC-Type: response'));
    const httpEnd = text.indexOf('\r\n\r\n', bodyAt + 4);
    const path = tampered(bundlePath, 'capture-1.warc', () => Buffer.from(text.slice(0, httpEnd + 4), 'latin1').length + 10);
    const r = await runCli(['evidence', 'verify', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAILED {2}capture-1\.warc: record 3 \(response\): WARC-Block-Digest: declared sha256:[0-9a-f]+, computed/);
    expect(r.stdout).toMatch(/WARC-Payload-Digest: declared/);
    expect(r.stdout).toMatch(/FAILED {2}capture-1\.warc: response payload SHA-256 [0-9a-f]{64} is not the stored body's/);
  }, 30_000);

  it('a capture stored without a fetch-time WARC (before copywatch wrote them) is rebuilt at export, labelled so, and verifies', async () => {
    const db = new Database(setup.dbPath);
    const saved = db
      .prepare<{ evidence_id: number; warc: Buffer; encoding: string | null; size: number; sha256: string }>('SELECT * FROM evidence_warcs')
      .all();
    db.prepare('DELETE FROM evidence_warcs').run();
    db.close();
    try {
      const out = join(setup.dir, 'rebuilt.zip');
      const r = await runCli(['--config', setup.configPath, 'evidence', 'export', String(findingId), '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      const entries = unzipSync(readFileSync(out));
      const manifest = JSON.parse(strFromU8(entries['manifest.json']));
      expect(manifest.captures[0].warcWritten).toBe('export');
      expect(manifest.limits.join('\n')).toMatch(/warcWritten "export" are rebuilt from the stored capture/);
      expect(strFromU8(entries['capture-1.warc'])).toContain('rebuilt-from-store: yes');
      const verify = await runCli(['evidence', 'verify', out]);
      expect(verify.code, verify.stdout).toBe(0);
      expect(verify.stdout).toContain('WARC rebuilt at export)');
    } finally {
      const back = new Database(setup.dbPath);
      const insert = back.prepare('INSERT INTO evidence_warcs (evidence_id, warc, encoding, size, sha256) VALUES (?, ?, ?, ?, ?)');
      for (const w of saved) insert.run(w.evidence_id, w.warc, w.encoding, w.size, w.sha256);
      back.close();
    }
  }, 30_000);

  it('a file missing or added fails; a file that is not a bundle exits 2', async () => {
    const entries = unzipSync(readFileSync(bundlePath));
    const extra = join(setup.dir, 'extra.zip');
    writeFileSync(extra, zipSync({ ...entries, 'note.txt': new TextEncoder().encode('added') }));
    const a = await runCli(['evidence', 'verify', extra]);
    expect(a.code).toBe(1);
    expect(a.stdout).toContain('FAILED  note.txt: in the bundle but not in the manifest');
    const { 'report.html': _dropped, ...rest } = entries;
    const missing = join(setup.dir, 'missing.zip');
    writeFileSync(missing, zipSync(rest));
    const b = await runCli(['evidence', 'verify', missing]);
    expect(b.code).toBe(1);
    expect(b.stdout).toContain('FAILED  report.html: missing from the bundle');

    const notZip = join(setup.dir, 'not.zip');
    writeFileSync(notZip, 'hello');
    const c = await runCli(['evidence', 'verify', notZip]);
    expect(c.code).toBe(2);
    expect(c.stderr.trim()).toMatch(/^copywatch: .*not\.zip: not an evidence bundle: not a ZIP file/);
    const noManifest = join(setup.dir, 'plain.zip');
    writeFileSync(noManifest, zipSync({ 'a.txt': new TextEncoder().encode('a') }));
    const d = await runCli(['evidence', 'verify', noManifest]);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('not an evidence bundle: no manifest.json');
  }, 90_000);

  it('clear one-line errors: an unknown finding, an unwritable --out', async () => {
    const unknown = await runCli(['--config', setup.configPath, 'evidence', 'export', '999999', '--out', join(setup.dir, 'x.zip')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('copywatch: NOT_FOUND: finding 999999 does not exist');
    const bad = await runCli(['--config', setup.configPath, 'evidence', 'export', String(findingId), '--out', join(setup.dir, 'no', 'such', 'dir.zip')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--out .*dir\.zip: cannot write: ENOENT/);
  }, 30_000);

  it('the takedown notice cites the capture (time, digest) and the export command; evidence prune refuses without the setting, keeps recent dismissals', async () => {
    const notice = await runCli(['--config', setup.configPath, 'report', '--format', 'json', '--finding', String(findingId), '--notice', 'en']);
    expect(notice.code, notice.stderr).toBe(0);
    const db = new Database(setup.dbPath, { readonly: true });
    const ev = db.prepare<{ sha256: string }>('SELECT e.sha256 FROM evidence e JOIN findings f ON f.evidence_id = e.id WHERE f.id = ?').get(findingId);
    db.close();
    expect(notice.stdout).toContain(ev?.sha256 ?? 'missing');
    expect(notice.stdout).toContain(`copywatch evidence export ${findingId}`);

    const refused = await runCli(['--config', setup.configPath, 'evidence', 'prune']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('evidence.retainDismissedDays is not set');

    const config = JSON.parse(readFileSync(setup.configPath, 'utf8')) as { evidence?: Record<string, unknown> };
    const retained = join(setup.dir, 'config-retain.json');
    writeFileSync(retained, JSON.stringify({ ...config, evidence: { ...config.evidence, retainDismissedDays: 30 } }));
    const mark = await runCli(['--config', retained, 'mark', String(findingId), 'dismissed', '--note', 'licensed after all']);
    expect(mark.code, mark.stderr).toBe(0);
    const before = storeState(setup.dbPath);
    const prune = await runCli(['--config', retained, 'evidence', 'prune']);
    expect(prune.code, prune.stderr).toBe(0);
    expect(prune.stdout).toMatch(/^0 captures of 0 dismissed findings last changed before \S+ pruned$/m);
    expect(storeState(setup.dbPath)).toBe(before);
  }, 60_000);
});
