import { describe, expect, it, vi } from 'vitest';
import { QueueStore } from '../../renderer/stores/queue-store';
import { testBridge } from '../support/test-bridge';
import type { QueueEntry } from '../../shared/models/queue';

const entry = (id: number, over: Partial<QueueEntry> = {}): QueueEntry =>
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

describe('QueueStore (no React)', () => {
  it('loads when the transport opens, batches events into one snapshot, and disposes its listeners', async () => {
    vi.useFakeTimers();
    const t = testBridge({ 'queue.list': { entries: [entry(2), entry(1)], status: undefined } });
    const store = new QueueStore(t.bridge, 60);
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.getSnapshot().entries.length));
    const stop = store.start();
    expect(store.getSnapshot().loaded).toBe(false);
    t.open();
    await vi.runAllTimersAsync();
    expect(store.getSnapshot()).toMatchObject({ loaded: true, totals: expect.any(Object) });
    expect(store.getSnapshot().entries.map((e) => e.id)).toEqual([1, 2]);

    const before = store.getSnapshot();
    t.emit('queue.entry', entry(3));
    t.emit('queue.entry', entry(1, { state: 'uploading' }));
    t.emit('queue.removed', { id: 2 });
    // Nothing published until the flush: the snapshot is the same object (useSyncExternalStore relies on it).
    expect(store.getSnapshot()).toBe(before);
    await vi.advanceTimersByTimeAsync(60);
    expect(store.getSnapshot().entries.map((e) => [e.id, e.state])).toEqual([
      [1, 'uploading'],
      [3, 'queued'],
    ]);
    expect(seen).toEqual([2, 2]);

    await store.act('pause', 3);
    expect(t.calls.at(-1)).toEqual(['queue.pause', { id: 3 }]);
    stop();
    expect(t.listenerCount()).toBe(0);
    vi.useRealTimers();
  });

  it('never shows a file going backwards across pause and resume (in-flight parts dropped, a resume from S3)', async () => {
    vi.useFakeTimers();
    const t = testBridge({ 'queue.list': { entries: [entry(1)], status: undefined } });
    const store = new QueueStore(t.bridge, 0);
    const stop = store.start();
    t.open();
    await vi.runAllTimersAsync();
    const shown: number[] = [];
    const progress = (bytes: number) =>
      t.emit('queue.progress', { files: [{ id: 1, bytes, size: 100, rate: 10 }], overall: { rate: 10 } });
    const sample = async () => {
      await vi.runAllTimersAsync();
      shown.push(store.getSnapshot().live.get(1)?.bytes ?? 0);
    };
    t.emit('queue.entry', entry(1, { state: 'uploading' }));
    progress(30);
    await sample();
    progress(60);
    await sample();
    // Paused: S3 holds 40 (a part in flight was dropped).
    t.emit('queue.entry', entry(1, { state: 'paused', bytesDone: 40 }));
    t.emit('queue.progress', { files: [], overall: { rate: 0 } });
    await sample();
    t.emit('queue.entry', entry(1, { state: 'uploading', bytesDone: 40 }));
    progress(45);
    await sample();
    progress(80);
    await sample();
    expect(shown).toEqual([30, 60, 60, 60, 80]);
    // A finished file is its size; a failed one starts afresh.
    t.emit('queue.entry', entry(1, { state: 'failed', code: 'x', message: 'm', retryable: true } as never));
    await sample();
    expect(shown.at(-1)).toBe(0);
    stop();
    vi.useRealTimers();
  });
});
