/**
 * Reads a WARC file (`.warc`, or `.warc.gz`: one gzip member per record; a local file, or a
 * download: warc-download.ts) as a stream of events with warcio's parser: each HTML `response`
 * record with status 200 as a page, every other record as a skip with its reason, and how the
 * file ended. Memory stays bounded whatever the file's size: the file is read in 1 MB chunks (a
 * `.warc.gz` inflated as they come by Node's zlib, member by member: warc-gzip.ts), a page's body
 * is kept up to `maxBytes` and the rest of a larger record is read past, never held; the
 * headers of a record may take at most HEADER_BYTES of the file (a corrupt file never makes the
 * parser buffer it whole).
 *
 * warcio's own skipping loops forever on a record the file ends inside (its LimitReader asks for
 * the missing bytes again and again), so every record's block is read here to its end or to the
 * end of the file, which is then reported as a truncated record.
 *
 * A `revisit` record (identical-payload-digest profile: the crawler saw the same payload again
 * and did not store it twice) is judged as the page it stands for when the earlier HTML response
 * with its WARC-Payload-Digest was read from the same file within the window
 * (REVISIT_WINDOW: the most recent responses, bounded in count and bytes); otherwise it is
 * skipped with the reason.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { brotliDecompressSync, constants, gunzipSync, inflateSync } from 'node:zlib';
import { WARCParser, type WARCRecord } from 'warcio';
import { GzipMembers, type WarcProblem } from './warc-gzip.ts';
import { createHash } from 'node:crypto';
import { CopywatchError, type WarcSource } from '../domain/index.ts';
import { SELECTED_HEADERS } from './http-client.ts';

/** Bytes read at the start of a file to check it. */
const CHUNK = 64 * 1024;
/** Bytes read from a local file per chunk (a gzip member within one is inflated at once: warc-gzip.ts). */
const FILE_CHUNK = 1024 * 1024;
/** The most of the file the headers of one record may take before the file is called corrupt. */
const HEADER_BYTES = 8 * 1024 * 1024;
const HTML = /^(text\/html|application\/xhtml\+xml)$/;
/** The earlier HTML responses a revisit record may be resolved against: at most this many, holding at most this many bytes of bodies. */
const REVISIT_WINDOW = { records: 1000, bytes: 64 * 1024 * 1024 };
const IDENTICAL_PAYLOAD = /\/revisit\/identical-payload-digest$/;

/** An HTML response read from a WARC: what a fetch would have given, and where in the file it is. */
interface WarcPage {
  url: string;
  /** WARC-Date, UTC ISO. */
  capturedAt: string;
  status: number;
  /** Selected HTTP headers (the crawler's selection), lower-case names. */
  headers: Record<string, string>;
  contentType: string | null;
  /** The payload, transfer- and content-decoded. */
  body: Buffer;
  /** The body's SHA-256 (hex), computed on first call: most pages of a crawl are passed over by scan-warc's pre-filter and never need it. */
  sha256: () => string;
  warc: WarcSource;
}

export type WarcEvent =
  | { type: 'page'; page: WarcPage }
  /** A record that is not judged: `reason` is a short key (`not a response: request`, `not html`, `HTTP 404` ...), `detail` says more. */
  | { type: 'skipped'; reason: string; detail: string; url: string | null; warc: WarcSource }
  /**
   * An image response (WarcReadOptions.images): its payload as served, for the pages of the file
   * that show it. Counted by the reader's caller as the `not html` skip it was before.
   */
  | { type: 'image'; url: string; capturedAt: string; body: Buffer; sha256: string; headers: Record<string, string>; warc: WarcSource }
  /** The file could not be read to its end: the records before were reported; `reason` says where and why it stopped. */
  | { type: 'stopped'; reason: string; detail: string; offset: number };

/** An earlier response's payload, kept for the revisits of the window. */
type Payload = Pick<WarcPage, 'status' | 'headers' | 'contentType' | 'body' | 'sha256'>;

/** The payloads of the most recent HTML responses, by payload digest, the oldest dropped first. */
class RevisitWindow {
  private readonly payloads = new Map<string, Payload>();
  private bytes = 0;

  remember(digest: string, payload: Payload): void {
    this.forget(digest);
    this.payloads.set(digest, payload);
    this.bytes += payload.body.length;
    while (this.payloads.size > REVISIT_WINDOW.records || this.bytes > REVISIT_WINDOW.bytes) this.forget(this.payloads.keys().next().value as string);
  }

  get(digest: string): Payload | undefined {
    return this.payloads.get(digest);
  }

