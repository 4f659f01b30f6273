/**
 * Follows redirects (301, 302, 303, 307, 308 with a Location) for GET and HEAD, at most
 * `maxRedirects`, recording every hop in the trace. A loop (a URL met twice), a non-HTTP target
 * or too many hops fail with CRAWL_REDIRECT naming the chain. Each hop is dispatched anew, so it
 * goes through the connector's destination guard again. Conditional and credential headers are
 * not carried to another URL.
 */
import { CopywatchError } from '../../domain/index.ts';
import { header, PassHandler, type Controller, type Dispatch, type FetchTrace, type Handler, type Interceptor, type TracedDispatchOptions } from './types.ts';

const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const DROPPED_HEADERS = new Set(['host', 'if-none-match', 'if-modified-since', 'authorization', 'cookie']);

export function redirectInterceptor(): Interceptor {
  return (dispatch: Dispatch) => (opts, handler) => {
    const traced = opts as TracedDispatchOptions;
    const visited = new Set<string>([hopUrl(traced)]);
    return dispatch(opts, new RedirectHandler(dispatch, traced, handler, visited));
  };
}

/** The request line's parts and the headers given to undici for `url` (undici writes `host` first). */
export function requestSent(method: string, url: URL, headers: Record<string, string>): NonNullable<FetchTrace['wire']>['request'] {
  return { method, url: url.href, headers: [['host', url.host], ...Object.entries(headers)] };
}

function hopUrl(opts: TracedDispatchOptions): string {
  return new URL(opts.path, opts.origin as string).href;
}

class RedirectHandler extends PassHandler {
  private location: URL | null = null;

  constructor(
    private readonly dispatch: Dispatch,
    private readonly opts: TracedDispatchOptions,
    next: Handler,
    private readonly visited: Set<string>,
  ) {
    super(next);
  }

  override onResponseStart(controller: Controller, statusCode: number, headers: Record<string, string | string[] | undefined>, statusMessage?: string): void {
    const location = header(headers, 'location');
    const method = (this.opts.method ?? 'GET').toUpperCase();
    if (!REDIRECT_STATUS.has(statusCode) || !location || (method !== 'GET' && method !== 'HEAD')) {
      super.onResponseStart(controller, statusCode, headers, statusMessage);
      return;
    }
    const from = hopUrl(this.opts);
    const trace = this.opts.trace;
    trace.redirects.push({ url: from, status: statusCode });
    const chain = () => [...trace.redirects.map((r) => r.url), location].join(' → ');
    let next: URL;
    try {
      next = new URL(location, from);
    } catch (cause) {
      controller.abort(new CopywatchError('CRAWL_REDIRECT', `${from} redirects to an invalid URL: ${location.slice(0, 200)}`, { cause }));
      return;
    }
    next.hash = '';
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      controller.abort(new CopywatchError('CRAWL_REDIRECT', `${from} redirects to a non-HTTP URL (${next.protocol})`));
      return;
    }
    if (this.visited.has(next.href)) {
      controller.abort(new CopywatchError('CRAWL_REDIRECT', `redirect loop: ${chain().slice(0, 1000)}`));
      return;
    }
    if (trace.redirects.length > this.opts.maxRedirects) {
      controller.abort(new CopywatchError('CRAWL_REDIRECT', `more than ${this.opts.maxRedirects} redirects: ${chain().slice(0, 1000)}`));
      return;
    }
    this.visited.add(next.href);
    this.location = next;
  }

  override onResponseData(controller: Controller, chunk: Buffer): void {
    if (!this.location) super.onResponseData(controller, chunk);
  }

  override onResponseEnd(controller: Controller, trailers: Record<string, string | string[] | undefined>): void {
    if (!this.location) {
      super.onResponseEnd(controller, trailers);
      return;
    }
    const next = this.location;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((this.opts.headers ?? {}) as Record<string, string>)) {
      if (!DROPPED_HEADERS.has(k.toLowerCase())) headers[k] = v;
    }
    const opts: TracedDispatchOptions = {
      ...this.opts,
      origin: next.origin,
      path: `${next.pathname}${next.search}`,
      headers,
      method: this.opts.method === 'HEAD' ? 'HEAD' : 'GET',
    };
    opts.trace.url = next.href;
    opts.trace.wire = { request: requestSent(opts.method ?? 'GET', next, headers), response: null };
    this.dispatch(opts, new RedirectHandler(this.dispatch, opts, this.next, this.visited));
  }
}
