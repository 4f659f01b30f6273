/**
 * Reading a .warc.gz with Node's zlib, member by member (src/crawl/warc-gzip.ts): each record's
 * offset is its gzip member's, whatever the members' headers hold (a file name, an extra field);
 * a file gzipped whole, as one member, is read to its end, every record at the member's offset; a
 * member whose trailer's CRC-32 or length is wrong ends the file. Members are inflated at once
 * when they fit (4 MB inflated), else as a stream: both read alike, members that straddle the 1 MB
 * chunks the file is read in included.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readWarc, type WarcEvent } from '../../src/crawl/index.ts';
import { buildWarc, htmlResponse } from '../support/warc.ts';

const dir = mkdtempSync(join(tmpdir(), 'copywatch-warc-gzip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const specs = [0, 1, 2].map((n) => htmlResponse(`http://www.gz.test/${n}.html`, `<html><body><p>page ${n}</p></body></html>`));

async function read(name: string, bytes: Buffer): Promise<WarcEvent[]> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const events: WarcEvent[] = [];
  for await (const event of readWarc(path, { maxBytes: 1024 * 1024 })) events.push(event);
  return events;
}

/** A gzip member whose header carries FEXTRA, FNAME and FCOMMENT (as some writers set them). */
function withHeaderFields(member: Buffer): Buffer {
  const extra = Buffer.from([4, 0, 0x41, 0x42, 0x43, 0x44]);
  const header = Buffer.from(member.subarray(0, 10));
  header[3] = 4 | 8 | 16;
  return Buffer.concat([header, extra, Buffer.from('record.warc\0'), Buffer.from('a comment\0'), member.subarray(10)]);
}

describe('a .warc.gz read with node:zlib', () => {
  it('gives each record its member offset, when the members carry a name, a comment and an extra field', async () => {
    const plain = await Promise.all(specs.map(async (spec) => (await buildWarc([spec], false)).bytes));
    const members = plain.map((bytes) => withHeaderFields(gzipSync(bytes)));
    const offsets = members.map((_, i) => members.slice(0, i).reduce((n, m) => n + m.length, 0));
    const events = await read('fields.warc.gz', Buffer.concat(members));
    expect(events.map((e) => e.type)).toEqual(['page', 'page', 'page']);
    expect(events.map((e) => (e.type === 'page' ? [e.page.url, e.page.warc.offset] : null))).toEqual(specs.map((s, i) => [s.url, offsets[i]]));
    expect(events.map((e) => (e.type === 'page' ? e.page.body.toString() : ''))).toEqual([0, 1, 2].map((n) => `<html><body><p>page ${n}</p></body></html>`));
  });

  it('reads a file gzipped whole (one member) to its end, each record at the member offset', async () => {
    const events = await read('whole.warc.gz', gzipSync((await buildWarc(specs, false)).bytes));
    expect(events.map((e) => (e.type === 'page' ? [e.page.url, e.page.warc.offset] : e.type))).toEqual(specs.map((s) => [s.url, 0]));
  });

  it('ends the file after a member whose trailer gives another length (its record, inflated whole, is kept), naming the member', async () => {
    const members = await Promise.all(specs.map(async (spec) => gzipSync((await buildWarc([spec], false)).bytes)));
    const bad = Buffer.from(members[1]);
    bad.writeUInt32LE(bad.readUInt32LE(bad.length - 4) + 1, bad.length - 4);
    const events = await read('trailer.warc.gz', Buffer.concat([members[0], bad, members[2]]));
    expect(events.map((e) => e.type)).toEqual(['page', 'page', 'stopped']);
    expect(events[2]).toMatchObject({
      reason: 'corrupt',
      detail: `gzip data that does not inflate after byte ${members[0].length}`,
      offset: members[0].length,
    });
  });

  it('ends the file after a member whose inflated bytes do not match its trailer CRC-32 (deflate data changed into other valid data)', async () => {
    const members = await Promise.all(specs.map(async (spec) => gzipSync((await buildWarc([spec], false)).bytes)));
    const bad = Buffer.from(members[1]);
    bad.writeUInt32LE((bad.readUInt32LE(bad.length - 8) ^ 1) >>> 0, bad.length - 8);
    const events = await read('crc.warc.gz', Buffer.concat([members[0], bad, members[2]]));
    expect(events.map((e) => e.type)).toEqual(['page', 'page', 'stopped']);
    expect(events[2]).toMatchObject({ reason: 'corrupt', offset: members[0].length });
  });

  it('reads members that straddle the chunks the file is read in, and a member too large to inflate at once, each at its offset', async () => {
    // Bodies that barely compress: 300 members of ~8 KB gzipped (2.4 MB), so that members cross the 1 MB chunks.
    const pages = Array.from({ length: 300 }, (_, n) => `<html><body><p>page ${n}</p><p>${randomBytes(6000).toString('base64')}</p></body></html>`);
    // One record that inflates to 6 MB (over the 4 MB inflated at once): read as a stream, skipped as too large.
    const big = htmlResponse('http://www.gz.test/big.html', `<html><body>${'<p>big</p>'.repeat(600_000)}</body></html>`);
    const specs = [...pages.slice(0, 150).map((html, n) => htmlResponse(`http://www.gz.test/p${n}.html`, html)), big];
    specs.push(...pages.slice(150).map((html, n) => htmlResponse(`http://www.gz.test/p${150 + n}.html`, html)));
    const members = await Promise.all(specs.map(async (spec) => gzipSync((await buildWarc([spec], false)).bytes)));
    const offsets = members.map((_, i) => members.slice(0, i).reduce((n, m) => n + m.length, 0));
    const events = await read('straddle.warc.gz', Buffer.concat(members));
    expect(
      events.map((e) =>
        e.type === 'page' ? [e.page.url, e.page.warc.offset] : [e.type, e.type === 'skipped' ? e.reason : '', e.type === 'stopped' ? 0 : e.warc.offset],
      ),
    ).toEqual(specs.map((spec, i) => (spec === big ? ['skipped', 'too-large', offsets[i]] : [spec.url, offsets[i]])));
    const bodies = events.filter((e) => e.type === 'page').map((e) => (e.type === 'page' ? e.page.body.toString() : ''));
    expect(bodies).toEqual(pages);
  });

  it('ends the file at a member cut short, after the records before it, whether it would have been inflated at once or as a stream', async () => {
    const small = htmlResponse('http://www.gz.test/last.html', '<html><body><p>last</p></body></html>');
    const big = htmlResponse('http://www.gz.test/big.html', `<html><body>${'<p>big</p>'.repeat(600_000)}</body></html>`);
    for (const last of [small, big]) {
      const members = await Promise.all([specs[0], specs[1], last].map(async (spec) => gzipSync((await buildWarc([spec], false)).bytes)));
      const cut = Buffer.concat([members[0], members[1], members[2].subarray(0, members[2].length - 20)]);
      const events = await read('cut.warc.gz', cut);
      expect(events.map((e) => e.type)).toEqual(['page', 'page', 'stopped']);
      expect(events[2]).toMatchObject({ reason: 'truncated', offset: members[0].length + members[1].length });
    }
  });
});
