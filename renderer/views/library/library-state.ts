import type { BucketComparison, CatalogItem } from '../../../shared/models/catalog';
import { isHeldBack, type FileProgress, type QueueEntry } from '../../../shared/models/queue';

/** What the Library says about one artwork, from the catalog and the upload queue together. */
export type LibraryState =
  | { readonly kind: 'reading' }
  | { readonly kind: 'new' }
  | { readonly kind: 'queued' }
  | { readonly kind: 'uploading'; readonly percent: number }
  | { readonly kind: 'paused'; readonly percent: number }
  | { readonly kind: 'uploaded' }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'changed' }
  | { readonly kind: 'differs'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'held-back'; readonly reason: string }
  | { readonly kind: 'duplicate'; readonly reason: string };

export type LibraryStateKind = LibraryState['kind'];

/** The filter's choices, in the order a person thinks of them. */
export const STATE_FILTERS: readonly { readonly value: LibraryStateKind | 'all'; readonly label: string }[] =
  [
    { value: 'all', label: 'All states' },
    { value: 'new', label: 'New' },
    { value: 'queued', label: 'Queued' },
    { value: 'uploading', label: 'Uploading' },
    { value: 'paused', label: 'Paused' },
    { value: 'uploaded', label: 'Uploaded' },
    { value: 'unchanged', label: 'Unchanged' },
    { value: 'changed', label: 'Changed since upload' },
    { value: 'differs', label: 'Differs from gallery' },
    { value: 'failed', label: 'Failed' },
    { value: 'held-back', label: 'Held back' },
    { value: 'duplicate', label: 'Duplicate' },
  ];

/** Catalog codes that hold a file back from upload: sending them would put a broken file in the gallery. */
const HOLD_BACK = new Set(['catalog.corrupt', 'catalog.empty']);

/** The newest queue entry of each path (a file re-added after a change has a newer entry). */
export function latestByPath(entries: readonly QueueEntry[]): Map<string, QueueEntry> {
  const out = new Map<string, QueueEntry>();
  for (const e of entries) {
    const had = out.get(e.path);
    if (!had || had.id < e.id) out.set(e.path, e);
  }
  return out;
}

function percent(bytes: number, size: number): number {
  // Never a full 100 % before S3 confirmed the file: 99 at most while it is still in flight.
  return size > 0 ? Math.min(99, Math.floor((bytes / size) * 100)) : 0;
}

/** One artwork's state: the queue's word where it has one, else what the catalog read. */
export function libraryState(
  item: CatalogItem,
  entry: QueueEntry | undefined,
  live: FileProgress | undefined,
  bucket?: BucketComparison,
): LibraryState {
  if (item.state === 'pending') return { kind: 'reading' };
  if (entry) {
    switch (entry.state) {
      case 'queued':
      case 'waiting-for-network':
        return { kind: 'queued' };
      case 'uploading':
        return { kind: 'uploading', percent: percent(live?.bytes ?? entry.bytesDone, entry.size) };
      case 'paused':
        return { kind: 'paused', percent: percent(live?.bytes ?? entry.bytesDone, entry.size) };
      case 'failed':
        if (entry.code === 'duplicate') return { kind: 'duplicate', reason: entry.message };
        return isHeldBack(entry)
          ? { kind: 'held-back', reason: entry.message }
          : { kind: 'failed', reason: entry.message };
      case 'done': {
        // The file on disk differs from what was sent: a new size, or modified after the upload finished.
        const changed = item.size !== entry.size || item.mtimeMs > Date.parse(entry.updatedAt);
        if (changed) return { kind: 'changed' };
        // "Unchanged" and "Uploaded" are about the gallery's current version, not this machine's memory.
        if (bucket && (bucket.status === 'differs' || bucket.status === 'missing'))
          return { kind: 'differs', reason: bucket.message ?? 'The gallery holds another version.' };
        return { kind: entry.reason === 'unchanged' ? 'unchanged' : 'uploaded' };
      }
    }
  }
  if (item.error && HOLD_BACK.has(item.error.code)) return { kind: 'held-back', reason: item.error.message };
  return { kind: 'new' };
}

/** The label a cell shows for its state. */
export function stateLabel(state: LibraryState): string {
  switch (state.kind) {
    case 'reading':
      return 'Reading…';
    case 'new':
      return 'New';
    case 'queued':
      return 'Queued';
    case 'uploading':
      return `Uploading ${state.percent}%`;
    case 'paused':
      return `Paused at ${state.percent}%`;
    case 'uploaded':
      return 'Uploaded';
    case 'unchanged':
      return 'Unchanged';
    case 'changed':
      return 'Changed since upload';
    case 'differs':
      return 'Differs from gallery';
    case 'failed':
      return 'Failed';
    case 'held-back':
      return 'Held back';
    case 'duplicate':
      return 'Duplicate';
  }
}
