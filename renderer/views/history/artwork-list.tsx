import type { Artwork, DeletedArtwork } from '../../../shared/models/bucket';
import { FolderIcon, ImageIcon } from '../../components/icons';
import { baseName, formatDate } from './history-format';
import { formatBytes } from '../../../shared/format-bytes';

/** One level of the bucket: sub-folders first, then the artworks, then (when asked) what was deleted here. */
export function ArtworkList({
  folders,
  artworks,
  deleted,
  selectedKey,
  onOpenFolder,
  onSelect,
}: {
  folders: readonly string[];
  artworks: readonly Artwork[];
  deleted?: readonly DeletedArtwork[];
  selectedKey?: string;
  onOpenFolder(prefix: string): void;
  onSelect(key: string): void;
}) {
  return (
    <ul className="artwork-list" aria-label="Folders and artworks" data-testid="artwork-list">
      {folders.map((f) => (
        <li key={f}>
          <button
            type="button"
            className="artwork-row"
            data-kind="folder"
            data-prefix={f}
            onClick={() => onOpenFolder(f)}
          >
            <span className="artwork-row__icon artwork-row__icon--folder">
              <FolderIcon size={18} />
            </span>
            <span className="artwork-row__text">
              <span className="artwork-row__name">{baseName(f)}</span>
            </span>
            <span className="artwork-row__chevron" aria-hidden="true">
              ›
            </span>
          </button>
        </li>
      ))}
      {artworks.map((a) => (
        <ArtworkRow
          key={a.key}
          objectKey={a.key}
          kind="artwork"
          selected={selectedKey === a.key}
          meta={`${formatBytes(a.size)} · ${formatDate(a.lastModified)}`}
          onSelect={onSelect}
        />
      ))}
      {deleted?.map((d) => (
        <ArtworkRow
          key={`deleted:${d.key}`}
          objectKey={d.key}
          kind="deleted"
          selected={selectedKey === d.key}
          meta={`Deleted ${formatDate(d.deletedAt)}`}
          onSelect={onSelect}
        />
      ))}
    </ul>
  );
}

/** One artwork of the level (or a deleted one, marked so): its name, a line of facts, selectable. */
function ArtworkRow({
  objectKey,
  kind,
  selected,
  meta,
  onSelect,
}: {
  objectKey: string;
  kind: 'artwork' | 'deleted';
  selected: boolean;
  meta: string;
  onSelect(key: string): void;
}) {
  return (
    <li>
      <button
        type="button"
        className={kind === 'deleted' ? 'artwork-row artwork-row--deleted' : 'artwork-row'}
        data-kind={kind}
        data-key={objectKey}
        aria-current={selected ? 'true' : undefined}
        onClick={() => onSelect(objectKey)}
      >
        <span className="artwork-row__icon">
          <ImageIcon size={18} />
        </span>
        <span className="artwork-row__text">
          <span className="artwork-row__name" title={objectKey}>
            {baseName(objectKey)}
          </span>
          <span className="artwork-row__meta">{meta}</span>
        </span>
        {kind === 'deleted' ? <span className="pill pill--bad">Deleted</span> : null}
      </button>
    </li>
  );
}
