import type { CatalogItem, CatalogSummary } from '../../shared/models/catalog';
import type { RendererBridge } from '../bridge/renderer-bridge';

/** Items in the first `catalog.page`: more than a large window's grid shows, so the first paint waits for no other. */
export const FIRST_PAGE = 300;
/** Items per later page: the rest of a 20,000-item catalog in four answers. */
export const PAGE = 5000;

/** What the renderer knows of the catalog at one moment (a new object per change; `items` is shared and grows). */
export interface CatalogSnapshot {
  readonly version: number;
  /** Every item known, by path, in the catalog's order (events add later items at the end). */
  readonly items: ReadonlyMap<string, CatalogItem>;
  /** While the catalog's pages are still arriving, the core's counts of the whole of it; null once all are here. */
  readonly arriving: CatalogSummary | null;
  /** True once the first load has finished (or failed): a rescan waits for it, so the database paints first. */
  readonly loaded: boolean;
  readonly scanning: boolean;
}

/**
 * The catalog for the whole renderer, as a plain store (no React), started with the app so
 * the Library's first page is on its way while the session is checked. On every transport
 * open it reads a small first page of a snapshot of the catalog (what the grid's first screen
 * shows, with the whole catalog's counts); `readAll` then reads the rest of that snapshot once
 * the Library has painted, so the big pages never delay the first paint. Every
 * `catalog.items` batch is merged by path. `scan` asks the core to scan each path once per
 * page load. `subscribe`/`getSnapshot` are what `useSyncExternalStore` needs.
 */
export class CatalogStore {
  private readonly items = new Map<string, CatalogItem>();
  private readonly running = new Set<string>();
  /** A scan of files already read can end before its call answers: its done event comes first. */
  private readonly finished = new Set<string>();
  private readonly scanned = new Set<string>();
  private arriving: CatalogSummary | null = null;
  private loaded = false;
  private generation = 0;
  /** Set between the first page and a call to `readAll` (the rest is read once the Library has painted). */
  private rest: { generation: number; snapshot: string; offset: number; total: number } | null = null;
  private snapshot: CatalogSnapshot;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly bridge: RendererBridge,
    private readonly pageSizes = { first: FIRST_PAGE, rest: PAGE },
  ) {
    this.snapshot = this.build(0);
  }

  /** Follows the bridge; returns the disposer. */
  start(): () => void {
    const offs = [
      this.bridge.onTransport((state) => {
        if (state === 'open') void this.load();
      }),
      this.bridge.on('catalog.items', ({ items }) => {
        for (const item of items) this.items.set(item.path, item);
        this.publish();
      }),
      this.bridge.on('catalog.done', ({ scanId }) => {
        this.finished.add(scanId);
        if (this.running.delete(scanId)) this.publish();
      }),
    ];
    if (this.bridge.transport() === 'open') void this.load();
    return () => {
      for (const off of offs) off();
      this.generation++;
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): CatalogSnapshot => this.snapshot;

  /** Scans the paths not scanned yet; rejects (and forgets them, to ask again) when the core refuses. */
  scan = async (paths: readonly string[]): Promise<void> => {
    const fresh = paths.filter((p) => !this.scanned.has(p));
    if (fresh.length === 0) return;
    for (const p of fresh) this.scanned.add(p);
    try {
      const { scanId } = await this.bridge.invoke('catalog.scan', { paths: fresh });
      if (!this.finished.has(scanId)) {
        this.running.add(scanId);
        this.publish();
      }
    } catch (err) {
      for (const p of fresh) this.scanned.delete(p);
      throw err;
    }
  };

  /**
   * Reads the rest of the catalog, page by page from the first page's snapshot, one page at a
   * time (each is parsed and merged in its own task, so scrolling goes on meanwhile). The
   * Library calls it once its first page is on screen.
   */
  readAll = async (): Promise<void> => {
    const rest = this.rest;
    if (!rest || rest.generation !== this.generation) return;
    this.rest = null;
    const live = () => rest.generation === this.generation;
    try {
      for (let offset = rest.offset; offset < rest.total; offset += this.pageSizes.rest) {
        const page = await this.bridge.invoke('catalog.page', {
          offset,
          limit: this.pageSizes.rest,
          snapshot: rest.snapshot,
        });
        if (!live()) return;
        // The snapshot expired (or the core restarted): read again from the start.
        if (page.snapshot !== rest.snapshot) return void this.load(true);
        this.merge(page.items);
        this.publish();
      }
    } catch {
      // Not connected: the transport opening again reads again.
    }
    if (!live()) return;
    performance.mark('catalog:all-pages');
    this.finish();
  };

  /** Reads the first page (and, when `all`, the rest at once): an item an event brought already is newer and stays. */
  private async load(all = false): Promise<void> {
    const generation = ++this.generation;
    this.rest = null;
    try {
      performance.mark('catalog:first-page-asked');
      const first = await this.bridge.invoke('catalog.page', { offset: 0, limit: this.pageSizes.first });
      if (generation !== this.generation) return;
      // For the benchmark's breakdown of the Library's open (bench/library-paint.ts).
      performance.mark('catalog:first-page');
      this.merge(first.items);
      if (first.items.length >= first.total) return this.finish();
      this.arriving = first.summary;
      this.rest = { generation, snapshot: first.snapshot, offset: first.items.length, total: first.total };
      this.publish();
      if (all) await this.readAll();
    } catch {
      // Not connected (or the core refused): the transport opening again reads again, and a scan still reports items.
      if (generation === this.generation) this.finish();
    }
  }

  private finish(): void {
    this.arriving = null;
    this.loaded = true;
    this.publish();
  }

  private merge(items: readonly CatalogItem[]): void {
    for (const item of items) if (!this.items.has(item.path)) this.items.set(item.path, item);
  }

  private publish(): void {
    this.snapshot = this.build(this.snapshot.version + 1);
    for (const l of [...this.listeners]) l();
  }

  private build(version: number): CatalogSnapshot {
    return {
      version,
      items: this.items,
      arriving: this.arriving,
      loaded: this.loaded,
      scanning: this.running.size > 0,
    };
  }
}
