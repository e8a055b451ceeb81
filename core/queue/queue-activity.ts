import type { QueueEntry } from '../../shared/models/queue';
import { queueTotals } from '../../shared/models/queue-totals';
import type { EventHub } from '../ipc/event-hub';
import { BatchWatch, type BatchNotice } from '../../shared/notify/batch-notice';

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
  /** Called once when a batch ends (the queue went from active to idle), with what to tell (shared/notify/batch-notice.ts). */
  readonly onBatchDone?: (notice: BatchNotice) => void;
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
  const batch = new BatchWatch();
  const report = (notice?: BatchNotice) => {
    const t = queueTotals([...entries.values()]);
    const activity: QueueActivity = { active: t.active, bytesDone: t.bytesDone, bytesTotal: t.bytesTotal };
    const key = JSON.stringify(activity);
    if (key !== last) {
      last = key;
      listener.onChange(activity);
    }
    if (notice) listener.onBatchDone?.(notice);
  };
  const off = hub.subscribe((name, payload) => {
    if (name === 'queue.entry') {
      const entry = payload as QueueEntry;
      entries.set(entry.id, entry);
      report(batch.entry(entry));
    } else if (name === 'queue.removed') {
      const { id } = payload as { id: number };
      entries.delete(id);
      report(batch.removed(id));
    }
  });
  return {
    seed(list) {
      entries.clear();
      for (const e of list) entries.set(e.id, e);
      batch.seed(list);
      report();
    },
    dispose: off,
  };
}
