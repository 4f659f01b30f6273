/**
 * The one HTTP call of the search providers: a GET answered with JSON, through undici with a
 * time limit and a size cap. 429 and 5xx answers and network faults are retried with doubling
 * backoff (Retry-After honoured, capped). Secrets (API keys) are redacted from every message it
 * raises, whatever the upstream says.
 */
import { Agent, request, type Dispatcher } from 'undici';
import { CopywatchError } from '../../domain/index.ts';
import { createConnector, type Lookup } from '../connector.ts';

export interface SearchHttpOptions {
  userAgent: string;
  /** Time limit for one attempt, headers and body (ms). */
  timeoutMs: number;
  /** Largest answer accepted (bytes). */
  maxBytes: number;
  /** Retries after a 429, a 5xx or a network fault. */
  retries: number;
  /** First backoff (ms), doubled for each further retry. */
  retryBaseMs: number;
  /** Longest wait before a retry, Retry-After included (ms). */
  maxRetryWaitMs: number;
  /** Host → address (crawler.resolve): the demo's search engine is a fixture host. */
  resolve: Record<string, string>;
  lookup?: Lookup;
  /** Waits (tests make it instant). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Replaces every secret in `text` by `[redacted]`. */
function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]').split(encodeURIComponent(s)).join('[redacted]');
  return out;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** Retry-After as ms (seconds or an HTTP date), or null. */
function retryAfterMs(value: string | string[] | undefined, now: number): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export class SearchHttp {
  private readonly agent: Agent;

  constructor(private readonly options: SearchHttpOptions) {
    // No private-address guard: the search engine is the operator's own choice (often a SearXNG on the LAN).
    this.agent = new Agent({
      connect: createConnector(
        { guard: false, allowHosts: [], resolve: options.resolve, connectTimeoutMs: options.timeoutMs, lookup: options.lookup },
        new Map(),
      ),
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  /**
   * GETs `url` and parses its JSON. `name` names the provider in messages; `secrets` are
   * redacted from them. Throws SEARCH_FAILED (after the retries) or INTERRUPTED-like aborts.
   */
  async getJson(url: string, headers: Record<string, string>, name: string, secrets: readonly string[], signal?: AbortSignal): Promise<unknown> {
    const sleep = this.options.sleep ?? defaultSleep;
    const fail = (message: string, cause?: unknown) =>
      new CopywatchError('SEARCH_FAILED', redact(`${name}: ${message}`, secrets), cause === undefined ? {} : { cause: redact(String(cause), secrets) });
    let last = '';
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      if (signal?.aborted) throw fail('interrupted');
      let wait: number | null = null;
      try {
        const res = await request(url, {
          method: 'GET',
          dispatcher: this.agent,
          headers: { 'user-agent': this.options.userAgent, accept: 'application/json', ...headers },
          signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs)]) : AbortSignal.timeout(this.options.timeoutMs),
        });
        if (res.statusCode === 429 || res.statusCode >= 500) {
          await res.body.dump().catch(() => {});
          last = `HTTP ${res.statusCode}`;
          wait = retryAfterMs(res.headers['retry-after'], Date.now());
        } else if (res.statusCode >= 400) {
          await res.body.dump().catch(() => {});
          throw fail(`HTTP ${res.statusCode}${res.statusCode === 401 || res.statusCode === 403 ? ' (is the API key right?)' : ''}`);
        } else {
          const body = await readCapped(res.body, this.options.maxBytes);
          if (!body) throw fail(`answer larger than ${this.options.maxBytes} bytes`);
          try {
            return JSON.parse(body.toString('utf8')) as unknown;
          } catch {
            throw fail('answer is not JSON (is the JSON format enabled?)');
          }
        }
      } catch (error) {
        if (error instanceof CopywatchError) throw error;
        if (signal?.aborted) throw fail('interrupted');
        last = (error as Error).name === 'TimeoutError' ? `no answer within ${this.options.timeoutMs} ms` : `network: ${(error as Error).message}`;
      }
      if (attempt < this.options.retries) {
        const backoff = this.options.retryBaseMs * 2 ** attempt;
        await sleep(Math.min(this.options.maxRetryWaitMs, Math.max(backoff, wait ?? 0)), signal);
      }
    }
    throw fail(`${last} after ${this.options.retries + 1} attempts`);
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
