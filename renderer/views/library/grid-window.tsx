import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CatalogItem } from '../../../shared/models/catalog';
import { ChevronIcon } from '../../components/icons';
import { CatalogCell } from './catalog-cell';
import { STATE_FILTERS, type LibraryState } from './library-state';
import type { FolderGroup } from './folder-groups';
import {
  CELL_HEIGHT,
  GAP,
  HEADER_HEIGHT,
  PADDING,
  columnsFor,
  layoutGrid,
  rowOf,
  rowTopAt,
  rowsInView,
} from './grid-layout';

/** Rows rendered above and below the visible ones, so a fast scroll shows no blank band. */
const OVERSCAN = 2;

const WORDS = new Map(STATE_FILTERS.map((f) => [f.value, f.label.toLocaleLowerCase()]));

/** "12 uploaded · 3 new · 1 held back", the commonest first. */
export function statesSummary(group: FolderGroup): string {
  return [...group.states]
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${n.toLocaleString()} ${kind === 'reading' ? 'reading' : (WORDS.get(kind) ?? kind)}`)
    .join(' · ');
}

interface Props {
  readonly items: readonly CatalogItem[];
  /** Cells the flat grid has room for: `items` and, while the catalog arrives, blank slots after them. */
  readonly slots: number;
  /** The catalog's pages are still arriving. */
  readonly arriving: boolean;
  /** Folder groups (grouped view), or null for one flat grid. */
  readonly groups: readonly FolderGroup[] | null;
  readonly collapsed: ReadonlySet<string>;
  readonly states: ReadonlyMap<string, LibraryState>;
  readonly thumbnailUrl: ((id: string) => string) | undefined;
  readonly selected: string | undefined;
  onSelect(path: string): void;
  onToggle(folder: string): void;
}

/**
 * The windowed grid: fixed-height rows (folder headers and rows of cells) placed by
 * transform in one scroller, only those in view (plus a couple) in the DOM, so 20,000
 * artworks scroll like 20. A cell opens its details on click, Enter or Space.
 */
export function GridWindow({
  items,
  slots,
  arriving,
  groups,
  collapsed,
  states,
  thumbnailUrl,
  selected,
  onSelect,
  onToggle,
}: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [size, setSize] = useState({ width: 900, height: 600 });

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const { columns, cellWidth } = columnsFor(size.width);
  const layout = useMemo(
    () => layoutGrid(items, groups, columns, collapsed, slots),
    [items, groups, columns, collapsed, slots],
  );

  // The selected cell stays in view when the panel opens beside the grid and its columns change.
  useEffect(() => {
    const el = scroller.current;
    if (!el || !selected) return;
    const row = layout.rows[rowOf(layout.rows, selected)];
    if (row && (row.top < el.scrollTop || row.top + CELL_HEIGHT > el.scrollTop + el.clientHeight))
      el.scrollTop = Math.max(0, row.top - PADDING);
  }, [selected, columns]);

  const { first, last } = rowsInView(layout.rows, scrollTop, size.height, OVERSCAN);
  const out: ReactNode[] = [];
  for (let r = first; r < last; r++) {
    const row = layout.rows[r]!;
    if (row.kind === 'header') {
      const g = row.group;
      out.push(
        <div
          key={`h:${g.folder}`}
          role="listitem"
          className="catalog-group"
          style={{ height: HEADER_HEIGHT, transform: `translate(${PADDING}px, ${row.top}px)` }}
          data-testid="catalog-group"
          data-folder={g.folder}
        >
          <button
            type="button"
            className="catalog-group__toggle"
            aria-expanded={!row.collapsed}
            data-testid="catalog-group-toggle"
            onClick={() => onToggle(g.folder)}
          >
            <ChevronIcon size={16} className="catalog-group__chevron" />
            <span className="catalog-group__name" title={g.folder}>
              {g.label}
            </span>
            <span className="catalog-group__count" data-testid="catalog-group-count">
              {g.items.length.toLocaleString()}
            </span>
            <span className="catalog-group__states">{statesSummary(g)}</span>
          </button>
        </div>,
      );
      continue;
    }
    row.items.forEach((item, c) => {
      out.push(
        <div
          key={item.path}
          role="listitem"
          tabIndex={0}
          className="catalog-grid__slot"
          data-path={item.path}
          data-selected={item.path === selected || undefined}
          aria-label={`${item.name}, open details`}
          style={{
            width: cellWidth,
            height: CELL_HEIGHT,
            transform: `translate(${PADDING + c * (cellWidth + GAP)}px, ${row.top}px)`,
          }}
          onClick={() => onSelect(item.path)}
          onKeyDown={(e) => {
            if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
            e.preventDefault();
            onSelect(item.path);
          }}
        >
          <CatalogCell item={item} state={states.get(item.path)!} thumbnailUrl={thumbnailUrl} />
        </div>,
      );
    });
    for (let b = 0; b < row.blanks; b++)
      out.push(
        <div
          key={`arriving-${r}-${b}`}
          aria-hidden="true"
          className="catalog-grid__slot catalog-grid__slot--arriving"
          style={{
            width: cellWidth,
            height: CELL_HEIGHT,
            transform: `translate(${PADDING + (row.items.length + b) * (cellWidth + GAP)}px, ${row.top}px)`,
          }}
        />,
      );
  }

  return (
    <div
      ref={scroller}
      className="catalog-grid"
      role="list"
      aria-label="Artwork"
      data-count={items.length}
      data-columns={columns}
      data-arriving={arriving}
      // Whole rows only: a scroll within a row changes no cell, so it renders nothing (the overscan covers the rest).
      onScroll={(e) => setScrollTop(rowTopAt(layout.rows, e.currentTarget.scrollTop))}
    >
      <div className="catalog-grid__spacer" style={{ height: layout.height }}>
        {out}
      </div>
    </div>
  );
}
