/**
 * Sign-in throttling: failed attempts counted per account and per address in a sliding window;
 * past the limit, that account (or address) may not try again until the oldest failure leaves the
 * window. In memory (one process): a restart forgets, which is the safe direction for a lock-out.
 */
export interface ThrottleLimits {
  /** Failed attempts per account in the window. Default 5. */
  perAccount: number;
  /** Failed attempts per address in the window. Default 20. */
  perAddress: number;
  /** The window (ms). Default 15 minutes. */
  windowMs: number;
}

const DEFAULT_THROTTLE: ThrottleLimits = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000 };

export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
    private readonly now: () => number = () => Date.now(),
  ) {}

  private recent(key: string): number[] {
    const t = this.now();
    const kept = (this.failures.get(key) ?? []).filter((at) => t - at < this.limits.windowMs);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** 0 when the account and address may try; else the ms to wait. */
  wait(account: string, address: string): number {
    const t = this.now();
    let wait = 0;
    for (const [key, limit] of [
      [`a:${account.toLowerCase()}`, this.limits.perAccount],
      [`i:${address}`, this.limits.perAddress],
    ] as const) {
      const list = this.recent(key);
      if (list.length >= limit) wait = Math.max(wait, list[list.length - limit] + this.limits.windowMs - t);
    }
    return wait;
  }

  failed(account: string, address: string): void {
    const t = this.now();
    if (this.failures.size > 100_000) this.failures.clear();
    for (const key of [`a:${account.toLowerCase()}`, `i:${address}`]) this.failures.set(key, [...this.recent(key), t]);
  }

  succeeded(account: string): void {
    this.failures.delete(`a:${account.toLowerCase()}`);
  }
}
