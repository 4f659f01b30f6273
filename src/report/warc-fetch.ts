/**
 * The WARC 1.1 file of one fetch, written when the page is fetched (scan, check, recheck) and
 * kept with its evidence: a `warcinfo` record; a `request` record (the request line and the
 * headers copywatch gave the HTTP client for the last hop); a `response` record (the status line
 * and every header as received, and the body as it came off the wire: still content-encoded when
 * the server compressed it, transfer-decoded); a `metadata` record of copywatch's capture facts.
 * warcio computes the digests. Pure: values in, bytes out.
 */
import { WARCRecord } from 'warcio';
import type { HttpExchange } from '../domain/index.ts';
import { concatBytes, oneLine, reasonPhrase, serializeRecord, WARC_VERSION } from './warc-capture.ts';

interface FetchWarcInput {
  requestedUrl: string;
  finalUrl: string;
  redirects: string[];
  status: number;
  capturedAt: string;
  remoteAddress: string | null;
  /** SHA-256 (hex) of the body after content decoding, as the store keeps it. */
  sha256: string;
  /** The body after content decoding. */
  body: Uint8Array;
  exchange: HttpExchange;
  /** `copywatch/0.1.0`. */
  software: string;
  /** Why the capture shows no copy (evidence of removal), if it does not. */
  note?: string | null;
}

const lower = (name: string): string => name.toLowerCase();

/** The response headers and payload to write, and what the metadata says of them. */
function responseParts(input: FetchWarcInput): { headers: [string, string][]; payload: Uint8Array; payloadNote: string } {
  const r = input.exchange.response;
  const received = (r?.headers ?? []).map(([k, v]): [string, string] => [k, oneLine(v)]);
  // undici undoes the chunked framing: the payload written is never chunked.
  const unframed = received.filter(([k]) => lower(k) !== 'transfer-encoding');
  const framing = received.length !== unframed.length ? '; Transfer-Encoding dropped (the chunked framing is undone by the HTTP client)' : '';
  const encoding = unframed.find(([k]) => lower(k) === 'content-encoding')?.[1];
  if (r?.encodedBody) {
    return {
      headers: withLength(unframed, r.encodedBody.length),
      payload: r.encodedBody,
      payloadNote: `as received on the wire, content-encoded (${encoding ?? 'unknown'})${framing}`,
    };
  }
  if (encoding) {
    const why = r?.encodedDropped ? 'the encoded bytes were over the size cap' : 'the encoded bytes were not kept';
    return {
      headers: withLength(
        unframed.filter(([k]) => lower(k) !== 'content-encoding'),
        input.body.length,
      ),
      payload: input.body,
      payloadNote: `the body after content decoding (${why}): Content-Encoding ${oneLine(encoding)} and Content-Length dropped, Content-Length of the decoded body given${framing}`,
    };
  }
  return { headers: withLength(unframed, input.body.length), payload: input.body, payloadNote: `as received on the wire (no content encoding)${framing}` };
}

/** The headers with one Content-Length, the payload's (the received one kept when it says the same). */
function withLength(headers: [string, string][], length: number): [string, string][] {
  const given = headers.find(([k]) => lower(k) === 'content-length');
  if (given && given[1].trim() === String(length)) return headers;
  return [...headers.filter(([k]) => lower(k) !== 'content-length'), ['content-length', String(length)]];
}

function facts(input: FetchWarcInput, payloadNote: string): string {
  const fields: [string, string][] = [
    ['requested-url', input.requestedUrl],
    ...input.redirects.map((r): [string, string] => ['redirect', r]),
    ['final-url', input.finalUrl],
    ['status', String(input.status)],
    ['captured-at', input.capturedAt],
    ['remote-address', input.remoteAddress ?? 'unknown'],
    ['body-sha256', input.sha256],
    ['body-size', String(input.body.length)],
    ['response-payload', payloadNote],
    [
      'request-record',
      'the request line and the headers copywatch gave the HTTP client (undici) for the last hop, Host first; the Connection header undici adds is not recorded',
    ],
    ['written-at', 'fetch time, by copywatch'],
  ];
  if (input.note) fields.push(['note', input.note]);
  return fields.map(([k, v]) => `${k}: ${oneLine(v)}\r\n`).join('');
}

/** The WARC file of one fetch (uncompressed). */
export async function fetchWarc(input: FetchWarcInput): Promise<Uint8Array> {
  const date = input.capturedAt;
  const parts: Uint8Array[] = [];
  const info = await WARCRecord.createWARCInfo(
    { warcVersion: WARC_VERSION, date },
    { software: input.software, format: 'WARC File Format 1.1', description: 'copywatch evidence, written at fetch time' },
  );
  parts.push(await serializeRecord(info));
  const r = input.exchange.response;
  const { headers, payload, payloadNote } = responseParts(input);
  const response = WARCRecord.create(
    {
      url: input.finalUrl,
      date,
      type: 'response',
      warcVersion: WARC_VERSION,
      statusline: `HTTP/1.1 ${input.status} ${oneLine(r?.statusText || reasonPhrase(input.status))}`,
      httpHeaders: headers,
      warcHeaders: input.remoteAddress ? { 'WARC-IP-Address': input.remoteAddress.replace(/:\d+$/, '').replace(/^\[|\]$/g, '') } : {},
    },
    [payload],
  );
  const responseId = response.warcHeaders.headers.get('WARC-Record-ID') ?? '';
  const q = input.exchange.request;
  if (q) {
    const url = new URL(q.url);
    const request = WARCRecord.create(
      {
        url: q.url,
        date,
        type: 'request',
        warcVersion: WARC_VERSION,
        statusline: `${q.method} ${url.pathname}${url.search} HTTP/1.1`,
        httpHeaders: q.headers.map(([k, v]): [string, string] => [k, oneLine(v)]),
        warcHeaders: { 'WARC-Concurrent-To': responseId },
      },
      [],
    );
    parts.push(await serializeRecord(request));
  }
  parts.push(await serializeRecord(response));
  const metadata = WARCRecord.create(
    { url: input.finalUrl, date, type: 'metadata', warcVersion: WARC_VERSION, warcHeaders: { 'WARC-Concurrent-To': responseId } },
    [new TextEncoder().encode(facts(input, payloadNote))],
  );
  parts.push(await serializeRecord(metadata));
  return concatBytes(parts);
}
