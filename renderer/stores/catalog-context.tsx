import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useBridge } from '../bridge/bridge-context';
import { CatalogStore, type CatalogSnapshot } from './catalog-store';

const CatalogContext = createContext<CatalogStore | null>(null);

/**
 * Provides the app-wide catalog store (one per bridge), started with the app: the Library's
 * first page is read while the session is checked, and survives switching views.
 */
export function CatalogProvider({ children }: { children: ReactNode }) {
  const bridge = useBridge();
  const store = useMemo(() => new CatalogStore(bridge), [bridge]);
  useEffect(() => store.start(), [store]);
  return <CatalogContext.Provider value={store}>{children}</CatalogContext.Provider>;
}

/** The catalog store and its current snapshot; re-renders when a new snapshot is published. */
export function useCatalogStore(): { store: CatalogStore; snapshot: CatalogSnapshot } {
  const store = useContext(CatalogContext);
  if (!store) throw new Error('useCatalogStore outside CatalogProvider');
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return { store, snapshot };
}
