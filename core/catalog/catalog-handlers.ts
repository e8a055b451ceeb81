import type { Handlers } from '../ipc/dispatch';
import type { EventHub } from '../ipc/event-hub';
import type { CatalogItem } from '../../shared/models/catalog';
import type { CatalogService } from './catalog-service';
import { CatalogPages } from './catalog-pages';

type CatalogCalls =
  | 'catalog.scan'
  | 'catalog.list'
  | 'catalog.page'
  | 'catalog.cancel'
  | 'catalog.sources'
  | 'catalog.removeSource'
  | 'catalog.checkPath'
  | 'catalog.compareBucket'
  | 'catalog.details';

/** The `catalog.*` calls: start a scan (answers at once with its id), cancel it, list what is known (whole, or a page at a time). */
export function catalogHandlers(catalog: CatalogService): Pick<Handlers, CatalogCalls> {
  const pages = new CatalogPages(() => catalog.list());
  return {
    'catalog.scan': async ({ paths }) => ({ scanId: catalog.scan(paths).scanId }),
    'catalog.cancel': async ({ scanId }) => ({ cancelled: catalog.cancel(scanId) }),
    'catalog.list': async () => catalog.list(),
    'catalog.page': async (request) => pages.page(request),
    'catalog.sources': async () => catalog.sources(),
    'catalog.checkPath': ({ path }) => catalog.checkPath(path),
    'catalog.removeSource': async ({ id }) => ({ removed: catalog.removeSource(id) }),
    'catalog.compareBucket': ({ paths, refresh }) => catalog.compareBucket(paths, refresh),
    'catalog.details': ({ path }) => catalog.details(path),
  };
}

/** Items per `catalog.items` event at most: a 20,000-file first batch goes out as a few frames, not one huge one. */
const MAX_BATCH = 2000;

/**
 * Forwards the catalog's changes to the renderer as `catalog.items` batches, at most one
 * per `intervalMs` (10 a second by default), keeping only the latest state of each item
 * in a batch. A scan's `catalog.done` is sent after its last items. Returns the disposer.
 */
export function forwardCatalogEvents(catalog: CatalogService, hub: EventHub, intervalMs = 100): () => void {
  // Pending items per scan, keyed by path so an item found then read in one window is sent once.
  const pending = new Map<string, Map<string, CatalogItem>>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    timer = undefined;
    for (const [scanId, items] of pending) {
      const all = [...items.values()];
      for (let i = 0; i < all.length; i += MAX_BATCH)
        hub.emit('catalog.items', { scanId, items: all.slice(i, i + MAX_BATCH) });
    }
    pending.clear();
  };

  const unsubscribe = catalog.subscribe((change) => {
    if (change.type === 'items') {
      const items = pending.get(change.scanId) ?? new Map<string, CatalogItem>();
      pending.set(change.scanId, items);
      for (const item of change.items) items.set(item.path, item);
      timer ??= setTimeout(flush, intervalMs);
      return;
    }
    if (timer) clearTimeout(timer);
    flush();
    hub.emit('catalog.done', { scanId: change.scanId, counts: change.counts, cancelled: change.cancelled });
  });

  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
    timer = undefined;
    pending.clear();
  };
}
