import { useEffect, useMemo, useRef, useState } from 'react';
import type { CatalogCounts, CatalogItem } from '../../../shared/models/catalog';
import type { CopperError } from '../../../shared/errors';
import { useBridge, useTransport } from '../../bridge/bridge-context';
import { toCopperError } from '../../bridge/bridge-error';

/** The catalog as the Library shows it. */
export interface CatalogModel {
  /** The items under the given paths, in the order they were found. */
  readonly items: readonly CatalogItem[];
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
 * Asks the core to scan each new path once, and keeps every item it reports: the initial
 * `catalog.list` (a reload keeps what was read), then `catalog.items` batches (≤ 10 a
 * second) merged by path. The items live in a Map held in a ref, and a version number
 * re-renders, so a 20,000-item catalog is not copied for every batch.
 */
export function useCatalog(paths: readonly string[]): CatalogModel {
  const bridge = useBridge();
  const store = useRef(new Map<string, CatalogItem>());
  const [version, setVersion] = useState(0);
  const [running, setRunning] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<CopperError>();
  // The rescan waits for the first list: a 20,000-entry Library paints from the database first.
  const [listed, setListed] = useState(false);
  const scanned = useRef(new Set<string>());
  // A scan of files already read can end before its call answers: its done event comes first.
  const finished = useRef(new Set<string>());
  // A scan asked for while the socket was down failed at once; it is asked again when it opens.
  const transport = useTransport();

  useEffect(() => {
    const offItems = bridge.on('catalog.items', ({ items }) => {
      for (const item of items) store.current.set(item.path, item);
      setVersion((v) => v + 1);
    });
    const offDone = bridge.on('catalog.done', ({ scanId }) => {
      finished.current.add(scanId);
      setRunning((prev) => {
        const next = new Set(prev);
        next.delete(scanId);
        return next;
      });
    });
    bridge.invoke('catalog.list', {}).then(
      (items) => {
        for (const item of items) if (!store.current.has(item.path)) store.current.set(item.path, item);
        setVersion((v) => v + 1);
        setListed(true);
      },
      () => {
        /* not connected yet: the scan below reports items anyway */
        setListed(true);
      },
    );
    return () => {
      offItems();
      offDone();
    };
  }, [bridge, transport === 'open']);

  const key = paths.join('\0');
  useEffect(() => {
    const fresh = paths.filter((p) => !scanned.current.has(p));
    if (fresh.length === 0 || transport !== 'open' || !listed) return;
    for (const p of fresh) scanned.current.add(p);
    bridge.invoke('catalog.scan', { paths: fresh }).then(
      ({ scanId }) => {
        setError(undefined);
        if (!finished.current.has(scanId)) setRunning((prev) => new Set(prev).add(scanId));
      },
      (reason: unknown) => {
        for (const p of fresh) scanned.current.delete(p);
        setError(toCopperError(reason));
      },
    );
    // `key` stands for `paths`: a new array with the same paths is no new scan.
  }, [bridge, key, transport, listed]);

  const items = useMemo(
    () => [...store.current.values()].filter((i) => under(i.path, paths)),
    [version, key],
  );
  return { items, scanning: running.size > 0, error };
}

/** Counts for the header, from the items shown. */
export function summarise(
  items: readonly CatalogItem[],
): Pick<CatalogCounts, 'found' | 'ready' | 'failed'> & { pending: number; images: number } {
  let ready = 0,
    failed = 0,
    pending = 0,
    images = 0;
  for (const i of items) {
    if (i.state === 'pending') pending++;
    else if (i.state === 'failed') failed++;
    else if (i.image) ready++;
    if (i.kind === 'image') images++;
  }
  return { found: items.length, ready, failed, pending, images };
}
