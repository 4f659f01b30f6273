/**
 * The checks of one capture's WARC in a bundle: every record's own digests, re-computed from the
 * bytes (warc-digests.ts), and the response's payload read by warcio's standard reader, content
 * decoding undone (a WARC written at fetch time keeps the body as received, gzip or brotli), which
 * must be the body whose SHA-256 the store kept at fetch time. Pure.
 */
import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { WARCParser } from 'warcio';
import type { TokenCheck as BundleCheck } from './timestamp-token.ts';
import { checkWarcDigests } from './warc-digests.ts';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** At most this many bytes are inflated from one payload (a bundle is hostile input too). */
const MAX_DECODED = 256 * 1024 * 1024;

function decoded(payload: Uint8Array, encoding: string | null): Uint8Array {
  const e = (encoding ?? '').trim().toLowerCase();
  const opts = { maxOutputLength: MAX_DECODED };
  if (e === 'gzip' || e === 'x-gzip') return gunzipSync(payload, opts);
  if (e === 'deflate') return inflateSync(payload, opts);
  if (e === 'br') return brotliDecompressSync(payload, opts);
  if (!e || e === 'identity') return payload;
  throw new Error(`unsupported Content-Encoding ${JSON.stringify(e.slice(0, 40))}`);
}

/** The standard reader's view: each response record's payload SHA-256 (hex) once content decoding is undone, in order. */
async function responsePayloads(bytes: Uint8Array): Promise<string[]> {
  const out: string[] = [];
  for await (const record of new WARCParser([bytes])) {
    const raw = await record.readFully(false);
    if (record.warcType === 'response') out.push(sha256(decoded(raw, record.httpHeaders?.headers.get('content-encoding') ?? null)));
  }
  return out;
}

/** What the manifest says of a capture that its WARC is checked against. */
interface CaptureFacts {
  file: string;
  evidenceId: number;
  capturedAt: string;
  bodySha256: string;
  bodyStored: boolean;
  warcWritten?: 'fetch' | 'export';
}

export async function checkCapture(c: CaptureFacts, bytes: Uint8Array): Promise<BundleCheck[]> {
  const checks: BundleCheck[] = [];
  let records;
  try {
    records = checkWarcDigests(bytes);
  } catch (error) {
    return [{ ok: false, line: `${c.file}: not a readable WARC: ${(error as Error).message}` }];
  }
  for (const r of records) {
    const what = `${c.file}: record ${r.index} (${r.type || 'no type'})`;
    checks.push(
      r.problems.length
        ? { ok: false, line: `${what}: ${r.problems.join('; ')}` }
        : { ok: true, line: r.checked.length ? `${what}: ${r.checked.join(' and ')} ok` : `${what}: carries no digest` },
    );
  }
  if (!c.bodyStored) return checks;
  let payloads: string[];
  try {
    payloads = await responsePayloads(bytes);
  } catch (error) {
    return [...checks, { ok: false, line: `${c.file}: warcio cannot read it: ${(error as Error).message}` }];
  }
  const written = c.warcWritten === 'fetch' ? 'written at fetch time' : 'rebuilt at export';
  if (payloads.length !== 1) checks.push({ ok: false, line: `${c.file}: expected one response record, warcio reads ${payloads.length}` });
  else if (payloads[0] !== c.bodySha256)
    checks.push({ ok: false, line: `${c.file}: response payload SHA-256 ${payloads[0]} is not the stored body's ${c.bodySha256} (evidence ${c.evidenceId})` });
  else
    checks.push({
      ok: true,
      line: `${c.file}: response payload is the stored body of evidence ${c.evidenceId} (SHA-256 ${c.bodySha256}, captured ${c.capturedAt}; WARC ${written})`,
    });
  return checks;
}
