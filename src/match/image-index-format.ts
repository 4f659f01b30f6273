/**
 * The image index's saved form (image-index.ts `toBytes`/`fromBytes`): "CWI3", the header's length
 * and the hash count (32 bits each), the header (ids and options as JSON), each image's hash count
 * (16 bits), then the hashes' high and low words (32 bits each, little-endian). Only the hashes are
 * saved: the band tables are rebuilt at loading. Earlier formats are refused by name, damaged
 * bytes with a one-line error saying what does not hold.
 */
/** The index's options, saved with it. */
export interface SavedOptions {
  maxDistance: number;
  probeRadius: number;
  regionMaxDistance: number[];
}

const MAGIC = Buffer.from('CWI3');
/** Earlier formats, refused by name: CWI1 had four 16-bit bands, CWI2 the 92-region list (the 70% windows on a 7×7 grid). */
const OLD_MAGICS: Record<string, string> = {
  CWI1: 'the old format CWI1 (16-bit bands)',
  CWI2: 'the old format CWI2 (hashes of the 92-region list, read as the wrong windows now)',
};

export interface SavedImageIndex {
  options: SavedOptions;
  /** The images' ids, in the order of their hashes. */
  ids: string[];
  /** Per image, how many consecutive hashes it holds. */
  counts: Uint16Array;
  /** The hashes' high and low words. */
  hi: Uint32Array<ArrayBuffer>;
  lo: Uint32Array<ArrayBuffer>;
}

export function encodeImageIndex(saved: { options: SavedOptions; ids: string[]; counts: number[]; hi: Uint32Array; lo: Uint32Array }): Buffer {
  const { options, ids, counts, hi, lo } = saved;
  const head = Buffer.from(
    JSON.stringify({ ids, maxDistance: options.maxDistance, probeRadius: options.probeRadius, regionMaxDistance: options.regionMaxDistance }),
    'utf8',
  );
  const size = Buffer.alloc(8);
  size.writeUInt32LE(head.length, 0);
  size.writeUInt32LE(hi.length, 4);
  const parts = [MAGIC, size, head, ...[Uint16Array.from(counts), hi, lo].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))];
  // One copy into a buffer of the exact size (a million images' hashes are most of a gigabyte).
  const out = Buffer.allocUnsafe(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) at += p.copy(out, at);
  return out;
}

export function decodeImageIndex(bytes: Uint8Array): SavedImageIndex {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const old = buf.length >= 4 ? OLD_MAGICS[buf.subarray(0, 4).toString('latin1')] : undefined;
  if (old) throw new Error(`image index saved in ${old}: rebuild it from the images (add each one again)`);
  if (buf.length < 12 || !buf.subarray(0, 4).equals(MAGIC)) throw new Error('not a copywatch image index');
  const headLength = buf.readUInt32LE(4);
  const k = buf.readUInt32LE(8);
  if (buf.length < 12 + headLength) throw new Error(`image index of ${buf.length} bytes is truncated (its header alone is ${headLength} bytes)`);
  let head: { ids: string[]; maxDistance: number; probeRadius: number; regionMaxDistance: number[] };
  try {
    head = JSON.parse(buf.subarray(12, 12 + headLength).toString('utf8')) as typeof head;
  } catch {
    throw new Error('image index header is not JSON: the bytes are damaged');
  }
  const expected = 12 + headLength + 2 * head.ids.length + 8 * k;
  if (buf.length !== expected) throw new Error(`image index of ${buf.length} bytes is truncated or padded (expected ${expected})`);
  let at = 12 + headLength;
  const take = <T extends Uint32Array | Uint16Array>(make: (b: ArrayBuffer) => T, count: number, bytesEach: number): T => {
    const copy = new Uint8Array(count * bytesEach);
    copy.set(buf.subarray(at, at + count * bytesEach));
    at += count * bytesEach;
    return make(copy.buffer);
  };
  const counts = take((b) => new Uint16Array(b), head.ids.length, 2);
  const hi = take((b) => new Uint32Array(b), k, 4);
  const lo = take((b) => new Uint32Array(b), k, 4);
  if (counts.reduce((s, c) => s + c, 0) !== k) throw new Error(`image index counts ${k} hashes but its images hold another number: the bytes are damaged`);
  if (counts.includes(0)) throw new Error('image index holds an image without hashes: the bytes are damaged');
  if (new Set(head.ids).size !== head.ids.length) throw new Error('image index holds an id twice: the bytes are damaged');
  return {
    options: { maxDistance: head.maxDistance, probeRadius: head.probeRadius, regionMaxDistance: head.regionMaxDistance },
    ids: head.ids,
    counts,
    hi,
    lo,
  };
}
