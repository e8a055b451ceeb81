import type { Handlers } from '../ipc/dispatch';
import type { QueueService } from './queue-service';

type QueueCalls =
  | 'queue.add'
  | 'queue.list'
  | 'queue.pause'
  | 'queue.resume'
  | 'queue.retry'
  | 'queue.cancel'
  | 'queue.clear-done'
  | 'queue.set-bandwidth';

/**
 * The `queue.*` calls. Payloads arrive already checked by the contract's schemas (absolute
 * paths, bounded counts, integer ids); the actions answer with the new totals so the
 * renderer's badge and overall bar are right without a second round trip. Entry changes
 * themselves arrive as `queue.entry` / `queue.removed` events.
 */
export function queueHandlers(queue: QueueService): Pick<Handlers, QueueCalls> {
  return {
    'queue.add': ({ paths }) => queue.add(paths),
    'queue.list': () => queue.snapshot(),
    'queue.pause': ({ id }) => queue.pause(id),
    'queue.resume': ({ id }) => queue.resume(id),
    'queue.retry': ({ id }) => queue.retry(id),
    'queue.cancel': ({ id }) => queue.cancel(id),
    'queue.clear-done': () => queue.clearDone(),
    'queue.set-bandwidth': ({ bytesPerSecond }) => queue.setBandwidth(bytesPerSecond),
  };
}
