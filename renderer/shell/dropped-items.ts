/**
 * Something the person added as a source of artwork. Desktop drops carry an absolute path;
 * a browser never reveals one, so a web drop has only names until the person types the
 * folder's path (the web host's path field). The catalog issue turns items with a path into
 * a folder walk.
 */
export interface DroppedItem {
  readonly id: string;
  readonly name: string;
  readonly kind: 'folder' | 'file';
  /** Absolute path on the machine running the core; undefined when the host cannot know it. */
  readonly path?: string;
  readonly size?: number;
  readonly via: 'drop' | 'path';
}

let counter = 0;
const nextId = () => `item-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/**
 * Reads a drop synchronously (the DataTransfer is emptied once the event returns).
 * `webkitGetAsEntry` tells folders from files; `pathForFile` asks the desktop preload for
 * the real path and gives undefined in a browser.
 */
export function readDrop(data: DataTransfer, pathForFile: (file: File) => string | undefined): DroppedItem[] {
  const out: DroppedItem[] = [];
  for (const item of Array.from(data.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    const file = item.getAsFile();
    if (!file) continue;
    const isFolder = entry?.isDirectory ?? false;
    out.push({
      id: nextId(),
      name: entry?.name ?? file.name,
      kind: isFolder ? 'folder' : 'file',
      path: pathForFile(file),
      size: isFolder ? undefined : file.size,
      via: 'drop',
    });
  }
  return out;
}

/** An item the person typed as a path (the web host's way to name a folder on this machine). */
export function itemFromPath(path: string): DroppedItem {
  const trimmed = path.trim().replace(/[\\/]+$/, '');
  const name = trimmed.split(/[\\/]/).pop() || trimmed;
  return { id: nextId(), name, kind: 'folder', path: trimmed, via: 'path' };
}

/** True when a drag carries files (not text or a link dragged from the page). */
export function carriesFiles(data: DataTransfer | null): boolean {
  return !!data && Array.from(data.types).includes('Files');
}
