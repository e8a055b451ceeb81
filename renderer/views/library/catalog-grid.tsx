import { useCallback, useMemo, useState } from 'react';
import { useBridge } from '../../bridge/bridge-context';
import { useQueue } from '../../stores/queue-context';
import { latestByPath, libraryState, STATE_FILTERS, type LibraryStateKind } from './library-state';
import { ImageIcon } from '../../components/icons';
import { DetailsPanel } from './details-panel';
import { groupByFolder } from './folder-groups';
import { GridWindow } from './grid-window';
import { useCatalogDetails } from './use-catalog-details';
import { summarise, useCatalog } from './use-catalog';
import { useBucketComparison } from './use-bucket-comparison';
import './library.css';

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
  const [grouped, setGrouped] = useGrouping();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const groups = useMemo(
    () => (grouped ? groupByFolder(items, paths, states) : null),
    [grouped, items, paths, states],
  );
  const toggle = useCallback(
    (folder: string) =>
      setCollapsed((prev) => {
        const next = new Set(prev);
        if (!next.delete(folder)) next.add(folder);
        return next;
      }),
    [],
  );
  const [selected, setSelected] = useState<string>();
  const selectedItem = selected ? allItems.find((i) => i.path === selected) : undefined;
  const selectedEntry = selected ? byPath.get(selected) : undefined;
  const details = useCatalogDetails(
    selectedItem?.path,
    `${selectedEntry?.id ?? ''}:${selectedEntry?.state ?? ''}:${selectedItem?.id ?? ''}`,
  );
  const close = useCallback(() => {
    const path = selected;
    setSelected(undefined);
    // Focus goes back to the cell the panel was opened from (when it is still in view).
    requestAnimationFrame(() =>
      document
        .querySelector<HTMLElement>(`.catalog-grid__slot[data-path="${CSS.escape(path ?? '')}"]`)
        ?.focus(),
    );
  }, [selected]);

  const shownCounts = useMemo(() => summarise(allItems), [allItems]);

  if (paths.length === 0) return null;
  // While the catalog's pages arrive, the header counts the whole catalog and the flat grid has
  // its full height; slots whose items are not here yet stay blank (never a cell without its data).
  const counts = arriving ?? shownCounts;
  const slots =
    arriving && items === allItems && !groups ? Math.max(items.length, arriving.found) : items.length;

  return (
    <section className="panel catalog" data-testid="catalog">
      <div className="panel__header">
        <h2 className="panel__title">
          <ImageIcon size={16} /> Artwork
        </h2>
        <span className="panel__count" data-testid="catalog-count">
          {counts.found.toLocaleString()}
        </span>
        <label className="catalog__group">
          <input
            type="checkbox"
            checked={grouped}
            data-testid="catalog-group-by-folder"
            onChange={(e) => setGrouped(e.currentTarget.checked)}
          />
          Group by folder
        </label>
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
      <div className="catalog__body">
        {items.length === 0 ? (
          <div className="catalog__empty">
            {allItems.length > 0
              ? 'Nothing matches this search or state.'
              : scanning
                ? 'Looking for artwork…'
                : 'No files found in what you added.'}
          </div>
        ) : (
          <GridWindow
            items={items}
            slots={slots}
            arriving={arriving !== null}
            groups={groups}
            collapsed={collapsed}
            states={states}
            thumbnailUrl={bridge.thumbnailUrl}
            selected={selectedItem?.path}
            onSelect={setSelected}
            onToggle={toggle}
          />
        )}
        {selectedItem ? (
          <DetailsPanel
            item={selectedItem}
            state={states.get(selectedItem.path)!}
            thumbnailUrl={bridge.thumbnailUrl}
            model={details}
            onClose={close}
          />
        ) : null}
      </div>
    </section>
  );
}

const GROUP_KEY = 'copper.library.groupByFolder';

/** Whether the grid groups by folder, remembered in this window's storage. */
function useGrouping(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => {
    try {
      return localStorage.getItem(GROUP_KEY) === '1';
    } catch {
      return false;
    }
  });
  const set = useCallback((next: boolean) => {
    setOn(next);
    try {
      localStorage.setItem(GROUP_KEY, next ? '1' : '0');
    } catch {
      /* storage refused: the choice lasts this session */
    }
  }, []);
  return [on, set];
}
