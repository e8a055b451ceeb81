import type { QueueProgress } from '../../shared/models/queue';
import type { QueueRepository } from '../db/queue-repository';
import type { ProgressMeter } from './progress-meter';

const PENDING = ['queued', 'uploading', 'paused', 'waiting-for-network'] as const;

/**
 * Emits the queue's overall progress about 10 times a second while files upload, and once
 * more when they stop. Totals are aggregated in SQL (there may be thousands of entries):
 * files in flight are counted by the meter (even in the instant between being recorded done
 * and leaving the meter), the others from the database.
 */
export class ProgressTicker {
  private timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly repo: QueueRepository,
    private readonly meter: ProgressMeter,
    private readonly inFlight: () => Iterable<number>,
    private readonly emit: (progress: QueueProgress) => void,
    /** Whether anyone listens: the totals cost a query per file in flight, ten times a second. */
    private readonly heard: () => boolean = () => true,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), 100);
    this.timer.unref?.();
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.tick();
  }

  private tick(): void {
    if (!this.heard()) return;
    const totals = this.repo.totalsInStates(PENDING);
    let size = totals.size;
    let done = totals.bytesDone;
    for (const id of this.inFlight()) {
      const r = this.repo.get(id);
      if (r && (PENDING as readonly string[]).includes(r.state)) {
        size -= r.size;
        done -= r.bytesDone;
      }
    }
    this.emit(this.meter.snapshot(size, done));
  }
}
