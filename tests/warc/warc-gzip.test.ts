/**
 * Reading a .warc.gz with Node's zlib, member by member (src/crawl/warc-gzip.ts): each record's
 * offset is its gzip member's, whatever the members' headers hold (a file name, an extra field);
 * a file gzipped whole, as one member, is read to its end, every record at the member's offset; a
 * member whose trailer's CRC-32 or length is wrong ends the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
