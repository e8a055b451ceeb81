// Where a run's wall time went, section by section (and inside a section, its parts: the timed
// runs, writing fixtures, bucket cleanup), so the results show what the run cost instead of
// asserting it.

/** One section's wall time and, where it keeps them, its parts' (seconds each). */
export interface SectionTime {
  readonly name: string;
  readonly seconds: number;
  readonly parts?: Readonly<Record<string, number>>;
}

/** The whole run's wall time. */
export interface RunTiming {
  /** From `npm run bench`'s start (scripts/bench.sh) when known, else from run.ts's start. */
  readonly totalSeconds: number;
  /** Before run.ts started: installs checked, the build, the S3 server and PostgreSQL started. */
  readonly setupSeconds?: number;
  readonly sections: readonly SectionTime[];
}

/** Adds up named parts of a section's time; `now` is in milliseconds. */
export class Stopwatch {
  private readonly parts = new Map<string, number>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Runs `fn`, adding its wall time to `part`. */
  async time<T>(part: string, fn: () => Promise<T>): Promise<T> {
    const start = this.now();
    try {
      return await fn();
    } finally {
      this.add(part, (this.now() - start) / 1000);
    }
  }

  add(part: string, seconds: number): void {
    this.parts.set(part, (this.parts.get(part) ?? 0) + seconds);
  }

  /** Every part's seconds so far, in the order first seen. */
  totals(): Record<string, number> {
    return Object.fromEntries(this.parts);
  }
}

/** "42 s" under two minutes, "3.4 min" from there. */
export function duration(seconds: number): string {
  return seconds < 120 ? `${seconds.toFixed(0)} s` : `${(seconds / 60).toFixed(1)} min`;
}

/** "This run took 13.6 min: setup 40 s, uploads 8.2 min (timed runs 7.1 min, …), memory 2.0 min, …." */
export function timingSentence(t: RunTiming): string {
  const pieces: string[] = [];
  if (t.setupSeconds !== undefined) pieces.push(`setup (build, S3 server) ${duration(t.setupSeconds)}`);
  for (const s of t.sections) {
    const parts = Object.entries(s.parts ?? {})
      .filter(([, v]) => v >= 0.5)
      .map(([name, v]) => `${name} ${duration(v)}`);
    pieces.push(`${s.name} ${duration(s.seconds)}${parts.length ? ` (${parts.join(', ')})` : ''}`);
  }
  return `This run took ${duration(t.totalSeconds)}${pieces.length ? `: ${pieces.join('; ')}` : ''}.`;
}
