import type { FileProgress, QueueProgress } from '../../shared/models/queue';

/**
 * Byte counts per active file, turned into rate and time-left over a sliding window. The
 * queue feeds it on every chunk; `snapshot()` is called by the throttled progress emitter.
 */
export class ProgressMeter {
  private readonly files = new Map<
    number,
    { bytes: number; size: number; samples: { t: number; bytes: number }[] }
  >();
  private readonly overall: { t: number; sent: number }[] = [];
  private sent = 0;

  constructor(
    private readonly now: () => number,
    private readonly windowMs = 5_000,
  ) {}

  track(id: number, size: number, bytes = 0): void {
    this.files.set(id, { bytes, size, samples: [{ t: this.now(), bytes }] });
  }

  untrack(id: number): void {
    this.files.delete(id);
  }

  /** Sets a file's byte count (it may go down when a failed attempt is rolled back). */
  update(id: number, bytes: number): void {
    const f = this.files.get(id);
    if (!f) return;
    if (bytes > f.bytes) this.sent += bytes - f.bytes;
    f.bytes = bytes;
  }

  /**
   * Current numbers. `otherTotal`/`otherDone` are the size and confirmed bytes of the
   * unfinished files not tracked here; tracked files add their own.
   */
  snapshot(otherTotal: number, otherDone: number): QueueProgress {
    const t = this.now();
    const files: FileProgress[] = [];
    let activeBytes = 0;
    let activeSize = 0;
    for (const [id, f] of this.files) {
      activeSize += f.size;
      f.samples.push({ t, bytes: f.bytes });
      while (f.samples.length > 2 && t - f.samples[0]!.t > this.windowMs) f.samples.shift();
      const rate = rateOf(f.samples.map((s) => ({ t: s.t, v: s.bytes })));
      activeBytes += f.bytes;
      files.push(withEta({ id, bytes: f.bytes, size: f.size, rate }, f.size - f.bytes));
    }
    this.overall.push({ t, sent: this.sent });
    while (this.overall.length > 2 && t - this.overall[0]!.t > this.windowMs) this.overall.shift();
    const rate = rateOf(this.overall.map((s) => ({ t: s.t, v: s.sent })));
    const bytes = otherDone + activeBytes;
    const total = otherTotal + activeSize;
    const base = { bytes, total, rate };
    const left = total - bytes;
    return { files, overall: rate > 0 ? { ...base, etaSeconds: Math.max(0, left / rate) } : base };
  }
}

function rateOf(samples: { t: number; v: number }[]): number {
  if (samples.length < 2) return 0;
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const dt = (last.t - first.t) / 1000;
  return dt > 0 ? Math.max(0, (last.v - first.v) / dt) : 0;
}

function withEta(p: { id: number; bytes: number; size: number; rate: number }, left: number): FileProgress {
  return p.rate > 0 ? { ...p, etaSeconds: Math.max(0, left / p.rate) } : p;
}
