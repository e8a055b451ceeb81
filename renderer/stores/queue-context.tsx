import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useBridge } from '../bridge/bridge-context';
import { QueueStore, type QueueModel } from './queue-store';

const QueueContext = createContext<QueueStore | null>(null);

/** Provides the app-wide queue store (one per bridge), as AccountProvider provides the account. */
export function QueueProvider({ children }: { children: ReactNode }) {
  const bridge = useBridge();
  const store = useMemo(() => new QueueStore(bridge), [bridge]);
  useEffect(() => store.start(), [store]);
  return <QueueContext.Provider value={store}>{children}</QueueContext.Provider>;
}

/** The queue's current snapshot with its actions; re-renders when a new snapshot is published. */
export function useQueue(): QueueModel {
  const store = useContext(QueueContext);
  if (!store) throw new Error('useQueue outside QueueProvider');
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return useMemo(
    () => ({
      ...snapshot,
      add: store.add,
      act: store.act,
      cancel: store.cancel,
      clearDone: store.clearDone,
    }),
    [snapshot, store],
  );
}
