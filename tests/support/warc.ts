/** Writes WARC files with warcio's own writer, for the scan-warc tests and benchmark. */
import { WARCRecord, type WARCType } from 'warcio';
import { WARCSerializer } from 'warcio/node';

export interface RecordSpec {
  type: WARCType;
  url: string;
  /** WARC-Date, ISO. */
  date?: string;
  /** The HTTP status line (response/request/revisit), default `HTTP/1.1 200 OK`. */
  statusline?: string;
  httpHeaders?: Record<string, string>;
  warcHeaders?: Record<string, string>;
  body?: string | Uint8Array;
  refersToUrl?: string;
  refersToDate?: string;
}

/** One record serialized (a gzip member of its own when `gzip`). */
async function serializeRecord(spec: RecordSpec, gzip: boolean): Promise<Uint8Array> {
  const body = typeof spec.body === 'string' ? new TextEncoder().encode(spec.body) : (spec.body ?? new Uint8Array());
  const hasHttp = spec.type === 'response' || spec.type === 'request' || spec.type === 'revisit';
  const record = WARCRecord.create(
    {
      url: spec.url,
      date: spec.date ?? '2023-01-09T10:00:00Z',
      type: spec.type,
      warcHeaders: spec.warcHeaders ?? (hasHttp ? {} : { 'Content-Type': 'application/warc-fields' }),
      ...(hasHttp
        ? { httpHeaders: spec.httpHeaders ?? {}, statusline: spec.statusline ?? (spec.type === 'request' ? 'GET / HTTP/1.1' : 'HTTP/1.1 200 OK') }
        : {}),
      refersToUrl: spec.refersToUrl,
      refersToDate: spec.refersToDate,
    },
    (async function* () {
      if (body.length) yield body;
    })(),
  );
  return WARCSerializer.serialize(record, { gzip });
}

/** A whole WARC: the records in order, and each one's byte offset in it. */
export async function buildWarc(specs: RecordSpec[], gzip: boolean): Promise<{ bytes: Buffer; offsets: number[] }> {
  const parts: Uint8Array[] = [];
  const offsets: number[] = [];
  let at = 0;
  for (const spec of specs) {
    const bytes = await serializeRecord(spec, gzip);
    offsets.push(at);
    parts.push(bytes);
    at += bytes.length;
  }
  return { bytes: Buffer.concat(parts), offsets };
}

/** An HTML response record. */
export function htmlResponse(url: string, html: string | Uint8Array, contentType = 'text/html; charset=utf-8', date?: string): RecordSpec {
  return { type: 'response', url, date, httpHeaders: { 'Content-Type': contentType }, body: html };
}
