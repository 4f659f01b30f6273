/**
 * The one request to a Time-Stamp Authority: a DER TimeStampReq POSTed as
 * application/timestamp-query, its DER answer read (at most 1 MB). Through the crawler's guarding
 * connector: a TSA at a private or loopback address is refused unless `allowPrivate`. Never
 * throws: a TSA that cannot be reached is a reason, so that the export goes on without its stamp.
 */
import { Agent, request } from 'undici';
import { createConnector } from './connector.ts';
import { parseHttpUrl } from './normalize-url.ts';

interface TsaRequestOptions {
  url: string;
  timeoutMs: number;
  allowPrivate: boolean;
  userAgent: string;
}

type TsaAnswer = { ok: true; body: Uint8Array } | { ok: false; reason: string };

const MAX_REPLY = 1024 * 1024;

export async function postTimestampQuery(query: Uint8Array, o: TsaRequestOptions): Promise<TsaAnswer> {
  try {
    parseHttpUrl(o.url);
  } catch (error) {
    return { ok: false, reason: `TSA URL: ${(error as Error).message}` };
  }
  const connect = createConnector({ guard: !o.allowPrivate, allowHosts: [], resolve: {}, connectTimeoutMs: Math.min(o.timeoutMs, 10_000) }, new Map());
  const agent = new Agent({ connect, headersTimeout: o.timeoutMs, bodyTimeout: o.timeoutMs });
  try {
    const res = await request(o.url, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply', 'user-agent': o.userAgent },
      body: Buffer.from(query),
      signal: AbortSignal.timeout(o.timeoutMs),
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_REPLY) return { ok: false, reason: `the TSA's answer is larger than ${MAX_REPLY} bytes` };
      chunks.push(chunk);
    }
    if (res.statusCode !== 200) return { ok: false, reason: `the TSA answered HTTP ${res.statusCode}` };
    const type = String(res.headers['content-type'] ?? '');
    if (!/^application\/timestamp-(reply|response)\b/i.test(type))
      return { ok: false, reason: `the TSA answered ${type || 'no content type'}, not application/timestamp-reply` };
    return { ok: true, body: new Uint8Array(Buffer.concat(chunks)) };
  } catch (error) {
    const e = error as Error & { code?: string; cause?: { code?: string; message?: string } };
    const why = e.cause?.code ?? e.code ?? e.name;
    return { ok: false, reason: `the TSA at ${o.url} cannot be reached: ${why ? `${why}: ` : ''}${(e.cause?.message ?? e.message).split('\n')[0]}` };
  } finally {
    void agent.close();
  }
}
