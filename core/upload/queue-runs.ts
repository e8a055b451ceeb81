import { CopperError } from '../../shared/errors';
import type { StopReason } from './queue-events';

interface Run {
  readonly controller: AbortController;
  done: Promise<void>;
  reason?: StopReason;
}

/** The uploads in flight, by entry id, and how each is stopped. */
export class QueueRuns {
  private readonly runs = new Map<number, Run>();

  get size(): number {
    return this.runs.size;
  }

  ids(): IterableIterator<number> {
    return this.runs.keys();
  }

  has(id: number): boolean {
    return this.runs.has(id);
  }

  /** Runs `work` for the entry; it is forgotten (then `after` runs) however it ends. */
  launch(
    id: number,
    work: (signal: AbortSignal, reason: () => StopReason | undefined) => Promise<void>,
    after: () => void,
  ): void {
    const run: Run = { controller: new AbortController(), done: Promise.resolve() };
    run.done = work(run.controller.signal, () => run.reason).finally(() => {
      this.runs.delete(id);
      after();
    });
    this.runs.set(id, run);
  }

  /** Stops the entry's upload (the first reason given wins); resolves when it has ended. */
  stop(id: number, reason: StopReason): Promise<void> {
    const run = this.runs.get(id);
    if (!run) return Promise.resolve();
    if (!run.reason) {
      run.reason = reason;
      const what =
        reason === 'close' || reason === 'lost'
          ? 'stopped'
          : reason === 'offline'
            ? 'waiting for the network'
            : `${reason}d`;
      run.controller.abort(new CopperError('stopped', `Upload ${what}.`, true));
    }
    return run.done.catch(() => undefined);
  }

  /** Stops every upload in flight; resolves when all have ended. */
  async stopAll(reason: StopReason): Promise<void> {
    await Promise.allSettled([...this.runs.keys()].map((id) => this.stop(id, reason)));
  }
}
