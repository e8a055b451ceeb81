import { useCallback, useEffect, useMemo, useState } from 'react';
import type { BucketComparison, CatalogItem } from '../../../shared/models/catalog';
import type { QueueEntry } from '../../../shared/models/queue';
import { useBridge, useTransport } from '../../bridge/bridge-context';
import { BucketComparisons } from './bucket-comparisons';

/** The Library's comparison with the bucket, and a way to ask again now. */
export interface BucketModel {
  readonly byPath: ReadonlyMap<string, BucketComparison>;
  readonly checking: boolean;
  refresh(): void;
}

/**
 * How each uploaded file compares with the bucket's current version (bucket-comparisons.ts
 * says which files are asked about, and when): on view and on request, never per frame.
 * Files not uploaded from here have no comparison.
 */
export function useBucketComparison(
  items: readonly CatalogItem[],
  entries: ReadonlyMap<string, QueueEntry>,
): BucketModel {
  const bridge = useBridge();
  const transport = useTransport();
  const [byPath, setByPath] = useState<ReadonlyMap<string, BucketComparison>>(new Map());
  const [checking, setChecking] = useState(false);
  const comparisons = useMemo(
    () =>
      new BucketComparisons({
        ask: (paths, refresh) => bridge.invoke('catalog.compareBucket', { paths: [...paths], refresh }),
        answered: (answers) =>
          setByPath((prev) => {
            const next = new Map(prev);
            for (const c of answers) next.set(c.path, c);
            return next;
          }),
        checking: setChecking,
      }),
    [bridge],
  );
  useEffect(() => comparisons.attach(), [comparisons]);

  // Once per change of the items or the queue, not per render (the grid renders on every scrolled row).
  const uploaded = useMemo(() => {
    const out = new Map<string, string>();
    for (const item of items) {
      const e = entries.get(item.path);
      if (e?.state === 'done') out.set(item.path, e.versionId ?? e.updatedAt);
    }
    return out;
  }, [items, entries]);

  // A reconnected core may be a restarted one: everything is asked again.
  useEffect(() => {
    if (transport === 'open') comparisons.update(uploaded);
    else comparisons.forget();
  }, [comparisons, transport, uploaded]);

  const refresh = useCallback(() => comparisons.refresh(), [comparisons]);
  return { byPath, checking, refresh };
}
