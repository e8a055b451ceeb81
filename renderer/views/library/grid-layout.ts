import type { CatalogItem } from '../../../shared/models/catalog';
import type { FolderGroup } from './folder-groups';

/** Every cell is exactly this tall (px) and at least this wide, so which cells are in view is arithmetic, never measurement. */
export const MIN_CELL_WIDTH = 176;
export const CELL_HEIGHT = 236;
export const GAP = 12;
export const PADDING = 14;
/** A folder's header row. */
export const HEADER_HEIGHT = 36;

/** One row of the windowed grid: a folder's header, or up to `columns` cells. */
export type GridRow =
  | {
      readonly kind: 'header';
      readonly top: number;
      readonly group: FolderGroup;
      readonly collapsed: boolean;
    }
  | {
      readonly kind: 'cells';
      readonly top: number;
      readonly items: readonly CatalogItem[];
      /** Blank slots after the items: entries counted but not yet arrived from the core. */
      readonly blanks: number;
    };

export interface GridLayout {
  readonly rows: readonly GridRow[];
  /** The spacer's height: every row, the padding above and below. */
  readonly height: number;
}

const ROW = CELL_HEIGHT + GAP;

/** The cell columns a width holds, and each cell's width (the spare pixels widen every column). */
export function columnsFor(width: number): { columns: number; cellWidth: number } {
  const columns = Math.max(1, Math.floor((width - 2 * PADDING + GAP) / (MIN_CELL_WIDTH + GAP)));
  const cellWidth = Math.max(MIN_CELL_WIDTH, (width - 2 * PADDING - (columns - 1) * GAP) / columns);
  return { columns, cellWidth };
}

function cellRows(
  items: readonly CatalogItem[],
  columns: number,
  top: number,
  out: GridRow[],
  slots = items.length,
): number {
  for (let i = 0; i < slots; i += columns) {
    const row = items.slice(i, i + columns);
    out.push({ kind: 'cells', top, items: row, blanks: Math.min(columns, slots - i) - row.length });
    top += ROW;
  }
  return top;
}

/**
 * The rows of the grid, with their offsets: the items in rows of `columns`, or (grouped) each
 * folder's header followed by its rows unless collapsed. 20,000 items are ~3,000 rows: built
 * once per change of items, columns or grouping, never per scroll frame.
 */
export function layoutGrid(
  items: readonly CatalogItem[],
  groups: readonly FolderGroup[] | null,
  columns: number,
  collapsed: ReadonlySet<string>,
  slots = items.length,
): GridLayout {
  const rows: GridRow[] = [];
  let top = PADDING;
  if (!groups) top = cellRows(items, columns, top, rows, Math.max(slots, items.length));
  else
    for (const group of groups) {
      const shut = collapsed.has(group.folder);
      rows.push({ kind: 'header', top, group, collapsed: shut });
      top += HEADER_HEIGHT + GAP;
      if (!shut) top = cellRows(group.items, columns, top, rows);
    }
  return { rows, height: rows.length === 0 ? 0 : top - GAP + PADDING };
}

function rowHeight(row: GridRow): number {
  return row.kind === 'header' ? HEADER_HEIGHT : CELL_HEIGHT;
}

/** The first row whose bottom is below `y` (binary search over the offsets). */
function firstBelow(rows: readonly GridRow[], y: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const r = rows[mid]!;
    if (r.top + rowHeight(r) <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rows to render for a scroll position: those in view plus `overscan` rows either side. */
export function rowsInView(
  rows: readonly GridRow[],
  scrollTop: number,
  viewHeight: number,
  overscan: number,
): { first: number; last: number } {
  const first = Math.max(0, firstBelow(rows, scrollTop) - overscan);
  const last = Math.min(rows.length, firstBelow(rows, scrollTop + viewHeight) + 1 + overscan);
  return { first, last };
}

/** The top of the row at `y`: a scroll within one row changes no cell, so it need not render. */
export function rowTopAt(rows: readonly GridRow[], y: number): number {
  return rows[Math.min(firstBelow(rows, y), rows.length - 1)]?.top ?? 0;
}

/** The row holding an item (for scrolling a selected cell into view), or -1. */
export function rowOf(rows: readonly GridRow[], path: string): number {
  return rows.findIndex((r) => r.kind === 'cells' && r.items.some((i) => i.path === path));
}
