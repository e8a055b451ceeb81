import { useEffect, useMemo, useState } from 'react';
import type { CatalogItem, CatalogSummary } from '../../../shared/models/catalog';
import { summariseCatalog } from '../../../shared/models/catalog-summary';
import type { CopperError } from '../../../shared/errors';
import { useTransport } from '../../bridge/bridge-context';
import { toCopperError } from '../../bridge/bridge-error';
import { useCatalogStore } from '../../stores/catalog-context';

/** The catalog as the Library shows it. */
export interface CatalogModel {
  /** The items under the given paths, in the order they were found. */
  readonly items: readonly CatalogItem[];
  /**
   * While the catalog's pages are still arriving (the first paint comes from the first page),
   * the core's counts of the whole catalog; null once every item is here.
   */
  readonly arriving: CatalogSummary | null;
  /** True while a scan of these paths runs. */
  readonly scanning: boolean;
  readonly error: CopperError | undefined;
}

function under(path: string, roots: readonly string[]): boolean {
  return roots.some(
    (r) =>
      path === r ||
      path.startsWith(r.endsWith('/') || r.endsWith('\\') ? r : `${r}/`) ||
      path.startsWith(`${r}\\`),
  );
}

/**
 * The app-wide catalog store's items under `paths` (see stores/catalog-store.ts: the
 * database's pages first, then `catalog.items` batches merged by path), and a scan of each
 * new path once the database's pages are in: a 20,000-entry Library paints from the database
 * first, and the rescan sends only what changed.
 */
export function useCatalog(paths: readonly string[]): CatalogModel {
  const { store, snapshot } = useCatalogStore();
  const [error, setError] = useState<CopperError>();
  // A scan asked for while the socket was down failed at once; it is asked again when it opens.
  const transport = useTransport();

  // The rest of the catalog once the first page is on screen (the frame after it was drawn).
  const waiting = snapshot.arriving !== null;
  useEffect(() => {
    if (!waiting) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(store.readAll, 0)));
    // A hidden window draws no frames: it reads the rest anyway.
    const fallback = setTimeout(store.readAll, 1000);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      clearTimeout(fallback);
    };
  }, [store, waiting]);

  const key = paths.join('\0');
  useEffect(() => {
    if (paths.length === 0 || transport !== 'open' || !snapshot.loaded) return;
    store.scan(paths).then(
      () => setError(undefined),
      (reason: unknown) => setError(toCopperError(reason)),
    );
    // `key` stands for `paths`: a new array with the same paths is no new scan.
  }, [store, key, transport, snapshot.loaded]);

  const items = useMemo(
    () => [...snapshot.items.values()].filter((i) => under(i.path, paths)),
    [snapshot.version, key],
  );
  return { items, arriving: snapshot.arriving, scanning: snapshot.scanning, error };
}

/** Counts for the header, from the items shown. */
export const summarise = summariseCatalog;
