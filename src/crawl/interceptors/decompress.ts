/**
 * Decodes gzip, deflate and br bodies, stopping at `maxBytes` of output: a decompression bomb
 * is cut off at the cap, never inflated whole (the decoder is destroyed as soon as its output
 * passes the cap, and the compressed input is paused while the decoder is behind). The
 * response's headers are passed on unchanged (Content-Encoding stays in the evidence).
 */
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import { CopywatchError } from '../../domain/index.ts';
import { header, PassHandler, type Controller, type Dispatch, type Handler, type Interceptor, type TracedDispatchOptions } from './types.ts';

function decoderFor(encoding: string): Transform | null | 'unsupported' {
  const value = encoding.trim().toLowerCase();
  if (!value || value === 'identity') return null;
  if (value === 'gzip' || value === 'x-gzip') return createGunzip();
  if (value === 'deflate') return createInflate();
  if (value === 'br') return createBrotliDecompress();
  return 'unsupported';
}

export function decompressInterceptor(): Interceptor {
  return (dispatch: Dispatch) => (opts, handler) => dispatch(opts, new DecompressHandler(handler, opts as TracedDispatchOptions));
}

class DecompressHandler extends PassHandler {
  private decoder: Transform | null = null;
  private size = 0;
  private finished = false;

  constructor(
    next: Handler,
    private readonly opts: TracedDispatchOptions,
  ) {
    super(next);
  }

  override onResponseStart(controller: Controller, statusCode: number, headers: Record<string, string | string[] | undefined>, statusMessage?: string): void {
    const encoding = header(headers, 'content-encoding') ?? '';
    if (this.opts.raw || statusCode < 200 || statusCode === 204 || statusCode === 304 || !encoding) {
      super.onResponseStart(controller, statusCode, headers, statusMessage);
      return;
    }
    const decoder = decoderFor(encoding.split(',').pop() ?? '');
    if (decoder === 'unsupported') {
      controller.abort(
        new CopywatchError('CRAWL_CONTENT_TYPE', `${this.opts.trace.url}: unsupported content-encoding ${JSON.stringify(encoding.slice(0, 40))}`),
      );
      return;
    }
    if (encoding.includes(',')) {
      controller.abort(
        new CopywatchError('CRAWL_CONTENT_TYPE', `${this.opts.trace.url}: stacked content-encodings are not accepted (${encoding.slice(0, 60)})`),
      );
      return;
    }
    if (decoder) this.attach(controller, decoder);
    super.onResponseStart(controller, statusCode, headers, statusMessage);
  }

  private attach(controller: Controller, decoder: Transform): void {
    this.decoder = decoder;
    const max = this.opts.maxBytes;
    decoder.on('data', (chunk: Buffer) => {
      if (this.finished) return;
      this.size += chunk.length;
      if (this.size > max) {
        this.fail(controller, new CopywatchError('CRAWL_TOO_LARGE', `${this.opts.trace.url} is larger than the ${max}-byte limit once decompressed`));
        return;
      }
      this.next.onResponseData?.(controller, chunk);
    });
    decoder.on('drain', () => {
      if (!this.finished && controller.paused) controller.resume();
    });
    decoder.on('error', (cause) => {
      this.fail(controller, new CopywatchError('CRAWL_NETWORK', `${this.opts.trace.url} sent a body that does not decompress`, { cause }));
    });
  }

  private fail(controller: Controller, error: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.decoder?.destroy();
    controller.abort(error);
    // The body may already be complete (the error came while draining the decoder).
    if (this.ended) this.next.onResponseError?.(controller, error);
  }

  private ended = false;

  override onResponseData(controller: Controller, chunk: Buffer): void {
    if (!this.decoder) {
      super.onResponseData(controller, chunk);
      return;
    }
    if (this.finished) return;
    if (!this.decoder.write(chunk)) controller.pause();
  }

  override onResponseEnd(controller: Controller, trailers: Record<string, string | string[] | undefined>): void {
    if (!this.decoder) {
      super.onResponseEnd(controller, trailers);
      return;
    }
    this.ended = true;
    if (this.finished) return;
    this.decoder.once('end', () => {
      if (this.finished) return;
      this.finished = true;
      this.next.onResponseEnd?.(controller, trailers);
    });
    this.decoder.end();
  }

  override onResponseError(controller: Controller, error: Error): void {
    if (this.decoder && !this.finished) {
      this.finished = true;
      this.decoder.destroy();
    }
    super.onResponseError(controller, error);
  }
}
