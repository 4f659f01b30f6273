/**
 * Values as every store keeps them: uint32 arrays as little-endian bytes (SQLite BLOB, PostgreSQL
 * bytea), lists and records as JSON text, ids as integers, evidence bodies brotli-compressed.
 */
import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { CopywatchError } from '../domain/index.ts';

const LITTLE_ENDIAN = endianness() === 'LE';

/** A Uint32Array as a little-endian BLOB. */
export function u32ToBlob(values: Uint32Array): Buffer {
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  return LITTLE_ENDIAN ? bytes : Buffer.from(bytes).swap32();
}

/** A little-endian BLOB as a Uint32Array (a copy, aligned). */
export function blobToU32(blob: Buffer, what: string): Uint32Array {
  if (blob.byteLength % 4 !== 0) throw new CopywatchError('STORE_FAILED', `${what} is not a uint32 array (${blob.byteLength} bytes)`);
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  if (!LITTLE_ENDIAN) Buffer.from(copy.buffer).swap32();
  return new Uint32Array(copy.buffer);
}

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** A store id given as a string ("12"), or null when it cannot be one. */
export function rowId(id: string | number): number | null {
  const n = typeof id === 'number' ? id : /^[0-9]{1,15}$/.test(id) ? Number(id) : Number.NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** The later of two UTC ISO times (both normalized by `utc`). */
export function later(a: string, b: string): string {
  return a > b ? a : b;
}

/** Brotli at quality 5: about as small as gzip -9 on HTML, and fast enough for multi-megabyte pages. */
export function compressBody(body: Buffer): Buffer {
  return brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  });
}

/** A stored body as it was captured: `encoding` is what `compressBody` wrote ('br') or null (kept as is). */
export function restoreBody(body: Buffer, encoding: string | null): Buffer {
  return encoding === 'br' ? brotliDecompressSync(body) : body;
}

/** A fetch-time WARC as stored: brotli-compressed (WARCs of text pages shrink several times), its size and SHA-256 as written. */
export function warcRow(warc: Uint8Array): { warc: Buffer; encoding: 'br'; size: number; sha256: string } {
  const bytes = Buffer.from(warc.buffer, warc.byteOffset, warc.byteLength);
  return { warc: compressBody(bytes), encoding: 'br', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
