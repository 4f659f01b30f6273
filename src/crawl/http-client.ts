/**
 * The HTTP client every fetch goes through: an undici Agent whose connector applies
 * `crawler.resolve` and the destination guard, composed with interceptors (outermost first):
 * limits (content type, size) → decompress (capped) → redirects (chain recorded) → retry
 * (429/503 with Retry-After, connection resets, backoff doubling) → attempts (counted).
 * `fetch` returns the evidence of one fetch, or throws a CopywatchError with a stable code.
 */
import { createHash } from 'node:crypto';
import { Agent, interceptors, type Dispatcher } from 'undici';
import { CopywatchError, type HttpExchange } from '../domain/index.ts';
import { createConnector, type Lookup, type RemoteAddresses } from './connector.ts';
import { decompressInterceptor } from './interceptors/decompress.ts';
import { attemptsInterceptor, limitsInterceptor } from './interceptors/limits.ts';
import { redirectInterceptor, requestSent } from './interceptors/redirects.ts';
import { wireInterceptor } from './interceptors/wire.ts';
import { parseHttpUrl } from './normalize-url.ts';
import { StreamCollector, type StreamedResponse, type StreamRequest } from './http-stream.ts';
import { toCopywatchError } from './fetch-errors.ts';
import type { Accept, Controller, FetchTrace, Handler, TracedDispatchOptions } from './interceptors/types.ts';

export interface HttpClientOptions {
  userAgent: string;
  /** Time limit for one fetch, redirects, retries and body included (ms). */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  retries: number;
  resolve: Record<string, string>;
  /** Refuse non-public destinations (see connector.ts). */
  guard: boolean;
  allowHosts: string[];
  /** Longest wait between two retries, Retry-After included (ms). Default min(30 s, timeoutMs / 2). */
  maxRetryWaitMs?: number;
  /** First retry wait, doubled for each further retry (ms). Default 250. */
  retryBaseMs?: number;
  lookup?: Lookup;
  clock?: () => Date;
}

export interface FetchRequest {
  accept?: Accept;
  /** Extra request headers (If-None-Match ...). */
  headers?: Record<string, string>;
  /** Overrides of the client's limits for this fetch. */
  maxBytes?: number;
  timeoutMs?: number;
}

/** The evidence of one fetch (DESIGN.md): what was asked, what answered, when, from where. */
export interface FetchRecord {
  /** The URL asked for. */
  requestedUrl: string;
  /** The URL the body came from, after redirects. */
  finalUrl: string;
  /** Every URL that answered with a redirect, in order. */
  redirects: string[];
  /** The same hops with their statuses. */
  redirectChain: Array<{ url: string; status: number }>;
  status: number;
  /** Selected response headers, lower-case names (SELECTED_HEADERS). */
  headers: Record<string, string>;
  contentType: string | null;
  /** UTC ISO time the response headers arrived. */
  capturedAt: string;
  /** IP:port the final response came from. */
  remoteAddress: string | null;
  /** SHA-256 (hex) of the body after content decoding (gzip/br undone), as the page's bytes. */
  sha256: string;
  size: number;
  /** The body after content decoding. */
  body: Buffer;
  /** Requests sent, retries and redirects included. */
  attempts: number;
  /** The last hop's request and its response as received (for the WARC written at fetch time). */
  wire?: HttpExchange;
  timing: { ttfbMs: number; totalMs: number };
}

const ACCEPT_HEADERS: Record<Accept, string> = {
  html: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5',
  xml: 'application/xml,text/xml;q=0.9,*/*;q=0.5',
  image: 'image/jpeg,image/png,image/webp,image/avif,image/*;q=0.8,*/*;q=0.5',
  any: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5',
};

export const SELECTED_HEADERS = [
  'content-type',
  'content-length',
  'last-modified',
  'etag',
  'server',
  'date',
  'x-robots-tag',
  'content-encoding',
  'location',
  'retry-after',
  'content-language',
];

export class HttpClient {
  readonly options: HttpClientOptions;
  private readonly agent: Agent;
  private readonly dispatcher: Dispatcher;
  private readonly remotes: RemoteAddresses = new Map();

  constructor(options: HttpClientOptions) {
    this.options = options;
    const connect = createConnector(
      {
        resolve: options.resolve,
        guard: options.guard,
        allowHosts: options.allowHosts,
        connectTimeoutMs: Math.min(options.timeoutMs, 10_000),
        lookup: options.lookup,
      },
      this.remotes,
    );
    this.agent = new Agent({
      connect,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 10_000,
      maxHeaderSize: 32 * 1024,
    });
    this.dispatcher = this.agent.compose(
      attemptsInterceptor(),
      interceptors.retry({
        maxRetries: options.retries,
        minTimeout: options.retryBaseMs ?? 250,
        maxTimeout: options.maxRetryWaitMs ?? Math.min(30_000, Math.floor(options.timeoutMs / 2)),
        timeoutFactor: 2,
        retryAfter: true,
        methods: ['GET', 'HEAD'],
        statusCodes: [429, 503],
        errorCodes: ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'],
      }),
      redirectInterceptor(),
      wireInterceptor(),
      decompressInterceptor(),
      limitsInterceptor(),
    );
  }

