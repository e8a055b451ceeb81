/**
 * At most `size` holders at once, the rest waiting in order (FIFO). One implementation for
 * the whole core: the upload engine bounds parts in flight per file with it, the catalog
 * bounds image decodes per service. A releasing holder hands its slot straight to the next
 * waiter, so a new caller can never slip in between.
 */
export class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly size: number) {}

  /** Waits for a slot; the returned release is idempotent. */
  async acquire(): Promise<() => void> {
    if (this.active >= this.size) await new Promise<void>((r) => this.waiters.push(r));
    else this.active++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.active--;
    };
  }

  /** Runs `task` in a slot and frees the slot however it ends. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
}
