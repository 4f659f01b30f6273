/**
 * Refuses what the crawler will not read, as early as possible: a content type that is not a
 * page (or, for sitemaps, feeds and robots.txt, not XML or text), a declared Content-Length
 * above `maxBytes`, and a body that grows past `maxBytes` (counted after decompression). A
 * missing Content-Type is let through (the extractor sniffs the bytes).
 */
import { CopywatchError } from '../../domain/index.ts';
import { header, PassHandler, type Accept, type Controller, type Dispatch, type Handler, type Interceptor, type TracedDispatchOptions } from './types.ts';

const HTML = /^(text\/html|application\/xhtml\+xml|text\/plain)$/;
const XML = /^(text\/xml|application\/xml|application\/(rss|atom|rdf)\+xml|text\/plain|application\/(x-)?gzip|application\/octet-stream|text\/html)$/;

/** Images: any image type (the decoder refuses vector and animated ones with a reason), or bytes of no declared type. */
const IMAGE = /^(image\/[a-z0-9.+-]+|application\/octet-stream|binary\/octet-stream)$/;

function acceptsContentType(contentType: string | undefined, accept: Accept): boolean {
  if (accept === 'any' || !contentType) return true;
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (!type) return true;
  if (accept === 'image') return IMAGE.test(type);
  return accept === 'html' ? HTML.test(type) : XML.test(type) || type.endsWith('+xml');
}

const ACCEPTED: Record<Accept, string> = { html: 'an HTML or text page', xml: 'XML or text', image: 'an image', any: 'anything' };

export function limitsInterceptor(): Interceptor {
  return (dispatch: Dispatch) => (opts, handler) => dispatch(opts, new LimitsHandler(handler, opts as TracedDispatchOptions));
}

class LimitsHandler extends PassHandler {
  private size = 0;
  private refused = false;

  constructor(
    next: Handler,
    private readonly opts: TracedDispatchOptions,
  ) {
    super(next);
  }

  override onResponseStart(controller: Controller, statusCode: number, headers: Record<string, string | string[] | undefined>, statusMessage?: string): void {
    const url = this.opts.trace.url;
    if (statusCode >= 200 && statusCode < 300) {
      const type = header(headers, 'content-type');
      if (!acceptsContentType(type, this.opts.accept)) {
        return this.refuse(
          controller,
          new CopywatchError('CRAWL_CONTENT_TYPE', `${url} is ${type!.split(';')[0].trim().slice(0, 80)}, not ${ACCEPTED[this.opts.accept]}`),
        );
      }
      const declared = Number(header(headers, 'content-length'));
      if (!header(headers, 'content-encoding') && Number.isFinite(declared) && declared > this.opts.maxBytes) {
        return this.refuse(controller, new CopywatchError('CRAWL_TOO_LARGE', `${url} is ${declared} bytes, above the ${this.opts.maxBytes}-byte limit`));
      }
    }
    super.onResponseStart(controller, statusCode, headers, statusMessage);
  }

  override onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.refused) return;
    this.size += chunk.length;
    if (this.size > this.opts.maxBytes) {
      this.refuse(controller, new CopywatchError('CRAWL_TOO_LARGE', `${this.opts.trace.url} is larger than the ${this.opts.maxBytes}-byte limit`));
      return;
    }
    super.onResponseData(controller, chunk);
  }

  private refuse(controller: Controller, error: CopywatchError): void {
    this.refused = true;
    controller.abort(error);
  }
}

/** Counts every request sent (placed inside the retry interceptor, it sees each attempt). */
export function attemptsInterceptor(): Interceptor {
  return (dispatch: Dispatch) => (opts, handler) => {
    (opts as TracedDispatchOptions).trace.attempts++;
    return dispatch(opts, handler);
  };
}
