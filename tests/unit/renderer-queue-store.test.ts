import { describe, expect, it, vi } from 'vitest';
import { QueueStore } from '../../renderer/stores/queue-store';
import { testBridge } from '../support/test-bridge';
import { queueEntry } from '../support/queue-entry';

const entry = queueEntry;

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

  it('measures its own rate from bytes that moved: a re-check found unchanged adds nothing, a re-check that sends is counted', async () => {
    vi.useFakeTimers();
    let now = 0;
    const t = testBridge({ 'queue.list': { entries: [], status: undefined } });
    const store = new QueueStore(t.bridge, 0, () => now);
    const stop = store.start();
    t.open();
    await vi.runAllTimersAsync();
    const at = async (ms: number, files: { id: number; bytes: number; size: number }[]) => {
      now = ms;
      t.emit('queue.progress', { files: files.map((f) => ({ ...f, rate: 0 })), overall: { rate: 0 } });
      await vi.runAllTimersAsync();
    };
    const big = 1_000_000_000;
    t.emit('queue.entry', entry(1, { state: 'uploading', size: 10_000_000 }));
    t.emit('queue.entry', entry(2, { state: 'uploading', size: big, recheck: true }));
    t.emit('queue.entry', entry(3, { state: 'queued', size: 4_000_000, recheck: true }));
    for (let ms = 0; ms <= 2000; ms += 100)
      await at(ms, [
        { id: 1, bytes: ms * 1000, size: 10_000_000 },
        { id: 2, bytes: 0, size: big },
      ]);
    expect(store.getSnapshot().summary).toMatchObject({ checking: 2, bytesToSend: 10_000_000 });
    // The re-check "jumps" to its size, then is recorded unchanged: no 1 GB in the rate.
    await at(2100, [
      { id: 1, bytes: 2_100_000, size: 10_000_000 },
      { id: 2, bytes: big, size: big },
    ]);
    t.emit(
      'queue.entry',
      entry(2, { state: 'done', reason: 'unchanged', size: big, bytesDone: big } as never),
    );
    await at(2200, [{ id: 1, bytes: 2_200_000, size: 10_000_000 }]);
    expect(store.getSnapshot().rate).toBeGreaterThan(900_000);
    expect(store.getSnapshot().rate).toBeLessThan(1_100_000);
    // The other re-check turns out changed: its bytes move, it counts as bytes to send from then on.
    t.emit('queue.entry', entry(3, { state: 'uploading', size: 4_000_000, recheck: true }));
    await at(2300, [
      { id: 1, bytes: 2_300_000, size: 10_000_000 },
      { id: 3, bytes: 0, size: 4_000_000 },
    ]);
    await at(2400, [
      { id: 1, bytes: 2_400_000, size: 10_000_000 },
      { id: 3, bytes: 100_000, size: 4_000_000 },
    ]);
    const snap = store.getSnapshot();
    expect(snap.entries.find((e) => e.id === 3)?.recheck).toBeUndefined();
    expect(snap.summary).toMatchObject({ checking: 0, unchanged: 1, bytesToSend: 14_000_000 });
    expect(snap.summary.bytesSent).toBe(2_500_000);
    // A later event for it (still carrying the core's hint) stays an upload.
    t.emit('queue.entry', entry(3, { state: 'paused', size: 4_000_000, bytesDone: 0, recheck: true }));
    await vi.runAllTimersAsync();
    expect(store.getSnapshot().entries.find((e) => e.id === 3)?.recheck).toBeUndefined();
    stop();
    vi.useRealTimers();
  });
});
