import { isHeldBack, type QueueEntry } from '../../shared/models/queue';
import type { EventHub } from '../ipc/event-hub';
import { followQueueActivity } from '../queue/queue-activity';
import type { CoreLog } from './rotating-log';

/**
 * The queue's key events in the log: each file that failed (its key and code; held-back files
 * are the person's to see in the Library, not errors) and each finished batch with its counts.
 * `seed` takes a `queue.list` snapshot; returns the disposer.
 */
export function logQueueEvents(
  hub: EventHub,
  log: CoreLog,
): { seed(entries: readonly QueueEntry[]): void; dispose(): void } {
  const failed = new Set<number>();
  const activity = followQueueActivity(hub, {
    onChange: () => {},
    onBatchDone: (notice) => log.info('upload batch finished', { ...notice.counts }),
  });
  const off = hub.subscribe((name, payload) => {
    if (name !== 'queue.entry') return;
    const e = payload as QueueEntry;
    if (e.state !== 'failed') failed.delete(e.id);
    else if (!failed.has(e.id) && !isHeldBack(e)) {
      failed.add(e.id);
      log.warn('upload failed', { key: e.key, code: e.code, retryable: e.retryable });
    }
  });
  return {
    seed: (entries) => activity.seed(entries),
    dispose() {
      off();
      activity.dispose();
    },
  };
}
