/**
 * A `.warc.gz` inflated with node:zlib, one gzip member at a time, for warcio's parser to read as
 * a plain WARC. warcio inflates with pako (JavaScript), which took the largest share of reading a
 * file; node's zlib is native. Each member is inflated on its own (a raw inflate after its gzip
 * header, its trailer's CRC-32 and length checked), so where each member starts in the file is known: a
 * record's offset is its member's, where `warcio extract FILE OFFSET` or a CDX index finds it.
 *
 * Memory stays bounded: one input chunk at a time is inflated (its output at most deflate's
 * ratio, ~1,000 times the chunk), and the output is handed on as it comes. A member cut short, or
 * one that does not inflate, ends the stream there with `problem` saying why and where.
 */
import { crc32, createInflateRaw } from 'node:zlib';

export interface WarcProblem {
  reason: 'truncated' | 'corrupt';
  detail: string;
  /** The file offset the problem is named at (the member's start). */
  offset: number;
}

/** The longest gzip member header read (its optional name and comment included). */
const MAX_HEADER = 1024 * 1024;

/** The gzip member header's length at the start of `buf`; -1 when more bytes are needed, -2 when it is no gzip header. */
function headerLength(buf: Buffer): number {
  if (buf.length < 10) return buf.length >= 2 && (buf[0] !== 0x1f || buf[1] !== 0x8b) ? -2 : -1;
  if (buf[0] !== 0x1f || buf[1] !== 0x8b || buf[2] !== 8) return -2;
  const flags = buf[3];
  let at = 10;
  if (flags & 4) {
    if (buf.length < at + 2) return -1;
    at += 2 + buf.readUInt16LE(at);
  }
  for (const bit of [8, 16]) {
    if (!(flags & bit)) continue;
    const zero = buf.indexOf(0, at);
    if (zero < 0) return -1;
    at = zero + 1;
  }
  if (flags & 2) at += 2;
  return buf.length < at ? -1 : at;
}

export class GzipMembers {
  /** Where members start, as [offset in the inflated stream, offset in the file], oldest first (those passed are dropped). */
  private readonly starts: Array<[number, number]> = [];
  problem: WarcProblem | null = null;

  /** The file offset of the member that holds the inflated stream's byte `at` (asked in increasing order). */
  fileOffsetAt(at: number): number {
    while (this.starts.length > 1 && this.starts[1][0] <= at) this.starts.shift();
    return this.starts[0]?.[1] ?? 0;
  }

  /** The inflated stream of the file's chunks; ends early with `problem` set on a member cut short or corrupt. */
  async *inflate(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    const input = source[Symbol.asyncIterator]();
    let buf: Buffer = Buffer.alloc(0);
    /** The file offset of buf[0]. */
    let at = 0;
    let out = 0;
    const more = async (): Promise<boolean> => {
      const next = await input.next();
      if (next.done) return false;
      buf = buf.length ? Buffer.concat([buf, next.value]) : next.value;
      return true;
    };
    for (;;) {
      if (!buf.length && !(await more())) return;
      const start = at;
      let header: number;
      while ((header = headerLength(buf)) === -1) {
        // A header's name or comment that never ends is not a gzip member's.
        if (buf.length > MAX_HEADER) {
          this.problem = { reason: 'corrupt', detail: `gzip data that does not inflate after byte ${start}`, offset: start };
          return;
        }
        if (!(await more())) {
          this.problem = { reason: 'truncated', detail: `the gzip member at byte ${start} is cut short`, offset: start };
          return;
        }
      }
      if (header === -2) {
        this.problem = { reason: 'corrupt', detail: `gzip data that does not inflate after byte ${start}`, offset: start };
        return;
      }
      this.starts.push([out, start]);
      buf = buf.subarray(header);
      at += header;
      const inflater = createInflateRaw({ chunkSize: 64 * 1024 });
      const chunks: Buffer[] = [];
      let failed = false;
      let wake: (() => void) | null = null;
      inflater.on('data', (chunk: Buffer) => chunks.push(chunk));
      inflater.on('error', () => {
        failed = true;
        wake?.();
      });
      let fed = 0;
      let size = 0;
      let crc = 0;
      for (;;) {
        if (!buf.length && !(await more())) {
          inflater.destroy();
          this.problem = { reason: 'truncated', detail: `the gzip member at byte ${start} is cut short`, offset: start };
          return;
        }
        const piece = buf;
        await new Promise<void>((resolve) => {
          wake = resolve;
          inflater.write(piece, () => resolve());
        });
        if (failed) {
          inflater.destroy();
          this.problem = { reason: 'corrupt', detail: `gzip data that does not inflate after byte ${start}`, offset: start };
          return;
        }
        fed += piece.length;
        for (const chunk of chunks) {
          size += chunk.length;
          crc = crc32(chunk, crc);
          out += chunk.length;
          yield chunk;
        }
        chunks.length = 0;
        const left = fed - inflater.bytesWritten;
        at += piece.length - left;
        buf = piece.subarray(piece.length - left);
        // The deflate data ended inside what was given (or exactly at its end, seen at the next write).
        if (left > 0) break;
      }
      // Output still buffered in the stream (its 'data' events not yet emitted) is the member's too.
      for (let chunk = inflater.read() as Buffer | null; chunk; chunk = inflater.read() as Buffer | null) {
        size += chunk.length;
        crc = crc32(chunk, crc);
        out += chunk.length;
        yield chunk;
      }
      inflater.destroy();
      while (buf.length < 8) {
        if (!(await more())) {
          this.problem = { reason: 'truncated', detail: `the gzip member at byte ${start} is cut short`, offset: start };
          return;
        }
      }
      if (buf.readUInt32LE(4) !== size % 2 ** 32 || buf.readUInt32LE(0) !== crc) {
        this.problem = { reason: 'corrupt', detail: `gzip data that does not inflate after byte ${start}`, offset: start };
        return;
      }
      buf = buf.subarray(8);
      at += 8;
    }
  }
}
