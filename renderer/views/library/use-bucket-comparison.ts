import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BucketComparison, CatalogItem } from '../../../shared/models/catalog';
import type { QueueEntry } from '../../../shared/models/queue';
import { useBridge, useTransport } from '../../bridge/bridge-context';

/** Paths per `catalog.compareBucket` call (the core HEADs them a few at a time). */
const CHUNK = 1000;

/** The Library's comparison with the bucket, and a way to ask again now. */
export interface BucketModel {
  readonly byPath: ReadonlyMap<string, BucketComparison>;
  readonly checking: boolean;
  refresh(): void;
}

/**
 * Asks the core how each uploaded file compares with the bucket's current version: once when
 * the set of uploaded files (or their versions) changes, and again on `refresh()` — on view
 * and on request, never per frame. Files not uploaded from here have no comparison.
 */
export function useBucketComparison(
  items: readonly CatalogItem[],
  entries: ReadonlyMap<string, QueueEntry>,
): BucketModel {
  const bridge = useBridge();
  const transport = useTransport();
  const [byPath, setByPath] = useState<ReadonlyMap<string, BucketComparison>>(new Map());
  const [checking, setChecking] = useState(false);
  const [asked, setAsked] = useState(0);
  const refreshed = useRef(0);
  // Once per change of the items or the queue, not per render (the grid renders on every scrolled row).
  const { uploaded, key } = useMemo(() => {
    const uploaded: string[] = [];
    const stamp: string[] = [];
    for (const item of items) {
      const e = entries.get(item.path);
      if (e?.state !== 'done') continue;
      uploaded.push(item.path);
      stamp.push(`${item.path}\u0000${e.versionId ?? e.updatedAt}`);
    }
    return { uploaded, key: stamp.join('\u0001') };
  }, [items, entries]);

  useEffect(() => {
    if (transport !== 'open' || uploaded.length === 0) return;
    let live = true;
    const refresh = asked > refreshed.current;
    refreshed.current = asked;
    setChecking(true);
    void (async () => {
      for (let i = 0; i < uploaded.length && live; i += CHUNK) {
        const paths = uploaded.slice(i, i + CHUNK);
        const answer = await bridge.invoke('catalog.compareBucket', { paths, refresh }).catch(() => []);
        if (!live) return;
        setByPath((prev) => {
          const next = new Map(prev);
          for (const c of answer) next.set(c.path, c);
          return next;
        });
      }
      if (live) setChecking(false);
    })();
    return () => {
      live = false;
    };
    // `key` stands for the uploaded paths and their versions.
  }, [bridge, transport, key, asked]);

  const refresh = useCallback(() => setAsked((n) => n + 1), []);
  return { byPath, checking, refresh };
}
