import { useState } from 'react';
import type { BridgeKind } from '../../bridge/renderer-bridge';
import { useBridge, useEvent } from '../../bridge/bridge-context';
import { toCopperError } from '../../bridge/bridge-error';
import type { DroppedItem } from '../../shell/dropped-items';
import { FileIcon, FolderIcon } from '../../components/icons';
import './add-buttons.css';

let counter = 0;

/** Picked paths as Library sources (the same shape a desktop drop gives). */
export function pickedItems(kind: 'folders' | 'files', paths: readonly string[]): DroppedItem[] {
  return paths.map((path) => ({
    id: `picked-${Date.now().toString(36)}-${(counter++).toString(36)}`,
    name: path.split(/[\\/]/).filter(Boolean).pop() ?? path,
    kind: kind === 'folders' ? 'folder' : 'file',
    path,
    via: 'path',
  }));
}

/**
 * "Add folder…" and "Add files…" in the Library header: the OS's open dialog (desktop only;
 * the web host keeps its path field), so keyboard and screen-reader users can add artwork
 * without dragging.
 */
export function AddButtons({ hostKind, onAdd }: { hostKind: BridgeKind; onAdd(items: DroppedItem[]): void }) {
  const bridge = useBridge();
  const [error, setError] = useState<string>();
  const pick = (kind: 'folders' | 'files') => {
    setError(undefined);
    bridge.invoke('dialog.pick-paths', { kind }).then(
      ({ paths }) => {
        if (paths.length > 0) onAdd(pickedItems(kind, paths));
      },
      (reason: unknown) => setError(toCopperError(reason).message),
    );
  };
  if (hostKind !== 'electron') return null;
  return (
    <span className="add-buttons">
      <button type="button" className="button" data-testid="add-folder" onClick={() => pick('folders')}>
        <FolderIcon size={15} /> Add folder…
      </button>
      <button type="button" className="button" data-testid="add-files" onClick={() => pick('files')}>
        <FileIcon size={15} /> Add files…
      </button>
      {error ? (
        <span className="add-buttons__error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}

/** Paths picked through the application menu (File → Add Folder…/Add Files…) join the Library like a drop. */
export function useMenuPicks(onAdd: (items: DroppedItem[]) => void): void {
  useEvent('dialog.picked', ({ kind, paths }) => {
    if (paths.length > 0) onAdd(pickedItems(kind, paths));
  });
}