  private forget(digest: string): void {
    const old = this.payloads.get(digest);
    if (!old) return;
    this.bytes -= old.body.length;
    this.payloads.delete(digest);
  }
}

export interface WarcReadOptions {
  /** The largest page body judged (decoded); a larger record is skipped as `too-large`. */
  maxBytes: number;
  signal?: AbortSignal;
  /** Give image responses (`image/*`, HTTP 200, at most `maxBytes` decoded) as `image` events instead of skipping them. */
  images?: { maxBytes: number };
}

/** Refuses what is not a WARC file before the parser sees it: a missing file, or one whose first record is not `WARC/…`. */
export async function assertWarcFile(path: string): Promise<void> {
  let head: Buffer;
  try {
    const file = await open(path, 'r');
    try {
      const buf = Buffer.alloc(CHUNK);
      const { bytesRead } = await file.read(buf, 0, CHUNK, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CopywatchError('INPUT_NOT_FOUND', `${path}: no such file`);
    if (code === 'EISDIR') throw new CopywatchError('INPUT_INVALID', `${path}: is a folder, not a WARC file`);
    throw new CopywatchError('INPUT_INVALID', `${path}: cannot read: ${(error as Error).message}`);
  }
  assertWarcHead(path, head);
}

/** Refuses bytes that do not start a WARC file (`name` says which file in the error). */
export function assertWarcHead(name: string, head: Buffer): void {
  let text = head;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    try {
      // The first 256 bytes, flushed as far as they go: the first member's first line (a member cut
      // short, or a corrupt later one, is the reader's to report, record by record).
      text = gunzipSync(head.subarray(0, 256), { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      throw new CopywatchError('WARC_INVALID', `${name}: not a WARC file (gzip data that does not inflate)`);
    }
  }
  if (!text.subarray(0, 5).equals(Buffer.from('WARC/'))) {
    const shown = JSON.stringify(text.subarray(0, 16).toString('latin1'));
    throw new CopywatchError('WARC_INVALID', `${name}: not a WARC file (it starts with ${shown}, not "WARC/")`);
  }
}

/** Where a WARC comes from: a local file (warcFile), or a download (warc-download.ts). */
export interface WarcInput {
  /** The name the evidence keeps: the file's base name, or the URL. */
  name: string;
  /** The file's bytes from its start, in chunks. */
  chunks: () => AsyncIterable<Buffer>;
}

/** A local WARC file, read in FILE_CHUNK-byte chunks. */
function warcFile(path: string): WarcInput {
  return { name: basename(path), chunks: () => createReadStream(path, { highWaterMark: FILE_CHUNK }) as AsyncIterable<Buffer> };
}

/**
 * The WARC's bytes as the parser reads them: a gzipped file inflated by node's zlib member by
 * member (warc-gzip.ts; warcio's own inflate is pako's JavaScript), a plain one as it is,
 * counting what the parser takes while it reads a record's headers (`guard.headers` true).
 */
async function* guarded(chunks: AsyncIterable<Buffer>, guard: Guard): AsyncGenerator<Uint8Array> {
  const input = chunks[Symbol.asyncIterator]();
  let first: IteratorResult<Buffer>;
  try {
    first = await input.next();
  } catch (error) {
    guard.broken = error as Error;
    return;
  }
  if (first.done) return;
  // A download that breaks off ends the stream here, `guard.broken` saying why (readWarc names it).
  const all = (async function* () {
    try {
      for (let next: IteratorResult<Buffer> = first; !next.done; next = await input.next()) {
        guard.read += next.value.length;
        yield next.value;
      }
    } catch (error) {
      guard.broken = error as Error;
    }
  })();
  if (first.value[0] === 0x1f && first.value[1] === 0x8b) guard.members = new GzipMembers();
  for await (const bytes of guard.members ? guard.members.inflate(all) : all) {
    if (guard.headers) {
      guard.bytes += bytes.length;
      if (guard.bytes > HEADER_BYTES) throw new CopywatchError('WARC_INVALID', `no record header within ${HEADER_BYTES / 1024 / 1024} MB`);
    }
    yield bytes;
  }
}

interface Guard {
  /** True while the parser reads a record's headers. */
  headers: boolean;
  /** Bytes (inflated) read meanwhile. */
  bytes: number;
  /** The gzip members of a gzipped file (null for a plain one). */
  members: GzipMembers | null;
  /** Bytes of the file read. */
  read: number;
  /** The error that ended the file's bytes early (a download broken off). */
  broken: Error | null;
}

export async function* readWarc(input: string | WarcInput, options: WarcReadOptions): AsyncGenerator<WarcEvent> {
  const source = typeof input === 'string' ? warcFile(input) : input;
  const file = source.name;
  const guard: Guard = { headers: true, bytes: 0, members: null, read: 0, broken: null };
  // The parser reads a plain WARC: a gzipped one is inflated before it (guarded), and its offsets mapped back to the members'.
  const parser = new WARCParser(guarded(source.chunks(), guard));
  const fileOffset = (at: number) => guard.members?.fileOffsetAt(at) ?? at;
  const records = parser[Symbol.asyncIterator]();
  const window = new RevisitWindow();
  // Why the file ended early: a download broken off, a gzip member cut short or corrupt, else what the parser saw.
  const problem = (): WarcProblem | null =>
    guard.broken
      ? { reason: 'truncated', detail: `the download ended after ${guard.read} bytes of the file: ${guard.broken.message}`, offset: fileOffset(parser.offset) }
      : (guard.members?.problem ?? null);
  const stopped = (fallback: Extract<WarcEvent, { type: 'stopped' }>): WarcEvent => {
    const why = problem();
    return why ? { type: 'stopped', ...why } : fallback;
  };
  for (;;) {
    if (options.signal?.aborted) return;
    guard.headers = true;
    guard.bytes = 0;
    let next: IteratorResult<WARCRecord>;
    const offset = fileOffset(parser.offset);
    try {
      next = await records.next();
    } catch (error) {
      yield stopped({ type: 'stopped', reason: 'corrupt', detail: `unreadable record after byte ${offset}: ${(error as Error).message}`, offset });
      return;
    }
    guard.headers = false;
    if (next.done) break;
    const record = next.value;
    const warc: WarcSource = { file, offset: fileOffset(parser.offset), recordId: record.warcHeader('WARC-Record-ID') ?? '' };
    if (!(record.warcHeaders.protocol ?? '').startsWith('WARC/')) {
      yield stopped({ type: 'stopped', reason: 'corrupt', detail: `no WARC record at byte ${warc.offset}`, offset: warc.offset });
      return;
    }
    const event = await readRecord(record, warc, options, window);
    // The inflated stream ended inside this record (a member cut short or corrupt): the record is not whole.
    if (event === 'cut' || problem()) {
      yield stopped({ type: 'stopped', reason: 'truncated', detail: `the file ends inside the record at byte ${warc.offset}`, offset: warc.offset });
      return;
    }
    yield event;
  }
  const why = problem();
  if (why) yield { type: 'stopped', ...why };
}

/** Reads the record's block to its end, keeping at most `keep` bytes; `cut` when the file ends first. */
async function drain(record: WARCRecord, keep: number): Promise<{ kept: Buffer[]; size: number } | 'cut'> {
  const kept: Buffer[] = [];
  let size = 0;
  for await (const chunk of record.reader) {
    if (size < keep) kept.push(Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(chunk.byteLength, keep - size)));
    size += chunk.byteLength;
  }
  const left = (record.reader as unknown as { limit?: number }).limit ?? 0;
  // Marks the record read, so that the parser does not skip it again (its skip never ends on a cut file).
  record.consumed = 'skipped';
  return left > 0 ? 'cut' : { kept, size };
}

async function readRecord(record: WARCRecord, warc: WarcSource, options: WarcReadOptions, window: RevisitWindow): Promise<WarcEvent | 'cut'> {
  const type = record.warcType ?? 'unknown';
  const url = record.warcTargetURI ?? null;
  const http = record.httpHeaders;
  const contentType = http?.headers.get('content-type') ?? null;
  const mime = contentType?.split(';')[0].trim().toLowerCase() ?? '';
  const skip = (reason: string, detail: string): WarcEvent => ({ type: 'skipped', reason, detail, url, warc });
  if (type === 'revisit') {
    if ((await drain(record, 0)) === 'cut') return 'cut';
    return (
      revisit(record, url, warc, window) ??
      skip('revisit: no earlier response', `no HTML response with payload ${record.warcPayloadDigest} among the last ${REVISIT_WINDOW.records} of the file`)
    );
  }
  let why: WarcEvent | null = null;
  const image = !!options.images && /^image\//.test(mime);
  const maxBytes = image ? options.images!.maxBytes : options.maxBytes;
  if (type !== 'response') why = skip(`not a response: ${type.slice(0, 20)}`, `${type} record`);
  else if (!url || !/^https?:\/\//i.test(url)) why = skip('not http', `target ${JSON.stringify(url ?? '')}`);
  else if (!http || http.statusCode !== 200)
    why = skip(http ? `HTTP ${String(http.statusCode).slice(0, 3)}` : 'no HTTP response', http?.statusline ?? 'no status line');
  else if (mime && !HTML.test(mime) && !image) why = skip('not html', contentType ?? '');
  else if (record.warcHeader('WARC-Truncated')) why = skip('truncated record', `WARC-Truncated: ${record.warcHeader('WARC-Truncated')}`);
  else if (isoDate(record.warcDate) === null) why = skip('no date', `WARC-Date ${JSON.stringify((record.warcDate ?? '').slice(0, 40))}`);
  const read = await drain(record, why ? 0 : maxBytes + 1);
  if (read === 'cut') return 'cut';
  if (why) return why;
  if (read.size > maxBytes) return skip('too-large', `${read.size} bytes, over ${maxBytes}`);
  let body: Buffer = Buffer.concat(read.kept);
  const headers = http!.headers;
  try {
    if ((headers.get('transfer-encoding') ?? '').toLowerCase().includes('chunked')) body = dechunk(body);
    body = decode(body, (headers.get('content-encoding') ?? '').trim().toLowerCase(), maxBytes);
  } catch (error) {
    return skip('undecodable body', (error as Error).message);
  }
  const kept: Record<string, string> = {};
  for (const name of SELECTED_HEADERS) {
    const value = headers.get(name);
    if (value != null) kept[name] = value.slice(0, 2000);
  }
  if (image) {
    const sha256 = createHash('sha256').update(body).digest('hex');
    return { type: 'image', url: url!, capturedAt: isoDate(record.warcDate)!, body, sha256, headers: kept, warc };
  }
  let hex: string | undefined;
  const sha256 = () => (hex ??= createHash('sha256').update(body).digest('hex'));
  const payload: Payload = { status: 200, headers: kept, contentType, body, sha256 };
  const digest = record.warcPayloadDigest;
  if (digest) window.remember(digest, payload);
  return { type: 'page', page: { url: url ?? '', capturedAt: isoDate(record.warcDate)!, ...payload, warc } };
}

/**
 * A revisit record as the page it stands for: the earlier response's payload, at the revisit's
 * URL and date. A skip when it is not one to resolve (its reason), undefined when its earlier
 * response is not in the window.
 */
function revisit(record: WARCRecord, url: string | null, warc: WarcSource, window: RevisitWindow): WarcEvent | undefined {
  const skip = (reason: string, detail: string): WarcEvent => ({ type: 'skipped', reason, detail, url, warc });
  const profile = record.warcHeader('WARC-Profile') ?? '';
  if (!IDENTICAL_PAYLOAD.test(profile)) return skip('revisit: not identical payload', `WARC-Profile ${JSON.stringify(profile.slice(0, 100))}`);
  const digest = record.warcPayloadDigest;
  if (!digest) return skip('revisit: no payload digest', 'no WARC-Payload-Digest');
  if (!url || !/^https?:\/\//i.test(url)) return skip('not http', `target ${JSON.stringify(url ?? '')}`);
  const capturedAt = isoDate(record.warcDate);
  if (capturedAt === null) return skip('no date', `WARC-Date ${JSON.stringify((record.warcDate ?? '').slice(0, 40))}`);
  const earlier = window.get(digest);
  return earlier && { type: 'page', page: { url, capturedAt, ...earlier, warc } };
}

/** WARC-Date (`2023-01-09T10:00:00Z`, perhaps with fractions) as UTC ISO with milliseconds; null when missing or unreadable. */
function isoDate(date: string | null | undefined): string | null {
  const ms = date ? Date.parse(date) : Number.NaN;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** An HTTP/1.1 chunked body, joined; a body that is not chunked after all is kept as it is. */
function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) return parts.length ? Buffer.concat(parts) : body;
    const size = Number.parseInt(body.subarray(at, eol).toString('latin1').split(';')[0], 16);
    if (!Number.isFinite(size)) return parts.length ? Buffer.concat(parts) : body;
    if (size === 0) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** The body under its Content-Encoding, inflated to at most `maxBytes` (a bomb is refused, not inflated). */
function decode(body: Buffer, encoding: string, maxBytes: number): Buffer {
  if (!encoding || encoding === 'identity' || !body.length) return body;
  const opts = { maxOutputLength: maxBytes };
  if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(body, opts);
  if (encoding === 'deflate') return inflateSync(body, opts);
  if (encoding === 'br') return brotliDecompressSync(body, opts);
  throw new Error(`content-encoding ${encoding.slice(0, 20)} is not supported`);
}
