import { Semaphore } from '../common/semaphore';

/** One part read into memory, with what frees it. */
export interface ReadPart {
  readonly data: Buffer;
  /** Frees the part's memory reservation (called once its write is over, however it ended). */
  readonly release: () => void;
}

/** What the loop drives; the loop itself knows nothing about S3, hashing or persistence. */
export interface PartLoopSpec {
  readonly count: number;
  /** Parts written at once. */
  readonly concurrency: number;
  /** Reads part `n` (called in order, one at a time: a running content hash needs that). */
  readonly read: (partNumber: number, signal: AbortSignal) => Promise<ReadPart>;
  /** Makes S3 hold part `n` (keeps it when S3 already has it, else sends it). */
  readonly write: (partNumber: number, data: Buffer, signal: AbortSignal) => Promise<void>;
}

/**
 * The multipart part loop, apart from each backend's chunk writer as in rclone's
 * lib/multipart: reads parts in order (one ahead of the writes), writes up to `concurrency` at
 * once, and stops at the first failure (the others are aborted through the signal they were
 * given, then awaited), which it throws. `outer` (pause, cancel, close) stops it the same way.
 */
export async function runPartLoop(spec: PartLoopSpec, outer: AbortSignal): Promise<void> {
  const slots = new Semaphore(spec.concurrency);
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort(outer.reason);
  outer.addEventListener('abort', onOuterAbort, { once: true });
  if (outer.aborted) stop.abort(outer.reason);
  let failure: { err: unknown } | undefined;
  const fail = (err: unknown) => {
    if (failure) return;
    failure = { err };
    stop.abort(err);
  };
  const running = new Set<Promise<void>>();
  try {
    for (let n = 1; n <= spec.count && !failure; n++) {
      // The next part is read (and hashed) while the writes in flight hold every slot, so a
      // slot that frees starts sending at once: reading and hashing after the slot freed left
      // each connection idle for that long between parts. One part more is held in memory.
      let part: ReadPart;
      try {
        stop.signal.throwIfAborted();
        part = await spec.read(n, stop.signal);
      } catch (err) {
        fail(err);
        break;
      }
      const releaseSlot = await slots.acquire();
      if (failure || stop.signal.aborted) {
        part.release();
        releaseSlot();
        fail(stop.signal.reason);
        break;
      }
      const task = spec
        .write(n, part.data, stop.signal)
        .catch(fail)
        .finally(() => {
          part.release();
          releaseSlot();
        });
      running.add(task);
      void task.finally(() => running.delete(task));
    }
    await Promise.allSettled([...running]);
  } finally {
    outer.removeEventListener('abort', onOuterAbort);
  }
  if (failure) throw failure.err;
}
