import type { DroppedItem } from '../../shell/dropped-items';
import { CloseIcon, FileIcon, FolderIcon } from '../../components/icons';

function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u += 1; }
  return u === 0 ? `${v} ${units[0]}` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** The folders and files added so far, with where each one is (or that the browser hid it). */
export function SourceList({ items, onRemove }: { items: readonly DroppedItem[]; onRemove(id: string): void }) {
  return (
    <ul className="source-list" aria-label="Added folders and files">
      {items.map((item) => (
        <li key={item.id} className="source-row" data-kind={item.kind}>
          <span className="source-row__icon">{item.kind === 'folder' ? <FolderIcon size={20} /> : <FileIcon size={20} />}</span>
          <span className="source-row__main">
            <span className="source-row__name">{item.name}</span>
            <span className={item.path ? 'source-row__path' : 'source-row__path source-row__path--missing'}>
              {item.path ?? 'Location hidden by the browser'}
            </span>
          </span>
          <span className="source-row__meta">
            {item.kind === 'folder' ? 'Folder' : item.size !== undefined ? formatBytes(item.size) : 'File'}
          </span>
          <span className={item.path ? 'pill pill--neutral' : 'pill pill--warn'}>{item.path ? 'Waiting to scan' : 'Needs a path'}</span>
          <button type="button" className="icon-button" aria-label={`Remove ${item.name}`} onClick={() => onRemove(item.id)}>
            <CloseIcon size={16} />
          </button>
        </li>
      ))}
    </ul>
  );
}
