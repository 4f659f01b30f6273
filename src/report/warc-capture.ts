/**
 * One capture of a finding's evidence as a WARC 1.1 file, written with warcio: a `warcinfo`
 * record, a `response` record (the stored headers and body, WARC-Target-URI the final URL,
 * WARC-Date the capture time; warcio computes WARC-Block-Digest and WARC-Payload-Digest) and a
 * `metadata` record of copywatch's capture facts. The WARC is rebuilt from the stored evidence
 * when a bundle is exported for a capture stored without its fetch-time WARC (warc-fetch.ts):
 * one stored before copywatch wrote WARCs at fetch time, or read from a web archive.
 */
import { WARCRecord, WARCSerializer } from 'warcio';
import type { Evidence } from '../domain/index.ts';

export const WARC_VERSION = 'WARC/1.1';

/** The stored body is kept after content decoding: these headers would mislead a reader. */
const DROPPED_HEADERS = new Set(['content-encoding', 'transfer-encoding', 'content-length']);

const REASONS: Record<number, string> = {
  200: 'OK',
  203: 'Non-Authoritative Information',
  206: 'Partial Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

interface WarcCaptureInput {
  evidence: Evidence;
  /** The stored body (after content decoding), or null for evidence of absence. */
  body: Uint8Array | null;
  findingId: number;
  /** `copywatch/0.1.0`. */
  software: string;
  /** The file name inside the bundle (`capture-1.warc`). */
  filename: string;
}

export const oneLine = (value: string): string => value.replace(/[\r\n]+/g, ' ');

/** The reason phrase of a status, for a status line. */
export const reasonPhrase = (status: number): string => REASONS[status] ?? 'Status';

function httpHeadersOf(evidence: Evidence, size: number): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(evidence.headers)) {
    if (!DROPPED_HEADERS.has(name.toLowerCase())) out.push([name, oneLine(value)]);
  }
  out.push(['Content-Length', String(size)]);
  return out;
}

/** copywatch's facts about the capture, as `application/warc-fields` lines. */
function captureFacts(input: WarcCaptureInput): string {
  const e = input.evidence;
  const fields: [string, string][] = [
    ['copywatch-finding', String(input.findingId)],
    ['copywatch-evidence', String(e.id)],
    ['requested-url', e.requestedUrl],
    ...e.redirects.map((r): [string, string] => ['redirect', r]),
    ['final-url', e.finalUrl],
    ['status', String(e.status)],
    ['captured-at', e.capturedAt],
    ['remote-address', e.remoteAddress ?? 'unknown'],
    ['body-sha256', e.sha256],
    ['body-size', String(e.size)],
    ['body-stored', input.body ? 'yes (after content decoding)' : 'no'],
    ['rebuilt-from-store', 'yes: this WARC was written at export time from the stored capture'],
  ];
  const encoding = Object.entries(e.headers).find(([k]) => k.toLowerCase() === 'content-encoding');
  if (encoding) fields.push(['original-content-encoding', encoding[1]]);
  if (e.note) fields.push(['note', e.note]);
  return fields.map(([k, v]) => `${k}: ${oneLine(v)}\r\n`).join('');
}

export async function serializeRecord(record: WARCRecord): Promise<Uint8Array> {
  return WARCSerializer.serialize(record, { gzip: false });
}

const once = (bytes: Uint8Array): Iterable<Uint8Array> => [bytes];

/** The WARC file of one capture. */
export async function captureWarc(input: WarcCaptureInput): Promise<Uint8Array> {
  const e = input.evidence;
  const date = e.capturedAt;
  const parts: Uint8Array[] = [];
  const info = await WARCRecord.createWARCInfo(
    { filename: input.filename, warcVersion: WARC_VERSION, date },
    { software: input.software, format: 'WARC File Format 1.1', description: 'copywatch evidence, rebuilt from the stored capture at export' },
  );
  parts.push(await serializeRecord(info));
  let responseId: string | null = null;
  if (input.body) {
    const response = WARCRecord.create(
      {
        url: e.finalUrl,
        date,
        type: 'response',
        warcVersion: WARC_VERSION,
        statusline: `HTTP/1.1 ${e.status} ${reasonPhrase(e.status)}`,
        httpHeaders: httpHeadersOf(e, input.body.length),
        warcHeaders: e.remoteAddress ? { 'WARC-IP-Address': e.remoteAddress.replace(/:\d+$/, '').replace(/^\[|\]$/g, '') } : {},
      },
      once(input.body),
    );
    responseId = response.warcHeaders.headers.get('WARC-Record-ID') ?? null;
    parts.push(await serializeRecord(response));
  }
  const metadata = WARCRecord.create(
    {
      url: e.finalUrl,
      date,
      type: 'metadata',
      warcVersion: WARC_VERSION,
      warcHeaders: responseId ? { 'WARC-Concurrent-To': responseId } : {},
    },
    once(new TextEncoder().encode(captureFacts(input))),
  );
  parts.push(await serializeRecord(metadata));
  return concatBytes(parts);
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