  fetch(url: string, request: FetchRequest = {}): Promise<FetchRecord> {
    let parsed: URL;
    try {
      parsed = parseHttpUrl(url);
    } catch (error) {
      return Promise.reject(error);
    }
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent,
      accept: ACCEPT_HEADERS[request.accept ?? 'html'],
      'accept-encoding': 'gzip, deflate, br',
      ...request.headers,
    };
    const trace: FetchTrace = { url: parsed.href, redirects: [], attempts: 0, wire: { request: requestSent('GET', parsed, headers), response: null } };
    const opts: TracedDispatchOptions = {
      origin: parsed.origin,
      path: `${parsed.pathname}${parsed.search}`,
      method: 'GET',
      headers,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      trace,
      accept: request.accept ?? 'html',
      maxBytes: request.maxBytes ?? this.options.maxBytes,
      maxRedirects: this.options.maxRedirects,
    };
    const clock = this.options.clock ?? (() => new Date());
    return new Promise<FetchRecord>((resolve, reject) => {
      const collector = new Collector(url, trace, timeoutMs, clock, this.remotes, resolve, reject);
      try {
        this.dispatcher.dispatch(opts, collector);
      } catch (error) {
        collector.onResponseError(null, error as Error);
      }
    });
  }

  /**
   * A long download read as it comes (http-stream.ts), through the same guard, redirects and
   * retries; refused at once when it does not answer 200, or declares more than `maxBytes`.
   */
  async stream(url: string, request: StreamRequest): Promise<StreamedResponse> {
    const parsed = parseHttpUrl(url);
    const trace: FetchTrace = { url: parsed.href, redirects: [], attempts: 0 };
    const collector = new StreamCollector(trace, request);
    const opts: TracedDispatchOptions = {
      origin: parsed.origin,
      path: `${parsed.pathname}${parsed.search}`,
      method: 'GET',
      headers: { 'user-agent': this.options.userAgent, accept: '*/*', 'accept-encoding': 'identity' },
      headersTimeout: request.idleMs,
      bodyTimeout: request.idleMs,
      trace,
      accept: 'any',
      maxBytes: request.maxBytes,
      maxRedirects: this.options.maxRedirects,
      raw: true,
    };
    try {
      this.dispatcher.dispatch(opts, collector);
    } catch (error) {
      collector.onResponseError(null, error as Error);
    }
    const status = await collector.head;
    if (status !== 200) {
      collector.fail(new CopywatchError('CRAWL_HTTP_STATUS', `${trace.url} answered HTTP ${status}`));
      throw new CopywatchError('CRAWL_HTTP_STATUS', `${trace.url} answered HTTP ${status}`);
    }
    return {
      finalUrl: trace.url,
      status,
      chunks: collector.chunks(),
      cancel: () => collector.fail(new CopywatchError('CRAWL_NETWORK', `${trace.url}: download cancelled`)),
    };
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => this.agent.destroy());
  }
}

/** The last handler: collects the body, enforces the total deadline, settles the promise once. */
class Collector implements Handler {
  private controller: Controller | null = null;
  private readonly started = performance.now();
  private ttfb = 0;
  private status = 0;
  private headers: Record<string, string> = {};
  private capturedAt = '';
  private readonly chunks: Buffer[] = [];
  private readonly hash = createHash('sha256');
  private size = 0;
  private done = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly requestedUrl: string,
    private readonly trace: FetchTrace,
    private readonly timeoutMs: number,
    private readonly clock: () => Date,
    private readonly remotes: RemoteAddresses,
    private readonly resolve: (r: FetchRecord) => void,
    private readonly reject: (e: Error) => void,
  ) {
    this.timer = setTimeout(() => this.fail(new CopywatchError('CRAWL_TIMEOUT', `${this.trace.url} did not answer within ${timeoutMs} ms`)), timeoutMs);
  }

  onRequestStart(controller: Controller): void {
    this.controller = controller;
    if (this.done) controller.abort(new Error('fetch already settled'));
  }

  onResponseStart(controller: Controller, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    this.controller = controller;
    if (this.done) return controller.abort(new Error('fetch already settled'));
    this.ttfb = performance.now() - this.started;
    this.status = statusCode;
    this.capturedAt = this.clock().toISOString();
    for (const name of SELECTED_HEADERS) {
      const v = headers[name];
      if (v !== undefined) this.headers[name] = (Array.isArray(v) ? v.join(', ') : v).slice(0, 2000);
    }
  }

  onResponseData(_controller: Controller, chunk: Buffer): void {
    if (this.done) return;
    this.chunks.push(chunk);
    this.hash.update(chunk);
    this.size += chunk.length;
  }

  onResponseEnd(): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    const final = this.trace.url;
    this.resolve({
      requestedUrl: this.requestedUrl,
      finalUrl: final,
      redirects: this.trace.redirects.map((r) => r.url),
      redirectChain: this.trace.redirects,
      status: this.status,
      headers: this.headers,
      contentType: this.headers['content-type'] ?? null,
      capturedAt: this.capturedAt || this.clock().toISOString(),
      remoteAddress: this.remotes.get(new URL(final).origin) ?? null,
      sha256: this.hash.digest('hex'),
      size: this.size,
      body: Buffer.concat(this.chunks, this.size),
      attempts: this.trace.attempts,
      wire: { request: this.trace.wire?.request ?? null, response: this.trace.wire?.response ?? null },
      timing: { ttfbMs: round(this.ttfb), totalMs: round(performance.now() - this.started) },
    });
  }

  onResponseError(_controller: Controller | null, error: Error): void {
    this.fail(toCopywatchError(error, this.trace, this.timeoutMs));
  }

  private fail(error: CopywatchError): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.chunks.length = 0;
    this.controller?.abort(error);
    this.reject(error);
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
