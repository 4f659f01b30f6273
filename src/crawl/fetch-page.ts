/**
 * One page over HTTP(S), defensively: a total time limit, a cap on the (decompressed) body,
 * redirects followed by hand (at most 5, the chain recorded), and errors with stable codes.
 */
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Readable, type Transform } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { CopywatchError } from '../domain/index.ts';

export interface FetchOptions {
  /** Total time for the request, redirects and body (ms). */
  timeoutMs?: number;
  /** Largest body accepted, after decompression (bytes). */
  maxBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
  dispatcher?: Dispatcher;
  /** Called before each hop (the first URL and every redirect target); throw to refuse it. */
  checkUrl?: (url: URL) => void | Promise<void>;
}

export interface FetchedPage {
  /** The URL asked for. */
  requestedUrl: string;
  /** The URL the body came from, after redirects. */
  url: string;
  status: number;
  headers: Record<string, string>;
  contentType: string | null;
  body: Buffer;
  /** Every URL that answered with a redirect, in order. */
  redirects: string[];
}

export const DEFAULT_USER_AGENT = 'copywatch/0.1 (+https://github.com/copywatch/copywatch; content-licensing compliance checker)';

export async function fetchPage(input: string, options: FetchOptions = {}): Promise<FetchedPage> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const signal = AbortSignal.timeout(timeoutMs);
  let url = parseHttpUrl(input);
  const redirects: string[] = [];
  for (;;) {
    await options.checkUrl?.(url);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: 'GET',
        signal,
        dispatcher: options.dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        headers: {
          'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
          accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
          'accept-encoding': 'gzip, deflate, br',
        },
      });
    } catch (error) {
      throw networkError(error, url, timeoutMs);
    }
    const headers = flatHeaders(response.headers);
    if (response.statusCode >= 300 && response.statusCode < 400 && headers.location) {
      discard(response.body);
      redirects.push(url.href);
      if (redirects.length > maxRedirects) {
        throw new CopywatchError('CRAWL_REDIRECT', `more than ${maxRedirects} redirects from ${input}`);
      }
      try {
        url = new URL(headers.location, url);
      } catch (cause) {
        throw new CopywatchError('CRAWL_REDIRECT', `${url.href} redirects to an invalid URL: ${headers.location}`, { cause });
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new CopywatchError('CRAWL_REDIRECT', `${redirects[redirects.length - 1]} redirects to a non-HTTP URL: ${url.protocol}`);
      }
      continue;
    }
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes && !headers['content-encoding']) {
      discard(response.body);
      throw new CopywatchError('CRAWL_TOO_LARGE', `${url.href} is ${declared} bytes, above the ${maxBytes}-byte limit`);
    }
    const body = await readBody(response.body, headers['content-encoding'], maxBytes, url, timeoutMs);
    return {
      requestedUrl: input,
      url: url.href,
      status: response.statusCode,
      headers,
      contentType: headers['content-type'] ?? null,
      body,
      redirects,
    };
  }
}

export function parseHttpUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch (cause) {
    throw new CopywatchError('URL_INVALID', `not a URL: ${JSON.stringify(input.slice(0, 200))}`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CopywatchError('URL_INVALID', `only http and https URLs can be fetched, not ${url.protocol} (${input.slice(0, 200)})`);
  }
  return url;
}

function flatHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function decoderFor(encoding: string | undefined): Transform | null {
  const value = (encoding ?? '').trim().toLowerCase();
  if (!value || value === 'identity') return null;
  if (value === 'gzip' || value === 'x-gzip') return createGunzip();
  if (value === 'deflate') return createInflate();
  if (value === 'br') return createBrotliDecompress();
  throw new CopywatchError('CRAWL_CONTENT_TYPE', `unsupported content-encoding: ${value}`);
}

/** Reads the body through its decompressor, stopping as soon as the output passes maxBytes. */
async function readBody(body: Readable, encoding: string | undefined, maxBytes: number, url: URL, timeoutMs: number): Promise<Buffer> {
  const decoder = decoderFor(encoding);
  const stream: Readable = decoder ? body.pipe(decoder) : body;
  if (decoder) body.on('error', (e) => decoder.destroy(e));
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        throw new CopywatchError('CRAWL_TOO_LARGE', `${url.href} is larger than the ${maxBytes}-byte limit${decoder ? ' once decompressed' : ''}`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    discard(body);
    decoder?.destroy();
    if (error instanceof CopywatchError) throw error;
    throw networkError(error, url, timeoutMs);
  }
  return Buffer.concat(chunks);
}

/** Drops a body we will not read, without an unhandled 'error' event. */
function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

function networkError(error: unknown, url: URL, timeoutMs: number): CopywatchError {
  if (error instanceof CopywatchError) return error;
  const e = error as { name?: string; code?: string; message?: string };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || /TIMEOUT/.test(e?.code ?? '')) {
    return new CopywatchError('CRAWL_TIMEOUT', `${url.href} did not answer within ${timeoutMs} ms`, { cause: error });
  }
  if (e?.code === 'Z_DATA_ERROR' || e?.code === 'Z_BUF_ERROR' || e?.code === 'ERR__ERROR_FORMAT_PADDING_1') {
    return new CopywatchError('CRAWL_NETWORK', `${url.href} sent a body that does not decompress`, { cause: error });
  }
  return new CopywatchError('CRAWL_NETWORK', `${url.href}: ${e?.code ?? ''} ${e?.message ?? String(error)}`.replace(/\s+/g, ' ').trim(), { cause: error });
}
