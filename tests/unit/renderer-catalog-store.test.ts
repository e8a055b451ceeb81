import { describe, expect, it } from 'vitest';
import { CatalogPages } from '../../core/catalog/catalog-pages';
import { CatalogStore } from '../../renderer/stores/catalog-store';
import { testBridge } from '../support/test-bridge';
import type { CatalogItem } from '../../shared/models/catalog';

const item = (n: number, over: Partial<CatalogItem> = {}): CatalogItem => ({
  id: String(n).padStart(40, '0'),
  path: `/art/${String(n).padStart(3, '0')}.tif`,
  name: `${n}.tif`,
  size: 10,
  mtimeMs: 1,
  kind: 'image',
  state: 'ready',
  image: { width: 10, height: 10 } as CatalogItem['image'],
  thumbnail: null,
  error: null,
  sourceId: 1,
  sha256: null,
  ...over,
});

/** A bridge whose core is the real CatalogPages over `list`; events are fired by hand. */
function catalogBridge(list: () => CatalogItem[], now?: () => number) {
  const pages = new CatalogPages(list, now);
  let scanAnswer: () => Promise<unknown> = async () => ({ scanId: 'scan-1' });
  const t = testBridge(async (name, request) => {
    if (name === 'catalog.page') return pages.page(request as { offset: number; limit: number });
    if (name === 'catalog.scan') return scanAnswer();
    throw new Error(`unexpected call ${name}`);
  });
  return {
    ...t,
    pages: () => t.calls.filter(([n]) => n === 'catalog.page').map(([, r]) => r),
    failScans(reason: unknown) {
      scanAnswer = () => Promise.reject(reason);
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const names = (store: CatalogStore) => [...store.getSnapshot().items.values()].map((i) => i.name);

describe('CatalogStore (no React)', () => {
  it('paints from a small first page with the whole count, then reads the rest of that snapshot in order', async () => {
    let list = Array.from({ length: 23 }, (_, i) => item(i));
    const t = catalogBridge(() => list);
    const store = new CatalogStore(t.bridge, { first: 5, rest: 8 });
    const stop = store.start();
    t.open();
    await settle();
    expect(t.pages()).toEqual([{ offset: 0, limit: 5 }]);
    expect(names(store)).toHaveLength(5);
    expect(store.getSnapshot()).toMatchObject({ arriving: { found: 23, ready: 23 }, loaded: false });

    // The catalog changes before the rest is read: the rest still comes from the first page's snapshot.
    list = list.slice(3);
    await store.readAll();
    const snapshot = t.pages()[1]!.snapshot;
    expect(t.pages().slice(1)).toEqual([
      { offset: 5, limit: 8, snapshot },
      { offset: 13, limit: 8, snapshot },
      { offset: 21, limit: 8, snapshot },
    ]);
    expect(names(store)).toEqual(Array.from({ length: 23 }, (_, i) => `${i}.tif`));
    expect(store.getSnapshot()).toMatchObject({ arriving: null, loaded: true });
    // Asked again, nothing more is read.
    await store.readAll();
    expect(t.pages()).toHaveLength(4);
    stop();
  });

  it('keeps what an event brought over an older page, and counts a scan as running until its done event', async () => {
    const t = catalogBridge(() => [item(1), item(2, { state: 'pending' }), item(3)]);
    const store = new CatalogStore(t.bridge, { first: 1, rest: 10 });
    store.start();
    t.open();
    await settle();
    t.emit('catalog.items', { scanId: 'x', items: [item(2, { state: 'failed' })] });
    await store.readAll();
    expect([...store.getSnapshot().items.values()].map((i) => i.state)).toEqual(['ready', 'failed', 'ready']);

    await store.scan(['/art']);
    expect(store.getSnapshot().scanning).toBe(true);
    t.emit('catalog.done', { scanId: 'scan-1', counts: {}, cancelled: false });
    expect(store.getSnapshot().scanning).toBe(false);
    // Each path is scanned once per page load.
    await store.scan(['/art']);
    expect(t.calls.filter(([n]) => n === 'catalog.scan')).toHaveLength(1);
  });

  it('forgets a path whose scan the core refused, so it is asked again; a small catalog is loaded at once', async () => {
    const t = catalogBridge(() => [item(1)]);
    const store = new CatalogStore(t.bridge);
    store.start();
    t.open();
    await settle();
    expect(store.getSnapshot()).toMatchObject({ arriving: null, loaded: true });
    t.failScans(new Error('refused'));
    await expect(store.scan(['/art'])).rejects.toThrow('refused');
    await expect(store.scan(['/art'])).rejects.toThrow('refused');
    expect(t.calls.filter(([n]) => n === 'catalog.scan')).toHaveLength(2);
  });

  it('reads again from the start when its snapshot expired, and stops when disposed', async () => {
    const list = Array.from({ length: 6 }, (_, i) => item(i));
    let now = 0;
    const t = catalogBridge(
      () => list,
      () => now,
    );
    const store = new CatalogStore(t.bridge, { first: 2, rest: 2 });
    const stop = store.start();
    t.open();
    await settle();
    // The Library was not shown for a minute: the core let the snapshot go, and the store starts over.
    now += 60_000;
    await store.readAll();
    for (let i = 0; i < 5; i++) await settle();
    expect(t.pages().map((r) => r.offset)).toEqual([0, 2, 0, 2, 4]);
    expect(names(store)).toEqual(list.map((i) => i.name));
    expect(store.getSnapshot().loaded).toBe(true);
    stop();
    const before = store.getSnapshot().version;
    t.emit('catalog.items', { scanId: 'x', items: [item(9)] });
    expect(store.getSnapshot().version).toBe(before);
  });
});
