import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useBridge } from '../../bridge/bridge-context';
import { useQueue } from '../../stores/queue-context';
import { latestByPath, libraryState, STATE_FILTERS, type LibraryStateKind } from './library-state';
import { ImageIcon } from '../../components/icons';
import { CatalogCell } from './catalog-cell';
import { summarise, useCatalog } from './use-catalog';
import { useBucketComparison } from './use-bucket-comparison';
import './library.css';

/** Every cell is exactly this tall (px) and at least this wide, so which cells are in view is arithmetic, never measurement. */
const MIN_CELL_WIDTH = 176;
const CELL_HEIGHT = 236;
const GAP = 12;
const PADDING = 14;
/** Rows rendered above and below the visible ones, so a fast scroll shows no blank band. */
const OVERSCAN = 2;

interface Props {
  /** The absolute paths the person added (files or folders): each is scanned once, and only items under them are shown. */
  readonly paths: readonly string[];
}

/**
 * The Library's artwork grid: a thumbnail, name, pixel size, file size and colour profile
 * per file, with the reason for any file that could not be read. Windowed: only the rows in
 * view (plus a couple) are in the DOM, so 20,000 artworks scroll like 20.
 */
export function CatalogGrid({ paths }: Props) {
  const bridge = useBridge();
  const { items: allItems, arriving, scanning, error } = useCatalog(paths);
  const queue = useQueue();
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<LibraryStateKind | 'all'>('all');
  const byPath = useMemo(() => latestByPath(queue.entries), [queue.entries]);
  const bucket = useBucketComparison(allItems, byPath);
  const states = useMemo(() => {
    const out = new Map<string, ReturnType<typeof libraryState>>();
    for (const item of allItems) {
      const entry = byPath.get(item.path);
      const live = entry ? queue.live.get(entry.id) : undefined;
      out.set(item.path, libraryState(item, entry, live, bucket.byPath.get(item.path)));
    }
    return out;
  }, [allItems, byPath, queue.live, bucket.byPath]);
  const items = useMemo(() => {
    const q = query.trim().toLocaleLowerCase();
    if (!q && filter === 'all') return allItems;
    return allItems.filter(
      (i) =>
        (!q || i.name.toLocaleLowerCase().includes(q)) &&
        (filter === 'all' || states.get(i.path)?.kind === filter),
    );
  }, [allItems, states, query, filter]);
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
  }, [allItems.length > 0]);
  const shownCounts = useMemo(() => summarise(allItems), [allItems]);

  if (paths.length === 0) return null;
  // While the catalog's pages arrive, the header counts the whole catalog and the grid has its
  // full height; slots whose items are not here yet stay blank (never a cell without its data).
  const counts = arriving ?? shownCounts;
  const slots = arriving && items === allItems ? Math.max(items.length, arriving.found) : items.length;
  const columns = Math.max(1, Math.floor((size.width - 2 * PADDING + GAP) / (MIN_CELL_WIDTH + GAP)));
  // Cells share the width: the spare pixels widen every column instead of piling up at the right edge.
  const cellWidth = Math.max(MIN_CELL_WIDTH, (size.width - 2 * PADDING - (columns - 1) * GAP) / columns);
  const rows = Math.ceil(slots / columns);
  const rowHeight = CELL_HEIGHT + GAP;
  const firstRow = Math.max(0, Math.floor((scrollTop - PADDING) / rowHeight) - OVERSCAN);
  const lastRow = Math.min(rows, Math.ceil((scrollTop + size.height) / rowHeight) + OVERSCAN);
  const cells: ReactNode[] = [];
  for (let r = firstRow; r < lastRow; r++) {
    for (let c = 0; c < columns; c++) {
      const index = r * columns + c;
      if (index >= slots) break;
      const item = items[index];
      const style = {
        width: cellWidth,
        height: CELL_HEIGHT,
        transform: `translate(${PADDING + c * (cellWidth + GAP)}px, ${PADDING + r * rowHeight}px)`,
      };
      cells.push(
        item ? (
          <div key={item.path} role="listitem" className="catalog-grid__slot" style={style}>
            <CatalogCell item={item} state={states.get(item.path)!} thumbnailUrl={bridge.thumbnailUrl} />
          </div>
        ) : (
          <div
            key={`arriving-${index}`}
            aria-hidden="true"
            className="catalog-grid__slot catalog-grid__slot--arriving"
            style={style}
          />
        ),
      );
    }
  }

  return (
    <section className="panel catalog" data-testid="catalog">
      <div className="panel__header">
        <h2 className="panel__title">
          <ImageIcon size={16} /> Artwork
        </h2>
        <span className="panel__count" data-testid="catalog-count">
          {counts.found.toLocaleString()}
        </span>
        <span
          className="catalog__summary"
          data-testid="catalog-summary"
          data-scanning={scanning || counts.pending > 0}
        >
          {scanning || counts.pending > 0 ? (
            <>
              Reading {(counts.images - counts.pending).toLocaleString()} of {counts.images.toLocaleString()}{' '}
              images…
            </>
          ) : (
            <>
              {counts.ready.toLocaleString()} {counts.ready === 1 ? 'image' : 'images'} read
            </>
          )}
          {counts.failed > 0 ? (
            <span className="catalog__failed"> · {counts.failed.toLocaleString()} with problems</span>
          ) : null}
        </span>
      </div>
      {allItems.length > 0 ? (
        <div className="catalog__toolbar">
          <input
            type="search"
            className="input catalog__search"
            placeholder="Search by name"
            aria-label="Search artwork by name"
            data-testid="catalog-search"
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
          />
          <select
            className="input catalog__filter"
            aria-label="Show artwork in this state"
            data-testid="catalog-filter"
            value={filter}
            onChange={(e) => setFilter(e.currentTarget.value as LibraryStateKind | 'all')}
          >
            {STATE_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
          {bucket.byPath.size > 0 ? (
            <button
              type="button"
              className="button button--ghost catalog__compare"
              data-testid="catalog-compare"
              disabled={bucket.checking}
              title="Ask the gallery again which version it holds of each uploaded file"
              onClick={bucket.refresh}
            >
              {bucket.checking ? 'Comparing…' : 'Compare with gallery'}
            </button>
          ) : null}
          {items.length !== allItems.length ? (
            <span className="catalog__shown" data-testid="catalog-shown">
              {items.length.toLocaleString()} of {allItems.length.toLocaleString()} shown
            </span>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <div className="catalog__error" role="alert">
          {error.message}
        </div>
      ) : null}
      {items.length === 0 ? (
        <div className="catalog__empty">
          {allItems.length > 0
            ? 'Nothing matches this search or state.'
            : scanning
              ? 'Looking for artwork…'
              : 'No files found in what you added.'}
        </div>
      ) : (
        <div
          ref={scroller}
          className="catalog-grid"
          role="list"
          aria-label="Artwork"
          data-count={items.length}
          data-columns={columns}
          data-arriving={arriving !== null}
          // Whole rows only: a scroll within a row changes no cell, so it renders nothing (the overscan covers the rest).
          onScroll={(e) =>
            setScrollTop(Math.floor(e.currentTarget.scrollTop / (CELL_HEIGHT + GAP)) * (CELL_HEIGHT + GAP))
          }
        >
          <div className="catalog-grid__spacer" style={{ height: 2 * PADDING + rows * rowHeight - GAP }}>
            {cells}
          </div>
        </div>
      )}
    </section>
  );
}
