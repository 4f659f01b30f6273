/** What the crawler's interceptors share: the options they read and the trace they fill. */
import type { Dispatcher } from 'undici';
import type { HttpExchange } from '../../domain/index.ts';

export type Accept = 'html' | 'xml' | 'image' | 'any';

/** Filled while a fetch runs: the evidence that is not in the final response. */
export interface FetchTrace {
  /** The URL of the hop being fetched now (the final URL once the response arrives). */
  url: string;
  /** Every URL that answered with a redirect, in order, with its status. */
  redirects: Array<{ url: string; status: number }>;
  /** Requests sent (retries included). */
  attempts: number;
  /** The last hop's request and its response as received (for the WARC written at fetch time). */
  wire?: { request: HttpExchange['request']; response: HttpExchange['response'] };
}

export interface TracedDispatchOptions extends Dispatcher.DispatchOptions {
  trace: FetchTrace;
  accept: Accept;
  maxBytes: number;
  maxRedirects: number;
  /** The body as sent, its Content-Encoding not undone (a WARC download: its gzip members are the file). */
  raw?: boolean;
}

export type Handler = Dispatcher.DispatchHandler;
export type Controller = Dispatcher.DispatchController;
export type Dispatch = Dispatcher.Dispatch;
export type Interceptor = Dispatcher.DispatcherComposeInterceptor;

/** A handler that passes everything to `next`; interceptors override what they change. */
export class PassHandler implements Handler {
  constructor(protected readonly next: Handler) {}
  onRequestStart(controller: Controller, context: unknown): void {
    this.next.onRequestStart?.(controller, context);
  }
  onResponseStart(controller: Controller, statusCode: number, headers: Record<string, string | string[] | undefined>, statusMessage?: string): void {
    this.next.onResponseStart?.(controller, statusCode, headers as never, statusMessage);
  }
  onResponseData(controller: Controller, chunk: Buffer): void {
    this.next.onResponseData?.(controller, chunk);
  }
  onResponseEnd(controller: Controller, trailers: Record<string, string | string[] | undefined>): void {
    this.next.onResponseEnd?.(controller, trailers as never);
  }
  onResponseError(controller: Controller, error: Error): void {
    this.next.onResponseError?.(controller, error);
  }
}

export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}
