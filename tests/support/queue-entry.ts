import type { QueueEntry } from '../../shared/models/queue';

/** A queue entry for pure tests: 100 bytes, queued, unless `over` says otherwise. */
export const queueEntry = (id: number, over: Record<string, unknown> = {}): QueueEntry =>
  ({
    id,
    path: `/art/${id}.tif`,
    bucket: 'b',
    key: `artists/a/${id}.tif`,
    size: 100,
    bytesDone: 0,
    addedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    state: 'queued',
    ...over,
  }) as QueueEntry;
