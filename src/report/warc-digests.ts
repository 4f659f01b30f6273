/**
 * The digests a WARC's records carry, re-computed from its bytes: each record's
 * WARC-Block-Digest over its whole block, and WARC-Payload-Digest over the payload (for
 * `application/http` records, the block after the HTTP headers; no transfer encoding is
 * written). Read straight from the bytes, independently of the library that wrote them.
 */
import { createHash } from 'node:crypto';

interface WarcRecordCheck {
  /** Index of the record in the file, from 1. */
  index: number;
  type: string;
  targetUri: string | null;
  /** SHA-256 (hex) of the record's payload. */
  payloadSha256: string;
  /** The digests checked (`WARC-Block-Digest`, `WARC-Payload-Digest`). */
  checked: string[];
  /** What is wrong, if anything. */
  problems: string[];
}

const CRLF2 = Buffer.from('\r\n\r\n');
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Whether `declared` (`sha256:hex`, `sha256:BASE32`, `sha1:BASE32`) is the digest of `bytes`; a string saying why not, or null. */
function digestProblem(declared: string, bytes: Buffer): string | null {
  const m = /^(sha-?256|sha-?1):(.+)$/i.exec(declared.trim());
  if (!m) return `unsupported digest ${JSON.stringify(declared.slice(0, 40))}`;
  const algo = m[1].toLowerCase().replace('-', '');
  const value = m[2];
  const raw = createHash(algo).update(bytes).digest();
  const ok = value.toLowerCase() === raw.toString('hex') || value.toUpperCase().replace(/=+$/, '') === base32(raw);
  return ok ? null : `declared ${declared}, computed ${algo}:${raw.toString('hex')}`;
}

function headerMap(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) map.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return map;
}

/** Every record of an uncompressed WARC file with its digests re-computed; throws on a file that is not WARC. */
export function checkWarcDigests(file: Uint8Array): WarcRecordCheck[] {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const out: WarcRecordCheck[] = [];
  let at = 0;
  while (at < buf.length) {
    const end = buf.indexOf(CRLF2, at);
    const head = end < 0 ? '' : buf.subarray(at, end).toString('latin1');
    if (!head.startsWith('WARC/')) throw new Error(`record ${out.length + 1}: no WARC header at byte ${at}`);
    const headers = headerMap(head);
    const length = Number(headers.get('content-length'));
    if (!Number.isSafeInteger(length) || length < 0) throw new Error(`record ${out.length + 1}: no Content-Length`);
    const start = end + CRLF2.length;
    if (start + length > buf.length) throw new Error(`record ${out.length + 1}: truncated (${length} bytes declared)`);
    const block = buf.subarray(start, start + length);
    const type = headers.get('warc-type') ?? '';
    const contentType = (headers.get('content-type') ?? '').toLowerCase();
    let payload = block;
    if (contentType.startsWith('application/http')) {
      const httpEnd = block.indexOf(CRLF2);
      payload = httpEnd < 0 ? Buffer.alloc(0) : block.subarray(httpEnd + CRLF2.length);
    }
    const problems: string[] = [];
    const checked: string[] = [];
    const blockDigest = headers.get('warc-block-digest');
    const payloadDigest = headers.get('warc-payload-digest');
    if (type !== 'warcinfo') {
      if (!blockDigest) problems.push('no WARC-Block-Digest');
      else {
        const p = digestProblem(blockDigest, block);
        if (p) problems.push(`WARC-Block-Digest: ${p}`);
        checked.push('WARC-Block-Digest');
      }
    }
    if (type === 'response') {
      if (!payloadDigest) problems.push('no WARC-Payload-Digest');
      else {
        const p = digestProblem(payloadDigest, payload);
        if (p) problems.push(`WARC-Payload-Digest: ${p}`);
        checked.push('WARC-Payload-Digest');
      }
    }
    out.push({
      index: out.length + 1,
      type,
      targetUri: headers.get('warc-target-uri') ?? null,
      payloadSha256: createHash('sha256').update(payload).digest('hex'),
      checked,
      problems,
    });
    at = start + length;
    if (!buf.subarray(at, at + CRLF2.length).equals(CRLF2)) throw new Error(`record ${out.length}: not followed by CRLF CRLF`);
    at += CRLF2.length;
  }
  return out;
}
