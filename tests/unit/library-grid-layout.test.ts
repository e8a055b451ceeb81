import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../shared/models/catalog';
import { groupByFolder } from '../../renderer/views/library/folder-groups';
import {
  CELL_HEIGHT,
  GAP,
  HEADER_HEIGHT,
  PADDING,
  columnsFor,
  layoutGrid,
  rowOf,
  rowsInView,
} from '../../renderer/views/library/grid-layout';
import type { LibraryState } from '../../renderer/views/library/library-state';

function item(path: string): CatalogItem {
  return {
    id: path,
    path,
    name: path.slice(path.lastIndexOf('/') + 1),
    size: 1,
    mtimeMs: 0,
    kind: 'image',
    state: 'ready',
    image: null,
    thumbnail: null,
    error: null,
    sourceId: 1,
    sha256: null,
  };
}

// 20,000 entries: 19,990 contact sheets in one sub-folder, 10 real artworks at the source's top.
const root = '/art/Harbour Show';
const items = [
  ...Array.from({ length: 19_990 }, (_, i) => item(`${root}/Contact sheets/sheet ${i}.jpg`)),
  ...Array.from({ length: 10 }, (_, i) => item(`${root}/final ${i}.tif`)),
];
const states = new Map<string, LibraryState>(
  items.map((i, n) => [i.path, n % 2 ? { kind: 'uploaded' } : { kind: 'new' }]),
);

describe('the Library grid’s folder groups and windowed layout', () => {
  it('groups by folder relative to the source, the source’s own files first, with state counts', () => {
    const groups = groupByFolder(items, [root], states);
    expect(groups.map((g) => [g.label, g.items.length])).toEqual([
      ['Harbour Show', 10],
      ['Harbour Show / Contact sheets', 19_990],
    ]);
    expect(Object.fromEntries(groups[1]!.states)).toEqual({ new: 9995, uploaded: 9995 });
    // A file added on its own is grouped under its folder's name.
    expect(
      groupByFolder([item('/elsewhere/Prints/one.jpg')], ['/elsewhere/Prints/one.jpg'], states)[0]!.label,
    ).toBe('Prints');
  });

  it('windows 20,000 entries to a few rows, and a collapsed folder leaves the layout', () => {
    const { columns } = columnsFor(1000);
    expect(columns).toBe(5);
    const groups = groupByFolder(items, [root], states);
    const open = layoutGrid(items, groups, columns, new Set());
    // 2 headers, 2 rows of finals, 3,998 rows of sheets.
    expect(open.rows).toHaveLength(2 + 2 + 3998);
    expect(open.height).toBe(2 * PADDING + 2 * (HEADER_HEIGHT + GAP) + 4000 * (CELL_HEIGHT + GAP) - GAP);
    const deep = rowsInView(open.rows, 500_000, 600, 2);
    expect(deep.last - deep.first).toBeLessThanOrEqual(8);
    const rendered = open.rows.slice(deep.first, deep.last);
    expect(rendered.every((r) => r.top + CELL_HEIGHT >= 500_000 - 3 * (CELL_HEIGHT + GAP))).toBe(true);

    const shut = layoutGrid(items, groups, columns, new Set([`${root}/Contact sheets`]));
    expect(shut.rows.map((r) => r.kind)).toEqual(['header', 'cells', 'cells', 'header']);
    expect(rowOf(shut.rows, `${root}/final 7.tif`)).toBe(2);
    expect(rowOf(shut.rows, `${root}/Contact sheets/sheet 1.jpg`)).toBe(-1);
    // Flat: one row per five items.
    expect(layoutGrid(items, null, columns, new Set()).rows).toHaveLength(4000);
  });
});
