import { describe, expect, it } from 'vitest';
import { CatalogPages } from '../../core/catalog/catalog-pages';
import { catalogPageRequest } from '../../shared/ipc/catalog-schemas';
import type { CatalogItem } from '../../shared/models/catalog';

const item = (n: number, over: Partial<CatalogItem> = {}): CatalogItem => ({
  id: String(n).padStart(40, '0'),
  path: `/art/${n}.tif`,
  name: `${n}.tif`,
  size: 10,
  mtimeMs: 1,
  kind: 'image',
  state: 'ready',
  image: null,
  thumbnail: null,
  error: null,
  sourceId: 1,
  sha256: null,
  ...over,
});

describe('CatalogPages (catalog.page)', () => {
  it('cuts every page of one load from one snapshot, however the catalog changes meanwhile', () => {
    let list = [1, 2, 3, 4, 5].map((n) => item(n));
    const pages = new CatalogPages(() => list);
    const first = pages.page({ offset: 0, limit: 2 });
    expect(first.items.map((i) => i.name)).toEqual(['1.tif', '2.tif']);
    expect(first).toMatchObject({ offset: 0, total: 5, summary: { found: 5, ready: 0, images: 5 } });

    // An item dropped (a file deleted) and one added: the snapshot's pages do not shift.
    list = [item(2), item(3), item(4), item(5), item(6)];
    const second = pages.page({ offset: 2, limit: 2, snapshot: first.snapshot });
    const third = pages.page({ offset: 4, limit: 2, snapshot: first.snapshot });
    expect([second.snapshot, third.snapshot]).toEqual([first.snapshot, first.snapshot]);
    expect([...second.items, ...third.items].map((i) => i.name)).toEqual(['3.tif', '4.tif', '5.tif']);

    // A new load sees the catalog as it is now.
    const fresh = pages.page({ offset: 0, limit: 10 });
    expect(fresh.snapshot).not.toBe(first.snapshot);
    expect(fresh.items.map((i) => i.name)).toEqual(['2.tif', '3.tif', '4.tif', '5.tif', '6.tif']);
  });

  it('counts the whole catalog for the header, and answers an unknown or expired snapshot with a new one', () => {
    let now = 1_000;
    const list = [
      item(1, { state: 'pending' }),
      item(2, { state: 'failed' }),
      item(3, { kind: 'not-image' }),
      item(4, {
        image: { width: 1, height: 1 } as CatalogItem['image'],
      }),
    ];
    const pages = new CatalogPages(
      () => list,
      () => now,
    );
    const first = pages.page({ offset: 0, limit: 1 });
    expect(first.summary).toEqual({ found: 4, ready: 1, failed: 1, pending: 1, images: 3 });
    expect(pages.page({ offset: 1, limit: 1, snapshot: 'no-such-snapshot' }).snapshot).not.toBe(
      first.snapshot,
    );
    now += 29_000;
    expect(pages.page({ offset: 1, limit: 1, snapshot: first.snapshot }).snapshot).toBe(first.snapshot);
    now += 31_000;
    const late = pages.page({ offset: 1, limit: 1, snapshot: first.snapshot });
    expect(late.snapshot).not.toBe(first.snapshot);
    expect(late.items.map((i) => i.name)).toEqual(['2.tif']);
  });

  it('bounds what a renderer may ask for', () => {
    expect(catalogPageRequest.safeParse({ offset: 0, limit: 300 }).success).toBe(true);
    for (const bad of [
      { offset: -1, limit: 10 },
      { offset: 0, limit: 0 },
      { offset: 0, limit: 5001 },
      { offset: 0.5, limit: 10 },
      { offset: 0, limit: 10, snapshot: '' },
      { offset: 0, limit: 10, snapshot: 'x'.repeat(65) },
      { offset: 0, limit: 10, extra: true },
    ])
      expect(catalogPageRequest.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
