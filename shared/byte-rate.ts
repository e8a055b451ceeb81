/**
 * Transfer rate from byte counters, over a sliding window (pure; the renderer feeds it the
 * `queue.progress` events). Only bytes that really moved count:
 * - a file's first count after it (re)starts is its baseline, not a transfer: a resumed upload
 *   starting from the parts S3 already holds adds nothing (no impossible spike after resume);
 * - a count going down (a part in flight dropped) moves the baseline, it is not negative bytes;
 * - `retract(id)` takes a file's bytes back out (a file found unchanged "jumps" to its size
 *   without sending anything);
 * - the clock starts when bytes start moving (time spent comparing or preparing is not averaged
 *   in), and until bytes have moved for `minSpanMs` the rate is unknown (0), so one early burst
 *   is never shown as the rate.
 */
export class ByteRate {
  /** Each file in flight: its last count and when it was seen. */
  private readonly baseline = new Map<number, { bytes: number; t: number }>();
  /** When each file's bytes started moving (its own rate is measured from then). */
  private readonly started = new Map<number, number>();
  private moved: { t: number; id: number; bytes: number }[] = [];
  /**
   * When bytes started moving in the current run (files in flight without a gap): time spent
   * before that (comparing a file with its last upload, preparing a multipart upload) is not
   * averaged in, so the first rate shown is not a fraction of the real one.
   */
  private since: number | undefined;

  constructor(
    private readonly windowMs = 5_000,
    private readonly minSpanMs = 1_000,
  ) {}

  /** The byte counts of the files in flight at time `t` (ms); an empty list ends the run. */
  observe(t: number, files: readonly { readonly id: number; readonly bytes: number }[]): void {
    if (files.length === 0) {
      this.baseline.clear();
      this.started.clear();
      this.moved = [];
      this.since = undefined;
      return;
    }
    const seen = new Set<number>();
    for (const f of files) {
      seen.add(f.id);
      const before = this.baseline.get(f.id);
      this.baseline.set(f.id, { bytes: f.bytes, t });
      if (before === undefined || f.bytes <= before.bytes) continue;
      this.moved.push({ t, id: f.id, bytes: f.bytes - before.bytes });
      // Measured from the count before the first movement: the interval these bytes took.
      if (!this.started.has(f.id)) this.started.set(f.id, before.t);
      this.since ??= before.t;
    }
    // A file that left the flight starts from a new baseline when it comes back.
    for (const id of [...this.baseline.keys()])
      if (!seen.has(id)) {
        this.baseline.delete(id);
        this.started.delete(id);
      }
    this.prune(t);
  }

  /** Takes back what a file was counted as sending, and forgets its baseline. */
  retract(id: number): void {
    this.moved = this.moved.filter((m) => m.id !== id);
    this.baseline.delete(id);
    this.started.delete(id);
    // Nothing else moved: the run's clock starts again with the next real bytes.
    if (this.moved.length === 0) this.since = undefined;
  }

  /** Bytes per second over the window at time `t`, for all files or one; 0 while unknown. */
  rate(t: number, id?: number): number {
    const since = id === undefined ? this.since : this.started.get(id);
    if (since === undefined) return 0;
    const span = Math.min(this.windowMs, t - since);
    if (span < this.minSpanMs) return 0;
    let bytes = 0;
    for (const m of this.moved)
      if (m.t > t - this.windowMs && (id === undefined || m.id === id)) bytes += m.bytes;
    return bytes / (span / 1000);
  }

  private prune(t: number): void {
    const from = t - this.windowMs;
    if (this.moved.length > 0 && this.moved[0]!.t <= from) this.moved = this.moved.filter((m) => m.t > from);
  }
}
