/**
 * Keeps the final response as it came off the wire, for the WARC written at fetch time: the
 * status line, every header, and, when the body is content-encoded, its bytes before decoding
 * (transfer-decoded by undici), at most `maxBytes` of them (over that they are dropped and the
 * WARC falls back to the decoded body). Sits between the redirects and the decoder, so it sees
 * only the response the body comes from.
 */
import { PassHandler, type Controller, type Dispatch, type Handler, type Interceptor, type TracedDispatchOptions } from './types.ts';

export function wireInterceptor(): Interceptor {
  return (dispatch: Dispatch) => (opts, handler) => dispatch(opts, new WireHandler(handler, opts as TracedDispatchOptions));
}

class WireHandler extends PassHandler {
  private chunks: Buffer[] | null = null;
  private size = 0;

  constructor(
    next: Handler,
    private readonly opts: TracedDispatchOptions,
  ) {
    super(next);
  }

  override onResponseStart(controller: Controller, statusCode: number, headers: Record<string, string | string[] | undefined>, statusMessage?: string): void {
    const pairs: Array<[string, string]> = [];
    let encoded = false;
    for (const [name, value] of Object.entries(headers)) {
      for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
        pairs.push([name, v]);
        if (name.toLowerCase() === 'content-encoding' && v.trim() && v.trim().toLowerCase() !== 'identity') encoded = true;
      }
    }
    this.chunks = encoded ? [] : null;
    this.size = 0;
    const trace = this.opts.trace;
    trace.wire = {
      request: trace.wire?.request ?? null,
      response: { status: statusCode, statusText: statusMessage ?? '', headers: pairs, encodedBody: null, encodedDropped: false },
    };
    super.onResponseStart(controller, statusCode, headers, statusMessage);
  }

  override onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.chunks) {
      this.size += chunk.length;
      if (this.size > this.opts.maxBytes) {
        this.chunks = null;
        if (this.opts.trace.wire?.response) this.opts.trace.wire.response.encodedDropped = true;
      } else this.chunks.push(chunk);
    }
    super.onResponseData(controller, chunk);
  }

  override onResponseEnd(controller: Controller, trailers: Record<string, string | string[] | undefined>): void {
    const response = this.opts.trace.wire?.response;
    if (this.chunks && response) response.encodedBody = Buffer.concat(this.chunks, this.size);
    this.chunks = null;
    super.onResponseEnd(controller, trailers);
  }
}
