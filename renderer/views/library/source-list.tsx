import { useState } from 'react';
import type { AddSkip } from '../../../shared/models/queue';
import { CloseIcon, FileIcon, FolderIcon } from '../../components/icons';
import { plural } from '../../components/plural';
import { formatBytes } from '../../../shared/format-bytes';
import type { LibrarySource } from './use-library-sources';

const SKIP_WORDS: Record<AddSkip['reason'], string> = {
  hidden: 'Hidden or system file',
  'symlink-loop': 'Link that loops back on itself',
  unreadable: 'Can’t be read (permissions)',
  vanished: 'Gone before it could be read',
  'not-a-file': 'Not a regular file',
  'already-queued': 'Already in the queue',
  'outside-artist-folder': 'Not in an existing artist’s folder',
};
const SHOWN_SKIPS = 200;

function relativeTo(root: string | undefined, path: string): string {
  if (root && path.startsWith(root) && path.length > root.length)
    return path.slice(root.length).replace(/^[\\/]/, '');
  return path;
}

function Status({ item, open, onToggle }: { item: LibrarySource; open: boolean; onToggle(): void }) {
  const s = item.status;
  switch (s.kind) {
    case 'needs-path':
      return <span className="pill pill--warn">Needs a path</span>;
    case 'known':
      return <span className="pill pill--neutral">In your Library</span>;
    case 'adding':
      return (
        <span className="pill pill--neutral">
          <span className="spinner" aria-hidden="true" />
          &nbsp;Reading…
        </span>
      );
    case 'failed':
      return <span className="pill pill--bad">Not queued</span>;
    case 'queued':
      return (
        <span className="source-row__status">
          <span className={s.added > 0 ? 'pill pill--ok' : 'pill pill--neutral'} data-testid="source-queued">
            {s.added > 0 ? `${plural(s.added, 'file')} queued` : 'Nothing to queue'}
          </span>
          {s.skipped.length > 0 ? (
            <button
              type="button"
              className="source-row__toggle"
              aria-expanded={open}
              onClick={onToggle}
              data-testid="source-skipped"
            >
              <span className="pill pill--warn">{s.skipped.length.toLocaleString()} skipped</span>
            </button>
          ) : null}
        </span>
      );
  }
}

function meta(item: LibrarySource): string {
  if (item.status.kind === 'queued' && item.status.added > 0) return formatBytes(item.status.bytes);
  if (item.kind === 'folder') return 'Folder';
  return item.size !== undefined ? formatBytes(item.size) : 'File';
}

/** The folders and files added so far: where each one is, and what the queue made of it (queued, skipped and why). */
export function SourceList({
  items,
  onRemove,
}: {
  items: readonly LibrarySource[];
  onRemove(id: string): void;
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <ul className="source-list" aria-label="Added folders and files">
      {items.map((item) => {
        const expanded = open.has(item.id) && item.status.kind === 'queued';
        const skipped = item.status.kind === 'queued' ? item.status.skipped : [];
        return (
          <li
            key={item.id}
            className="source-row"
            data-kind={item.kind}
            data-status={item.status.kind}
            data-testid="source"
          >
            <span className="source-row__icon">
              {item.kind === 'folder' ? <FolderIcon size={20} /> : <FileIcon size={20} />}
            </span>
            <span className="source-row__main">
              <span className="source-row__name">{item.name}</span>
              <span className={item.path ? 'source-row__path' : 'source-row__path source-row__path--missing'}>
                {item.path ?? 'Location hidden by the browser'}
              </span>
            </span>
            <span className="source-row__meta">{meta(item)}</span>
            <Status item={item} open={expanded} onToggle={() => toggle(item.id)} />
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove ${item.name} from this list`}
              title="Remove from this list (the queue keeps its files)"
              onClick={() => onRemove(item.id)}
            >
              <CloseIcon size={16} />
            </button>
            {item.status.kind === 'failed' ? (
              <span className="source-row__error" role="alert" data-testid="source-error">
                {item.status.error.message}
              </span>
            ) : null}
            {expanded ? (
              <ul className="source-skips" aria-label={`Skipped in ${item.name}`}>
                {skipped.slice(0, SHOWN_SKIPS).map((s) => (
                  <li key={s.path} title={s.message}>
                    <span className="source-skips__path">{relativeTo(item.path, s.path)}</span>
                    <span className="source-skips__reason">{SKIP_WORDS[s.reason] ?? s.message}</span>
                  </li>
                ))}
                {skipped.length > SHOWN_SKIPS ? (
                  <li className="muted">and {(skipped.length - SHOWN_SKIPS).toLocaleString()} more</li>
                ) : null}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
