/**
 * A long download read as it comes (a WARC file of a gigabyte, judged while it arrives), through
 * the crawler's HTTP client and so its destination guard, redirects, retries and size cap, but
 * not held whole: the body is handed on in chunks, and the connection is paused while more than
 * HIGH_WATER bytes wait to be read (resumed below LOW_WATER). The whole download has its own time
 * limit; a server that sends nothing for `idleMs` is given up.
 */
import { CopywatchError } from '../domain/index.ts';
import { toCopywatchError } from './fetch-errors.ts';
import type { Controller, FetchTrace, Handler } from './interceptors/types.ts';

const HIGH_WATER = 4 * 1024 * 1024;
const LOW_WATER = 1024 * 1024;

export interface StreamRequest {
  /** The most bytes the body may hold (a larger declared length is refused at once, a longer body cut off with an error). */
  maxBytes: number;
  /** The whole download, from the request to its last byte (ms). */
  timeoutMs: number;
  /** The longest the server may send nothing: connecting, the headers, between two chunks (ms). */
  idleMs: number;
}

export interface StreamedResponse {
  /** The URL the body comes from, after redirects. */
  finalUrl: string;
  status: number;
  /** The body, in chunks as they arrive; throws a CopywatchError when the download breaks off. Read it, or call `cancel`. */
  chunks: AsyncIterable<Buffer>;
  /** Ends the download (the rest of the body is not wanted). */
  cancel(): void;
}

/** The last handler of a streamed download (see above). */
export class StreamCollector implements Handler {
  private controller: Controller | null = null;
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private paused = false;
  private ended = false;
  private error: CopywatchError | null = null;
  private wake: (() => void) | null = null;
  private settleHead: ((status: number) => void) | null;
  private failHead: ((error: CopywatchError) => void) | null;
  private readonly timer: NodeJS.Timeout;
  /** Resolves with the status once the headers arrived; rejects when the download fails first. */
  readonly head: Promise<number>;

  constructor(
    private readonly trace: FetchTrace,
    private readonly request: StreamRequest,
  ) {
    let settle!: (status: number) => void;
    let fail!: (error: CopywatchError) => void;
    this.head = new Promise<number>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    this.settleHead = settle;
    this.failHead = fail;
    this.timer = setTimeout(
      () => this.fail(new CopywatchError('CRAWL_TIMEOUT', `${this.trace.url}: the download took longer than ${Math.round(request.timeoutMs / 1000)} s`)),
      request.timeoutMs,
    );
  }

  onRequestStart(controller: Controller): void {
    this.controller = controller;
    if (this.error) controller.abort(this.error);
  }

  onResponseStart(controller: Controller, statusCode: number): void {
    this.controller = controller;
    if (this.error) return controller.abort(this.error);
    this.settleHead?.(statusCode);
    this.settleHead = this.failHead = null;
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.error) return;
    this.queue.push(chunk);
    this.queued += chunk.length;
    if (this.queued > HIGH_WATER && !this.paused) {
      this.paused = true;
      controller.pause();
    }
    this.wakeUp();
  }

  onResponseEnd(): void {
    this.ended = true;
    clearTimeout(this.timer);
    this.wakeUp();
  }

  onResponseError(_controller: Controller | null, error: Error): void {
    this.fail(toCopywatchError(error, this.trace, this.request.idleMs));
  }

  /** Ends the download with `error` (or quietly, as cancelled). */
  fail(error: CopywatchError): void {
    if (this.error || this.ended) return;
    this.error = error;
    clearTimeout(this.timer);
    this.queue.length = 0;
    this.controller?.abort(error);
    this.failHead?.(error);
    this.settleHead = this.failHead = null;
    this.wakeUp();
  }

  async *chunks(): AsyncGenerator<Buffer> {
    try {
      for (;;) {
        const chunk = this.queue.shift();
        if (chunk) {
          this.queued -= chunk.length;
          if (this.paused && this.queued < LOW_WATER) {
            this.paused = false;
            this.controller?.resume();
          }
          yield chunk;
          continue;
        }
        if (this.error) throw this.error;
        if (this.ended) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      // Left before the end (the reader stopped): the rest of the body is not wanted.
      if (!this.ended) this.fail(new CopywatchError('CRAWL_NETWORK', `${this.trace.url}: download cancelled`));
    }
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
