/** The answer of a rate-limit check. */
export type RateDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/** How many failures a key may have within a window. */
export interface RateRule {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Counts failures per key (an email, an IP) in a sliding window, in memory. Bounded: at most
 * `maxKeys` keys are tracked, the oldest dropped first, so a flood of random emails cannot
 * grow it without end. One dyno's view: with several web dynos each counts on its own
 * (documented; the limits are per process).
 */
export class FailureRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly rule: RateRule,
    private readonly now: () => number,
    private readonly maxKeys = 50_000,
  ) {}

  check(key: string): RateDecision {
    const list = this.recent(key);
    if (list.length < this.rule.limit) return { allowed: true };
    const oldest = list[list.length - this.rule.limit]!;
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.rule.windowMs - this.now()) / 1000)),
    };
  }

  fail(key: string): void {
    const list = this.recent(key);
    list.push(this.now());
    this.failures.delete(key); // re-insert: Map order is our LRU order
    this.failures.set(key, list);
    while (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.rule.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }
}
