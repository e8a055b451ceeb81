import { useCallback, useRef, useState } from 'react';
import type { AddResult, AddSkip } from '../../../shared/models/queue';
import type { CopperError } from '../../../shared/errors';
import { toCopperError } from '../../bridge/bridge-error';
import type { DroppedItem } from '../../shell/dropped-items';

/** What became of an added folder or file. */
export type SourceStatus =
  | { readonly kind: 'needs-path' }
  | { readonly kind: 'adding' }
  | {
      readonly kind: 'queued';
      readonly added: number;
      readonly bytes: number;
      readonly skipped: readonly AddSkip[];
    }
  | { readonly kind: 'failed'; readonly error: CopperError };

/** An item the person added, with what the queue did with it. */
export type LibrarySource = DroppedItem & { readonly status: SourceStatus };

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
  const [sources, setSources] = useState<readonly LibrarySource[]>([]);
  // One add at a time: a second drop while a big folder is walked queues behind it.
  const chain = useRef<Promise<void>>(Promise.resolve());
  const addRef = useRef(queueAdd);
  addRef.current = queueAdd;

  const update = useCallback((id: string, status: SourceStatus) => {
    setSources((prev) => prev.map((s) => (s.id === id ? { ...s, status } : s)));
  }, []);

  const add = useCallback(
    (items: readonly DroppedItem[]) => {
      const fresh: LibrarySource[] = items.map((item) => ({
        ...item,
        status: item.path ? { kind: 'adding' } : { kind: 'needs-path' },
      }));
      setSources((prev) => [...prev, ...fresh]);
      for (const item of fresh) {
        const path = item.path;
        if (!path) continue;
        chain.current = chain.current.then(async () => {
          try {
            const result = await addRef.current([path]);
            update(item.id, {
              kind: 'queued',
              added: result.added.length,
              bytes: result.added.reduce((n, e) => n + e.size, 0),
              skipped: result.skipped,
            });
          } catch (err) {
            update(item.id, { kind: 'failed', error: toCopperError(err) });
          }
        });
      }
    },
    [update],
  );

  const remove = useCallback((id: string) => setSources((prev) => prev.filter((s) => s.id !== id)), []);
  return { sources, add, remove };
}
