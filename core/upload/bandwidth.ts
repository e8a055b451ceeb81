import type { Clock } from './clock';

/**
 * A token bucket shared by every request of the queue: `take(n)` waits until `n` bytes may be
 * sent. With no limit it never waits. The bucket holds at most a quarter second of tokens, so
 * the limit holds over short windows too.
 */
export class BandwidthLimiter {
  private tokens = 0;
  private last: number;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private bytesPerSecond: number | undefined,
    private readonly clock: Clock,
  ) {
    this.last = clock.now();
  }

  /** Changes the limit (undefined or 0 = unlimited); takes effect for the next chunk. */
  setLimit(bytesPerSecond: number | undefined): void {
    this.bytesPerSecond = bytesPerSecond;
  }

  get limited(): boolean {
    return !!this.bytesPerSecond && this.bytesPerSecond > 0;
  }

  take(n: number, signal?: AbortSignal): Promise<void> {
    if (!this.limited) return Promise.resolve();
    // Serialised so waiters are served in order and none starves.
    const next = this.chain.then(() => this.wait(n, signal));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async wait(n: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const rate = this.bytesPerSecond;
      if (!rate || rate <= 0) return;
      const now = this.clock.now();
      this.tokens = Math.min(rate / 4, this.tokens + ((now - this.last) / 1000) * rate);
      this.last = now;
      // A chunk larger than the bucket goes through once the bucket is full (then goes negative).
      if (this.tokens >= Math.min(n, rate / 4)) {
        this.tokens -= n;
        return;
      }
      const missing = Math.min(n, rate / 4) - this.tokens;
      await this.clock.sleep(Math.max(5, Math.ceil((missing / rate) * 1000)), signal);
    }
  }
}
