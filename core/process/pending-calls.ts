/** Requests sent to the core process and not yet answered, by id. */
export class PendingCalls {
  private nextId = 1;
  private readonly open_ = new Map<number, { resolve(value: unknown): void; reject(err: unknown): void }>();

  /** A fresh id and the promise its answer settles. */
  open(): { id: number; result: Promise<unknown> } {
    const id = this.nextId++;
    const result = new Promise<unknown>((resolve, reject) => this.open_.set(id, { resolve, reject }));
    return { id, result };
  }

  settle(id: number, value: unknown): void {
    this.open_.get(id)?.resolve(value);
    this.open_.delete(id);
  }

  fail(id: number, err: unknown): void {
    this.open_.get(id)?.reject(err);
    this.open_.delete(id);
  }

  /** The process that would have answered is gone: every waiting caller hears why. */
  failAll(err: unknown): void {
    for (const p of this.open_.values()) p.reject(err);
    this.open_.clear();
  }

  get size(): number {
    return this.open_.size;
  }
}
