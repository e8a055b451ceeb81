import { randomUUID } from 'node:crypto';
import type { CatalogItem, CatalogPage } from '../../shared/models/catalog';
import { summariseCatalog } from '../../shared/models/catalog-summary';

/** How long a snapshot is kept after its last page was asked for. */
const KEEP_MS = 30_000;
/** Snapshots kept at once (a window or two reading, one reload behind them). */
const MAX_SNAPSHOTS = 4;

interface Snapshot {
  readonly items: readonly CatalogItem[];
  readonly summary: CatalogPage['summary'];
  used: number;
}

/**
 * The catalog's list a window at a time, for `catalog.page`: the first page takes a snapshot
 * of the list (the items themselves are shared, not copied) and later pages with its id are
 * cut from that same list, so an item added or dropped meanwhile never shifts one out of the
 * pages. A page asked with an unknown or expired snapshot starts a new one (its id tells).
 */
export class CatalogPages {
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(
    private readonly list: () => readonly CatalogItem[],
    private readonly now: () => number = Date.now,
  ) {}

  page(request: { offset: number; limit: number; snapshot?: string }): CatalogPage {
    const now = this.now();
    for (const [id, s] of this.snapshots) if (now - s.used > KEEP_MS) this.snapshots.delete(id);
    let id = request.snapshot;
    let snapshot = id === undefined ? undefined : this.snapshots.get(id);
    if (!id || !snapshot) {
      const items = this.list();
      snapshot = { items, summary: summariseCatalog(items), used: now };
      id = randomUUID();
      this.snapshots.set(id, snapshot);
      while (this.snapshots.size > MAX_SNAPSHOTS) this.snapshots.delete(this.snapshots.keys().next().value!);
    }
    snapshot.used = now;
    const items = snapshot.items.slice(request.offset, request.offset + request.limit);
    return {
      snapshot: id,
      offset: request.offset,
      total: snapshot.items.length,
      summary: snapshot.summary,
      items,
    };
  }
}
