/**
 * At most `size` tasks at once, the rest waiting in order. Shared by every scan of one
 * CatalogService, so two folders dropped together still decode only `size` images at a time.
 */
export class Limiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the next waiter, so a new caller can never slip in between.
    if (this.running < this.size) this.running++;
    else await new Promise<void>((r) => this.waiting.push(r));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
