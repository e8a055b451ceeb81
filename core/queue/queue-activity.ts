import type { QueueEntry } from '../../shared/models/queue';
import { queueTotals } from '../../shared/models/queue-totals';
import type { EventHub } from '../ipc/event-hub';

/** What a desktop shell shows about the queue: the dock badge, the taskbar bar, the sleep blocker. */
export interface QueueActivity {
  /** Queued, uploading or waiting for the network. */
  readonly active: number;
  /** Bytes confirmed on S3 / in total, over entries not yet done or failed. */
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

/** Callbacks of followQueueActivity. */
export interface QueueActivityListener {
  /** Called whenever the activity changes. */
  readonly onChange: (activity: QueueActivity) => void;
  /** Called once when a batch ends: the queue went from active to idle; `done`/`failed` count that batch. */
  readonly onBatchDone?: (batch: { readonly done: number; readonly failed: number }) => void;
}

/**
 * Follows `queue.entry` / `queue.removed` on the hub and reports the queue's activity, so
 * the host needs no polling. `seed` takes a `queue.list` snapshot (at start and after the core
 * restarted). Returns `seed` and the disposer.
 */
export function followQueueActivity(
  hub: EventHub,
  listener: QueueActivityListener,
): { seed(entries: readonly QueueEntry[]): void; dispose(): void } {
  const entries = new Map<number, QueueEntry>();
  let last = '';
  let batch = { done: 0, failed: 0, active: false };
  const report = () => {
    const t = queueTotals([...entries.values()]);
    const activity: QueueActivity = { active: t.active, bytesDone: t.bytesDone, bytesTotal: t.bytesTotal };
    const key = JSON.stringify(activity);
    if (key !== last) {
      last = key;
      listener.onChange(activity);
    }
    if (t.active > 0) batch.active = true;
    else if (batch.active) {
      listener.onBatchDone?.({ done: batch.done, failed: batch.failed });
      batch = { done: 0, failed: 0, active: false };
    }
  };
  const off = hub.subscribe((name, payload) => {
    if (name === 'queue.entry') {
      const entry = payload as QueueEntry;
      const before = entries.get(entry.id)?.state;
      if (before !== entry.state && batch.active) {
        if (entry.state === 'done') batch.done += 1;
        if (entry.state === 'failed') batch.failed += 1;
      }
      entries.set(entry.id, entry);
      report();
    } else if (name === 'queue.removed') {
      entries.delete((payload as { id: number }).id);
      report();
    }
  });
  return {
    seed(list) {
      entries.clear();
      for (const e of list) entries.set(e.id, e);
      report();
    },
    dispose: off,
  };
}
