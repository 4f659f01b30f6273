/**
 * Politeness and scheduling: one p-queue per host (concurrency `perHost`), all under one global
 * p-queue (concurrency `concurrency`) that holds only the network time, never the waits.
 *
 * A host with an interval (`delayMs`, raised by robots.txt Crawl-delay, doubled while the host
 * keeps failing) is asked one request at a time: a request takes the host's *turn*, and the next
 * turn is due `interval` after that request has ended (answered, failed or timed out). The turn is
 * taken inside the global limit, right before the request is sent, so no wait between the turn
 * and the request can bring two requests closer than the interval, however busy the machine. The
 * promise to the site is thus exact: no request to a host starts less than its interval after the
 * previous one ended (redirect hops and retries within one fetch are part of that fetch; retries
 * wait their own backoff or Retry-After).
 *
 * A host that fails `maxHostFailures` times in a row is abandoned for the rest of the crawl; from
 * half of that it is backed off.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';

/**
 * Turns shared with other processes (src/queue keeps them in PostgreSQL). `take` claims the turn
 * of `origin` when nobody holds it and `intervalMs` has passed since the last request to it ended,
 * whoever made it; the turn is held for at most `leaseMs` (a holder that dies frees it then).
 * It resolves to 0 when the turn is taken, else to the ms to wait before asking again. `release`
 * ends the holder's turn: its request has ended now.
 */
export interface HostGate {
  take(origin: string, intervalMs: number, leaseMs: number, holder: string): Promise<number>;
  release(origin: string, holder: string): Promise<void>;
}

export interface HostPoolOptions {
  concurrency: number;
  perHost: number;
  delayMs: number;
  maxHostFailures: number;
  /** Turns shared with other processes, on top of this process's own. */
  gate?: HostGate;
  /** The longest a request may hold a turn of the gate (its time cap and a margin). */
  leaseMs?: number;
}

let holders = 0;

/** The shared turns could not be asked for (their database is down): not the host's fault. */
export class GateError extends Error {
  constructor(cause: unknown) {
    super(`could not take a host's turn: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'GateError';
  }
}

export class HostState {
  readonly queue: PQueue;
  intervalMs: number;
  failures = 0;
  /** Why the host was given up, or null. */
  abandoned: string | null = null;
  /** This process's turn: held by a request under way; when the last request ended, and a start the gate asked to wait for (performance.now()). The due time is read at each turn with the interval of that moment. */
  private held = false;
  private lastEnd = -Infinity;
  private notBefore = -Infinity;
  /** Who holds this host's turns of the gate: this process's state of the host. */
  readonly gateHolder = `${process.pid}.${++holders}.${Math.random().toString(36).slice(2, 10)}`;

  constructor(
    readonly key: string,
    perHost: number,
    readonly baseDelayMs: number,
  ) {
    this.queue = new PQueue({ concurrency: perHost });
    this.intervalMs = baseDelayMs;
  }

  /** The spacing now (read at each turn, so a Crawl-delay learned from robots.txt applies at once). */
  interval(): number {
    return this.intervalMs * this.backoff();
  }

  /** Takes this process's turn (0) or says how long to wait before asking again (ms). */
  takeLocal(): number {
    if (this.held) return Math.max(25, this.interval());
    const now = performance.now();
    const due = Math.max(this.lastEnd + this.interval(), this.notBefore);
    if (now < due) return due - now;
    this.held = true;
    return 0;
  }

  /** Ends this process's turn: after a request (`ended`), or unused, the gate asking to wait `waitMs`. */
  releaseLocal(how: { ended: true } | { waitMs: number }): void {
    this.held = false;
    if ('ended' in how) this.ended();
    else this.notBefore = performance.now() + how.waitMs;
  }

  /** A request to the host has ended (with or without a turn): the next interval counts from now. */
  ended(): void {
    this.lastEnd = performance.now();
  }

  private backoff(): number {
    return this.failures >= 2 ? Math.min(2 ** (this.failures - 1), 16) : 1;
  }
}

export class HostPool {
  private readonly hosts = new Map<string, HostState>();
  readonly global: PQueue;

  constructor(private readonly options: HostPoolOptions) {
    this.global = new PQueue({ concurrency: options.concurrency });
  }

  get(key: string): HostState {
    let host = this.hosts.get(key);
    if (!host) {
      host = new HostState(key, this.options.perHost, this.options.delayMs);
      this.hosts.set(key, host);
    }
    return host;
  }

  /** Raises the host's interval to a robots.txt Crawl-delay (never lowers it under delayMs). */
  setCrawlDelay(host: HostState, crawlDelayMs: number | null): void {
    host.intervalMs = Math.max(host.baseDelayMs, crawlDelayMs ?? 0);
  }

  /**
   * Runs one request to `host` politely: under the global limit and, when the host has an
   * interval, in its turn (see the file's comment). Waits hold no global slot. `turn`: take the
   * turn even while the host has no interval (robots.txt, which may bring a Crawl-delay: the
   * requests after it wait that delay from its end, in this process and in others). `signal`
   * ends a wait for the turn (rejecting with an AbortError); a request under way runs to its end.
   */
  async request<T>(host: HostState, send: () => Promise<T>, options: { turn?: boolean; signal?: AbortSignal } = {}): Promise<T> {
    for (;;) {
      if (options.signal?.aborted) throw new DOMException("the wait for the host's turn was ended", 'AbortError');
      const outcome = (await this.global.add(async (): Promise<{ value: T } | { wait: number }> => {
        if (host.interval() <= 0 && !options.turn) {
          try {
            return { value: await send() };
          } finally {
            host.ended();
          }
        }
        const local = host.takeLocal();
        if (local > 0) return { wait: local };
        const gate = this.options.gate;
        if (gate) {
          let shared: number;
          try {
            shared = await gate.take(host.key, host.interval(), this.options.leaseMs ?? 60_000, host.gateHolder);
          } catch (error) {
            host.releaseLocal({ waitMs: 0 });
            throw new GateError(error);
          }
          if (shared > 0) {
            host.releaseLocal({ waitMs: shared });
            return { wait: shared };
          }
        }
        try {
          return { value: await send() };
        } finally {
          host.releaseLocal({ ended: true });
          // A release that fails leaves the turn to its lease: later, never sooner.
          if (gate) await gate.release(host.key, host.gateHolder).catch(() => undefined);
        }
      })) as { value: T } | { wait: number };
      if ('value' in outcome) return outcome.value;
      await sleep(Math.ceil(outcome.wait), undefined, { signal: options.signal });
    }
  }

  succeeded(host: HostState): void {
    host.failures = 0;
  }

  /** Counts a failure; returns true when it makes the host abandoned. */
  failed(host: HostState, reason: string): boolean {
    host.failures++;
    if (!host.abandoned && host.failures >= this.options.maxHostFailures) {
      host.abandoned = `${host.failures} failures in a row, the last: ${reason}`;
      return true;
    }
    return false;
  }

  async idle(): Promise<void> {
    await Promise.all([...this.hosts.values()].map((h) => h.queue.onIdle()));
    await this.global.onIdle();
  }
}
