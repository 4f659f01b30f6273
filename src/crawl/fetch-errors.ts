/** A failed fetch (undici's errors, the interceptors' refusals) as a CopywatchError with a stable code and a one-line message naming the URL. */
import { CopywatchError } from '../domain/index.ts';
import type { FetchTrace } from './interceptors/types.ts';

export function toCopywatchError(error: unknown, trace: FetchTrace, timeoutMs: number): CopywatchError {
  if (error instanceof CopywatchError) return error;
  const e = error as { name?: string; code?: string; message?: string; statusCode?: number; data?: { count?: number } };
  const url = trace.url;
  // The body broke off and the retry asked for the rest with a Range the server did not honour
  // (it answered 2xx with the whole page again): a truncated body, not an HTTP status problem.
  if (e?.code === 'UND_ERR_REQ_RETRY' && e.statusCode && e.statusCode >= 200 && e.statusCode < 300) {
    return new CopywatchError(
      'CRAWL_NETWORK',
      `${url}: the connection closed before the whole body arrived (${trace.attempts > 1 ? `${trace.attempts} tries` : 'and the server cannot resume it'})`,
      { cause: error },
    );
  }
  if (e?.code === 'UND_ERR_SOCKET')
    return new CopywatchError('CRAWL_NETWORK', `${url}: the connection closed before the answer was complete`, { cause: error });
  if (e?.code === 'UND_ERR_REQ_RETRY' && e.statusCode) {
    const times = trace.attempts > 1 ? ` ${trace.attempts} times (retries exhausted)` : '';
    return new CopywatchError('CRAWL_HTTP_STATUS', `${url} answered HTTP ${e.statusCode}${times}`, { cause: error });
  }
  if (e?.code === 'UND_ERR_CONNECT_TIMEOUT')
    return new CopywatchError('CRAWL_TIMEOUT', `${url}: could not connect within ${Math.min(timeoutMs, 10_000)} ms`, { cause: error });
  if (e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new CopywatchError('CRAWL_TIMEOUT', `${url} did not answer within ${timeoutMs} ms`, { cause: error });
  }
  if (e?.code === 'UND_ERR_BODY_TIMEOUT') return new CopywatchError('CRAWL_TIMEOUT', `${url} stopped sending its body for ${timeoutMs} ms`, { cause: error });
  if (e?.code === 'UND_ERR_HEADERS_OVERFLOW') return new CopywatchError('CRAWL_NETWORK', `${url} sent headers above the size limit`, { cause: error });
  const detail = `${e?.code ?? ''} ${e?.message ?? String(error)}`.replace(/\s+/g, ' ').trim().slice(0, 300);
  return new CopywatchError('CRAWL_NETWORK', `${url}: ${detail}`, { cause: error });
}
