import type { AppContext } from '../../core/app-context';
import { dispatch } from '../../core/ipc/dispatch';
import type { QueueStatus } from '../../shared/models/queue';

/** Calls a core handler as a host would (the payload validated by the contract); its error thrown as is. */
export async function callCore<T>(ctx: AppContext, name: string, payload: unknown): Promise<T> {
  const result = await dispatch(ctx.handlers, name, payload, (n, err) => {
    throw new Error(`${n} failed unexpectedly: ${String(err)}`);
  });
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as T;
}

/** The next `queue.status` event that passes `test`. */
export function nextQueueStatus(ctx: AppContext, test: (s: QueueStatus) => boolean): Promise<QueueStatus> {
  return new Promise((resolve) => {
    const off = ctx.hub.subscribe((name, payload) => {
      if (name === 'queue.status' && test(payload as QueueStatus)) {
        off();
        resolve(payload as QueueStatus);
      }
    });
  });
}
