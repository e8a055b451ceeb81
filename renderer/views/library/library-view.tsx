import type { BridgeKind } from '../../bridge/renderer-bridge';
import type { DroppedItem } from '../../shell/dropped-items';
import type { LibrarySource } from './use-library-sources';
import { EmptyState } from '../../components/empty-state';
import { ChevronIcon, QueueIcon, UploadCloudIcon } from '../../components/icons';
import { useFoldedOnShortWindow } from './use-short-window';
import { ViewHeader } from '../../components/view-header';
import { PathForm } from './path-form';
import { SourceList } from './source-list';
import { CatalogGrid } from './catalog-grid';
import { AddButtons } from './add-buttons';

interface Props {
  readonly sources: readonly LibrarySource[];
  readonly hostKind: BridgeKind;
  onAdd(items: DroppedItem[]): void;
  onRemove(id: string): void;
  /** Opens the Queue view (shown once something was queued). */
  onOpenQueue?(): void;
}

/**
 * Library: what the person added and, once the catalog lands, every artwork found in it
 * with its thumbnail, pixel size, file size and colour profile.
 */
export function LibraryView({ sources, hostKind, onAdd, onRemove, onOpenQueue }: Props) {
  const inBrowser = hostKind !== 'electron';
  const hidden = sources.filter((s) => !s.path).length;
  const queued = sources.some((s) => s.status.kind === 'queued' && s.status.added > 0);
  // In a short window the sources fold to one line, so the grid keeps the height.
  const [folded, setFolded] = useFoldedOnShortWindow();
  return (
    <div className="view view--library">
      <ViewHeader
        title="Library"
        subtitle="Artwork you add is read here, then queued for upload to your artist folder."
        actions={<AddButtons hostKind={hostKind} onAdd={onAdd} />}
      />
      {sources.length === 0 ? (
        <div className="view__body view__body--center">
          <div className="drop-zone" data-testid="drop-zone">
            <EmptyState icon={<UploadCloudIcon size={34} />} title="Drop folders of artwork here">
              <p>
                Copper reads every image inside, with its size and colour profile, and keeps the folder
                structure when it uploads.
              </p>
              <p className="muted">JPEG, PNG, TIFF, WebP, HEIC and PSD · any size up to 5 TB</p>
            </EmptyState>
            {inBrowser ? (
              <div className="drop-zone__footer">
                <PathForm onAdd={onAdd} />
              </div>
            ) : null}
          </div>
        </div>
      ) : (
        <div className="view__body">
          {hidden > 0 && inBrowser ? (
            <div className="notice notice--warn" role="status">
              <strong>
                Your browser hid where {hidden === 1 ? 'this item lives' : `these ${hidden} items live`}.
              </strong>{' '}
              Drop it in the Copper desktop app, or add the folder by its path below.
            </div>
          ) : null}
          <section className="panel library__sources" data-folded={folded}>
            <div className="panel__header">
              <h2 className="panel__title">
                <button
                  type="button"
                  className="library__sources-toggle"
                  aria-expanded={!folded}
                  aria-controls="library-sources"
                  data-testid="library-sources-toggle"
                  onClick={() => setFolded(!folded)}
                >
                  <ChevronIcon size={16} className="library__chevron" /> Sources
                  <span className="panel__count">{sources.length}</span>
                </button>
              </h2>
              {folded ? (
                <span className="library__sources-names">{sources.map((s) => s.name).join(' · ')}</span>
              ) : null}
              {queued && onOpenQueue ? (
                <span className="panel__actions">
                  <button
                    type="button"
                    className="button button--ghost"
                    data-testid="library-open-queue"
                    onClick={onOpenQueue}
                  >
                    <QueueIcon size={15} /> View queue
                  </button>
                </span>
              ) : null}
            </div>
            <div id="library-sources" hidden={folded}>
              <SourceList items={sources} onRemove={onRemove} />
              {inBrowser ? (
                // One line under the sources, so the grid keeps the height.
                <div className="library__add">
                  <PathForm onAdd={onAdd} />
                </div>
              ) : null}
            </div>
          </section>
          <CatalogGrid paths={sources.flatMap((s) => (s.path ? [s.path] : []))} />
        </div>
      )}
    </div>
  );
}
