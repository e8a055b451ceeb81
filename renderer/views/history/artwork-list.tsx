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
        <li key={a.key}>
          <button
            type="button"
            className="artwork-row"
            data-kind="artwork"
            data-key={a.key}
            aria-current={selectedKey === a.key ? 'true' : undefined}
            onClick={() => onSelect(a.key)}
          >
            <span className="artwork-row__icon">
              <ImageIcon size={18} />
            </span>
            <span className="artwork-row__text">
              <span className="artwork-row__name" title={a.key}>
                {baseName(a.key)}
              </span>
              <span className="artwork-row__meta">
                {formatBytes(a.size)} · {formatDate(a.lastModified)}
              </span>
            </span>
          </button>
        </li>
      ))}
      {deleted?.map((d) => (
        <li key={`deleted:${d.key}`}>
          <button
            type="button"
            className="artwork-row artwork-row--deleted"
            data-kind="deleted"
            data-key={d.key}
            aria-current={selectedKey === d.key ? 'true' : undefined}
            onClick={() => onSelect(d.key)}
          >
            <span className="artwork-row__icon">
              <ImageIcon size={18} />
            </span>
            <span className="artwork-row__text">
              <span className="artwork-row__name" title={d.key}>
                {baseName(d.key)}
              </span>
              <span className="artwork-row__meta">Deleted {formatDate(d.deletedAt)}</span>
            </span>
            <span className="pill pill--bad">Deleted</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
