import type { BridgeKind } from '../../bridge/renderer-bridge';
import type { DroppedItem } from '../../shell/dropped-items';
import type { LibrarySource } from './use-library-sources';
import { EmptyState } from '../../components/empty-state';
import { ImageIcon, QueueIcon, UploadCloudIcon } from '../../components/icons';
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
          <section className="panel">
            <div className="panel__header">
              <h2 className="panel__title">
                <ImageIcon size={16} /> Sources
              </h2>
              <span className="panel__count">{sources.length}</span>
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
            <SourceList items={sources} onRemove={onRemove} />
            {inBrowser ? (
              // One line under the sources, so the grid keeps the height (two rows at 780 px).
              <div className="library__add">
                <PathForm onAdd={onAdd} />
              </div>
            ) : null}
          </section>
          <CatalogGrid paths={sources.flatMap((s) => (s.path ? [s.path] : []))} />
        </div>
      )}
    </div>
  );
}
