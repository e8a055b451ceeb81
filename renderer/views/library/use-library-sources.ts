import { isHeldBack } from '../../../shared/models/queue';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CatalogSource } from '../../../shared/models/catalog';
import { useBridge, useTransport } from '../../bridge/bridge-context';
import type { AddResult, AddSkip } from '../../../shared/models/queue';
import type { CopperError } from '../../../shared/errors';
import { toCopperError } from '../../bridge/bridge-error';
import type { DroppedItem } from '../../shell/dropped-items';

/** What became of an added folder or file. */
export type SourceStatus =
  | { readonly kind: 'needs-path' }
  /** Added in an earlier session: the Library remembers it (the catalog database). */
  | { readonly kind: 'known' }
  | { readonly kind: 'adding' }
  | {
      readonly kind: 'queued';
      readonly added: number;
      readonly bytes: number;
      readonly skipped: readonly AddSkip[];
    }
  | { readonly kind: 'failed'; readonly error: CopperError };

/** An item the person added, with what the queue did with it. */
export type LibrarySource = DroppedItem & {
  readonly status: SourceStatus;
  /** The catalog's source id once the core knows it (for removing it there too). */
  readonly sourceId?: number;
};

function fromCatalog(source: CatalogSource): LibrarySource {
  const name = source.path.split(/[\\/]/).filter(Boolean).pop() ?? source.path;
  return {
    id: `source-${source.id}`,
    name,
    kind: 'folder',
    path: source.path,
    via: 'path',
    status: { kind: 'known' },
    sourceId: source.id,
  };
}

/** The Library's sources: each dropped or typed path is handed to `queue.add` as it arrives. */
export interface LibrarySources {
  readonly sources: readonly LibrarySource[];
  add(items: readonly DroppedItem[]): void;
  remove(id: string): void;
}

/**
 * Keeps the added folders/files and queues the ones with a real path (desktop drops, typed
 * paths), one `queue.add` per source, in order, so each row can say what it queued and what
 * it skipped and why. Items a browser drop hid the path of wait for the path form.
 */
export function useLibrarySources(
  queueAdd: (paths: readonly string[]) => Promise<AddResult>,
): LibrarySources {
  const bridge = useBridge();
  const transport = useTransport();
  const [sources, setSources] = useState<readonly LibrarySource[]>([]);

  // The sources the catalog remembers (a reload or a restarted core keeps the Library).
  useEffect(() => {
    if (transport !== 'open') return;
    let live = true;
    bridge.invoke('catalog.sources', {}).then(
      (known) => {
        if (!live) return;
        setSources((prev) => {
          const byPath = new Map(known.map((k) => [k.path, k]));
          const merged = prev.map((s) => {
            const k = s.path ? byPath.get(s.path) : undefined;
            return k ? { ...s, sourceId: k.id } : s;
          });
          const have = new Set(prev.map((s) => s.path));
          return [...known.filter((k) => !have.has(k.path)).map(fromCatalog), ...merged];
        });
      },
      () => {
        /* an older core without the catalog's sources: the session's sources still work */
      },
    );
    return () => {
      live = false;
    };
  }, [bridge, transport]);
  // One add at a time: a second drop while a big folder is walked queues behind it.
  const chain = useRef<Promise<void>>(Promise.resolve());
  const addRef = useRef(queueAdd);
  addRef.current = queueAdd;

  const update = useCallback((id: string, path: string | undefined, status: SourceStatus) => {
    setSources((prev) => prev.map((s) => (s.id === id || (path && s.path === path) ? { ...s, status } : s)));
  }, []);

  const add = useCallback(
    (items: readonly DroppedItem[]) => {
      const fresh: LibrarySource[] = items.map((item) => ({
        ...item,
        status: item.path ? { kind: 'adding' } : { kind: 'needs-path' },
      }));
      // A folder added again is the same source: its row is reused (and re-checked), not doubled.
      setSources((prev) => {
        const next = [...prev];
        for (const f of fresh) {
          const at = f.path ? next.findIndex((s) => s.path === f.path) : -1;
          if (at >= 0) next[at] = { ...next[at]!, status: f.status };
          else next.push(f);
        }
        return next;
      });
      for (const item of fresh) {
        const path = item.path;
        if (!path) continue;
        chain.current = chain.current.then(async () => {
          try {
            const result = await addRef.current([path]);
            update(item.id, path, {
              kind: 'queued',
              // Files held back (damaged, empty, duplicates) are not "queued": their cells say why.
              added: result.added.filter((e) => !isHeldBack(e)).length,
              bytes: result.added.reduce((n, e) => n + (isHeldBack(e) ? 0 : e.size), 0),
              skipped: result.skipped,
            });
          } catch (err) {
            update(item.id, path, { kind: 'failed', error: toCopperError(err) });
          }
        });
      }
    },
    [update],
  );

  const remove = useCallback(
    (id: string) =>
      setSources((prev) => {
        const gone = prev.find((s) => s.id === id);
        if (gone?.sourceId !== undefined)
          bridge.invoke('catalog.removeSource', { id: gone.sourceId }).catch(() => {
            /* the row goes anyway; a later reload shows it again if the core kept it */
          });
        return prev.filter((s) => s.id !== id);
      }),
    [bridge],
  );
  return { sources, add, remove };
}
