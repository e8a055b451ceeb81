import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AddResult, FileProgress, QueueEntry } from '../../../shared/models/queue';
import type { QueueStatus, QueueTotals } from '../../../shared/models/queue';
import { queueTotals } from '../../../shared/models/queue-totals';
import type { CopperError } from '../../../shared/errors';
import { useBridge, useEvent, useTransport } from '../../bridge/bridge-context';
import { toCopperError } from '../../bridge/bridge-error';

/** What the renderer knows about the upload queue (from `queue.list`, then `queue.*` events). */
export interface QueueModel {
  /** False until the first `queue.list` answer. */
  readonly loaded: boolean;
  /** Every entry, oldest first. */
  readonly entries: readonly QueueEntry[];
  readonly totals: QueueTotals;
  readonly status: QueueStatus | undefined;
  /** Byte-accurate progress of the files in flight (from `queue.progress`). */
  readonly live: ReadonlyMap<number, FileProgress>;
  /** Overall bytes per second right now. */
  readonly rate: number;
  /** Why the list could not be read, if it could not. */
  readonly error: CopperError | undefined;
  add(paths: readonly string[]): Promise<AddResult>;
  /** Pause, resume or retry one entry, or every one when `id` is omitted. */
  act(action: 'pause' | 'resume' | 'retry', id?: number): Promise<void>;
  cancel(id: number): Promise<void>;
  clearDone(): Promise<void>;
}

// Events may arrive hundreds per second (a folder of thousands of files): they go into plain
// maps at once and reach React at most every FLUSH_MS, so a big add never re-renders per file.
const FLUSH_MS = 60;

/**
 * Holds the queue for the whole app (the sidebar badge, the Library's add results and the
 * Queue view share it). Asks `queue.list` when the transport opens (and after a reconnect),
 * then follows the events.
 */
export function useQueueModel(): QueueModel {
  const bridge = useBridge();
  const transport = useTransport();
  const store = useRef({
    entries: new Map<number, QueueEntry>(),
    live: new Map<number, FileProgress>(),
    rate: 0,
  });
  const [entriesTick, setEntriesTick] = useState(0);
  const [liveTick, setLiveTick] = useState(0);
  const [status, setStatus] = useState<QueueStatus>();
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<CopperError>();
  const pending = useRef({
    entries: false,
    live: false,
    timer: undefined as ReturnType<typeof setTimeout> | undefined,
  });

  const schedule = useCallback((what: 'entries' | 'live') => {
    const p = pending.current;
    p[what] = true;
    if (p.timer) return;
    p.timer = setTimeout(() => {
      p.timer = undefined;
      if (p.entries) setEntriesTick((t) => t + 1);
      if (p.live) setLiveTick((t) => t + 1);
      p.entries = false;
      p.live = false;
    }, FLUSH_MS);
  }, []);
  useEffect(
    () => () => {
      if (pending.current.timer) clearTimeout(pending.current.timer);
    },
    [],
  );

  useEffect(() => {
    if (transport !== 'open') return;
    let live = true;
    bridge.invoke('queue.list', {}).then(
      (snapshot) => {
        if (!live) return;
        const map = store.current.entries;
        map.clear();
        for (const e of snapshot.entries) map.set(e.id, e);
        setStatus(snapshot.status);
        setLoaded(true);
        setError(undefined);
        schedule('entries');
      },
      (reason: unknown) => {
        if (live) {
          setError(toCopperError(reason));
          setLoaded(true);
        }
      },
    );
    return () => {
      live = false;
    };
  }, [bridge, transport, schedule]);

  useEvent('queue.entry', (e) => {
    store.current.entries.set(e.id, e);
    if (e.state !== 'uploading' && store.current.live.delete(e.id)) schedule('live');
    schedule('entries');
  });
  useEvent('queue.removed', ({ id }) => {
    store.current.entries.delete(id);
    store.current.live.delete(id);
    schedule('entries');
  });
  useEvent('queue.progress', (p) => {
    store.current.live = new Map(p.files.map((f) => [f.id, f]));
    store.current.rate = p.overall.rate;
    schedule('live');
  });
  useEvent('queue.status', setStatus);
  useEvent('queue.connectivity', ({ online }) => setStatus((s) => (s ? { ...s, online } : s)));

  // The ticks are the change signals of the mutable maps above (one re-render per flush, not per event).
  const entries = useMemo(
    () => [...store.current.entries.values()].sort((a, b) => a.id - b.id),
    [entriesTick],
  );
  const totals = useMemo(() => queueTotals(entries), [entries]);
  const live = useMemo(() => new Map(store.current.live), [liveTick]);

  const add = useCallback(
    (paths: readonly string[]) => bridge.invoke('queue.add', { paths: [...paths] }),
    [bridge],
  );
  const act = useCallback(
    async (action: 'pause' | 'resume' | 'retry', id?: number) => {
      await bridge.invoke(`queue.${action}`, id === undefined ? {} : { id });
    },
    [bridge],
  );
  const cancel = useCallback(
    async (id: number) => {
      await bridge.invoke('queue.cancel', { id });
    },
    [bridge],
  );
  const clearDone = useCallback(async () => {
    await bridge.invoke('queue.clear-done', {});
  }, [bridge]);

  return useMemo<QueueModel>(
    () => ({
      loaded,
      entries,
      totals,
      status,
      live,
      rate: store.current.rate,
      error,
      add,
      act,
      cancel,
      clearDone,
    }),
    [loaded, entries, totals, status, live, error, add, act, cancel, clearDone],
  );
}
