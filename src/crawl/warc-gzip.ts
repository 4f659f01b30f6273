/**
 * A `.warc.gz` inflated with node:zlib, one gzip member at a time, for warcio's parser to read as
 * a plain WARC. warcio inflates with pako (JavaScript), which took the largest share of reading a
 * file; node's zlib is native. Each member is inflated on its own (a raw inflate after its gzip
 * header, its trailer's CRC-32 and length checked), so where each member starts in the file is known: a
 * record's offset is its member's, where `warcio extract FILE OFFSET` or a CDX index finds it.
 *
 * A member (one record, in the WARCs of Common Crawl) is inflated at once with inflateRawSync when
 * it inflates to at most WHOLE_OUTPUT bytes from at most WHOLE_INPUT: no stream, no promise per
 * piece, and the record handed on in one piece (the bytes at hand end inside a member: read on,
 * WHOLE_AHEAD at least, and inflated at once again). A larger member is inflated as a stream,
 * one input chunk at a time (its output at most deflate's ratio, ~1,000 times the chunk), its
 * output handed on as it comes: memory stays bounded either way. A member cut short, or one that
 * does not inflate, ends the stream there with `problem` saying why and where.
 */
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';

export interface WarcProblem {
  reason: 'truncated' | 'corrupt';
  detail: string;
  /** The file offset the problem is named at (the member's start). */
  offset: number;
}

/** The longest gzip member header read (its optional name and comment included). */
const MAX_HEADER = 1024 * 1024;
/** A member is inflated at once (inflateRawSync) when it inflates to at most this many bytes ... */
const WHOLE_OUTPUT = 4 * 1024 * 1024;
/** ... from at most this many (read ahead for it); a larger member is inflated as a stream, piece by piece. */
const WHOLE_INPUT = 4 * 1024 * 1024;
/** The least read ahead when the bytes at hand end inside a member, before it is inflated at once again. */
const WHOLE_AHEAD = 1024 * 1024;

/**
 * The member's deflate data at the start of `buf` inflated at once: its bytes and how much of
 * `buf` the deflate data took; 'short' when `buf` ends inside it; null when it is larger than
 * WHOLE_OUTPUT or does not inflate (the stream path then reads it, and names the problem).
 */
function inflateWhole(buf: Buffer): { data: Buffer; used: number } | 'short' | null {
  try {
    const { buffer, engine } = inflateRawSync(buf, { info: true, maxOutputLength: WHOLE_OUTPUT }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    return { data: buffer, used: engine.bytesWritten };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' ? 'short' : null;
  }
}

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
    /** Reads on until buf holds `target` bytes or the input ends (joined once); false when nothing more came. */
    const moreUntil = async (target: number): Promise<boolean> => {
      const parts = [buf];
      let length = buf.length;
      while (length < target) {
        const next = await input.next();
        if (next.done) break;
        parts.push(next.value);
        length += next.value.length;
      }
      if (parts.length === 1) return false;
      buf = Buffer.concat(parts, length);
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
      // Most members (a record each) are inflated at once: no stream, and the record's bytes in one piece.
      let whole = inflateWhole(buf);
      while (whole === 'short' && buf.length < WHOLE_INPUT && (await moreUntil(Math.max(2 * buf.length, WHOLE_AHEAD)))) whole = inflateWhole(buf);
      let size = 0;
      let crc = 0;
      if (whole && whole !== 'short') {
        size = whole.data.length;
        crc = crc32(whole.data);
        out += size;
        if (size) yield whole.data;
        at += whole.used;
        buf = buf.subarray(whole.used);
      } else {
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
      }
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
