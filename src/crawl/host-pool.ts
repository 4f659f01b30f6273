/**
 * Politeness and scheduling: one p-queue per host (concurrency `perHost`), the starts of its
 * requests spaced by `delayMs` (raised by robots.txt Crawl-delay, doubled while the host keeps
 * failing), all under one global p-queue (concurrency `concurrency`) that holds only the network
 * time, never the waits. A host that fails `maxHostFailures` times in a row is abandoned for
 * the rest of the crawl; from half of that it is backed off.
 */
import PQueue from 'p-queue';

export interface HostPoolOptions {
  concurrency: number;
  perHost: number;
  delayMs: number;
  maxHostFailures: number;
  /** Spacing shared with other processes (CrawlerDeps.hostGate): replaces the in-process spacing. 0: the turn is taken; else ms to wait before asking again. */
  gate?: (origin: string, intervalMs: number) => Promise<number>;
}

export class HostState {
  readonly queue: PQueue;
  intervalMs: number;
  failures = 0;
  /** Why the host was given up, or null. */
  abandoned: string | null = null;
  /** When the last request was allowed to start (performance.now()). */
  private lastStart = -Infinity;

  constructor(readonly key: string, perHost: number, readonly baseDelayMs: number, private readonly gate?: HostPoolOptions['gate']) {
    this.queue = new PQueue({ concurrency: perHost });
    this.intervalMs = baseDelayMs;
  }

  /** Waits for this host's next turn; each request to the host starts with it. */
  async pace(): Promise<void> {
    if (this.gate) {
      for (;;) {
        const wait = await this.gate(this.key, this.intervalMs * this.backoff());
        if (wait <= 0) return;
        await new Promise((r) => setTimeout(r, Math.ceil(wait)));
      }
    }
    // The interval is read now, so a Crawl-delay learned from robots.txt applies at once.
    const now = performance.now();
    const at = Math.max(now, this.lastStart + this.intervalMs * this.backoff());
    this.lastStart = at;
    if (at > now) await new Promise((r) => setTimeout(r, Math.ceil(at - now)));
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
      host = new HostState(key, this.options.perHost, this.options.delayMs, this.options.gate);
      this.hosts.set(key, host);
    }
    return host;
  }

  /** Raises the host's interval to a robots.txt Crawl-delay (never lowers it under delayMs). */
  setCrawlDelay(host: HostState, crawlDelayMs: number | null): void {
    host.intervalMs = Math.max(host.baseDelayMs, crawlDelayMs ?? 0);
  }

  /** Runs network work under the global limit. */
  network<T>(fn: () => Promise<T>): Promise<T> {
    return this.global.add(fn) as Promise<T>;
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
