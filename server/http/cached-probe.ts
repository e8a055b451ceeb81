/**
 * Remembers an async check's answer for `ttlMs`, and lets concurrent callers share one run, so
 * a public endpoint (`/readyz`) hit by anyone costs at most one probe per `ttlMs`.
 */
export class CachedProbe<T> {
  private last: { readonly at: number; readonly value: Promise<T> } | undefined;

  constructor(
    private readonly probe: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(): Promise<T> {
    const now = this.now();
    if (this.last && now - this.last.at < this.ttlMs) return this.last.value;
    const value = this.probe();
    this.last = { at: now, value };
    // A probe that throws must not be remembered: the next caller tries again.
    value.catch(() => {
      if (this.last?.value === value) this.last = undefined;
    });
    return value;
  }
}
