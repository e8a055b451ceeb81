import type { QueueEntry } from '../../shared/models/queue';

/** A queue entry as `status`/`upload --json` print it: path, key, state, bytes, versionId, error. */
export interface EntryView {
  readonly path: string;
  readonly key: string;
  readonly state: QueueEntry['state'];
  readonly bytes: number;
  readonly size: number;
  readonly versionId?: string;
  readonly reason?: string;
  readonly error?: { readonly code: string; readonly message: string; readonly retryable: boolean };
}

export function entryView(e: QueueEntry): EntryView {
  return {
    path: e.path,
    key: e.key,
    state: e.state,
    bytes: e.bytesDone,
    size: e.size,
    ...(e.state === 'done' && e.versionId ? { versionId: e.versionId } : {}),
    ...(e.state === 'done' ? { reason: e.reason } : {}),
    ...(e.state === 'failed' ? { error: { code: e.code, message: e.message, retryable: e.retryable } } : {}),
  };
}

/** `message`, prefixed with the path unless it already names it (engine messages usually do). */
export function namingPath(path: string, message: string): string {
  return message.includes(path) ? message : `${path}: ${message}`;
}
