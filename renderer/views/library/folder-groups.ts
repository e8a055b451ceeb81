import type { CatalogItem } from '../../../shared/models/catalog';
import type { LibraryState, LibraryStateKind } from './library-state';

/** One folder of the Library: its files, in the grid's order, and how many are in each state. */
export interface FolderGroup {
  /** The folder's absolute path (the group's identity, for collapsing). */
  readonly folder: string;
  /** The source's name and the sub-folder below it: "Harbour Show / Sketches / 2024". */
  readonly label: string;
  readonly items: readonly CatalogItem[];
  readonly states: ReadonlyMap<LibraryStateKind, number>;
}

function parentOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut <= 0 ? path.slice(0, cut + 1) : path.slice(0, cut);
}

function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1) || trimmed;
}

/** The added path an item lies under (the longest, when one source holds another). */
function rootOf(path: string, roots: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const r of roots) {
    const inside = path === r || path.startsWith(`${r}/`) || path.startsWith(`${r}\\`);
    if (inside && (!best || r.length > best.length)) best = r;
  }
  return best;
}

/** The group label of a folder: the source's name, then the sub-folders below it. */
function labelOf(folder: string, root: string | undefined): string {
  // A file added on its own belongs to the folder it is in.
  if (!root) return baseName(folder);
  const rest = folder.slice(root.length).replace(/^[\\/]+/, '');
  const parts = [baseName(root), ...rest.split(/[\\/]+/).filter(Boolean)];
  return parts.join(' / ');
}

/**
 * Groups the grid's items by the folder they are in (relative to the source they were added
 * with), keeping the grid's order inside each group; groups sort by label, so a source's own
 * files come before its sub-folders and 2,000 contact sheets in one folder are one header.
 */
export function groupByFolder(
  items: readonly CatalogItem[],
  roots: readonly string[],
  states: ReadonlyMap<string, LibraryState>,
): FolderGroup[] {
  const byFolder = new Map<string, { items: CatalogItem[]; states: Map<LibraryStateKind, number> }>();
  for (const item of items) {
    const folder = parentOf(item.path);
    let group = byFolder.get(folder);
    if (!group) byFolder.set(folder, (group = { items: [], states: new Map() }));
    group.items.push(item);
    const kind = states.get(item.path)?.kind ?? 'reading';
    group.states.set(kind, (group.states.get(kind) ?? 0) + 1);
  }
  const groups = [...byFolder].map(([folder, g]) => ({
    folder,
    label: labelOf(folder, rootOf(folder, roots)),
    items: g.items,
    states: g.states,
  }));
  return groups.sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }));
}
