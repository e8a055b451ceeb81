/**
 * Bounds the bytes of part buffers held at once across the whole queue: a part reserves its
 * size before it is read and releases it once sent. This is what keeps memory flat whatever
 * the file sizes and concurrency. A request larger than the budget is granted when nothing
 * else is held, so a huge part size can never deadlock.
 */
export class ByteBudget {
  private used = 0;
  private readonly waiters: {
    n: number;
    resolve: () => void;
    reject: (e: unknown) => void;
    signal?: AbortSignal;
    onAbort?: () => void;
  }[] = [];

  constructor(private readonly capacity: number) {}

  get inUse(): number {
    return this.used;
  }

  acquire(n: number, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const waiter = { n, signal, resolve: () => resolve(this.releaser(n)), reject };
      if (this.fits(n) && this.waiters.length === 0) {
        this.used += n;
        waiter.resolve();
        return;
      }
      const entry: (typeof this.waiters)[number] = { ...waiter };
      if (signal) {
        entry.onAbort = () => {
          const i = this.waiters.indexOf(entry);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(signal.reason);
          this.drain();
        };
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      this.waiters.push(entry);
    });
  }

  private fits(n: number): boolean {
    return this.used === 0 || this.used + n <= this.capacity;
  }

  private releaser(n: number): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.used -= n;
      this.drain();
    };
  }

  private drain(): void {
    while (this.waiters.length > 0 && this.fits(this.waiters[0]!.n)) {
      const w = this.waiters.shift()!;
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      this.used += w.n;
      w.resolve();
    }
  }
}
