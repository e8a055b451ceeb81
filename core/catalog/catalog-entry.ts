import { basename, extname } from 'node:path';
import type { CatalogCounts, CatalogItem } from '../../shared/models/catalog';
import { IMAGE_EXTENSIONS } from './image-extensions';
import { catalogId } from './thumbnail-cache';

/** A file the walk found. */
export interface FoundEntry {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export type MutableCounts = { -readonly [K in keyof CatalogCounts]: CatalogCounts[K] };

export function emptyCounts(): MutableCounts {
  return { found: 0, images: 0, ready: 0, failed: 0, notImages: 0, cached: 0, skipped: 0 };
}

/** A file as first reported: `pending` when its name says image (read next), else ready as it is. */
export function foundItem(entry: FoundEntry, sourceId: number | null): CatalogItem {
  const isImage = IMAGE_EXTENSIONS.has(extname(entry.path).toLowerCase());
  return {
    id: catalogId(entry.path, entry.size, entry.mtimeMs),
    path: entry.path,
    name: basename(entry.path),
    size: entry.size,
    mtimeMs: entry.mtimeMs,
    kind: isImage ? 'image' : 'not-image',
    state: isImage ? 'pending' : 'ready',
    image: null,
    thumbnail: null,
    error: null,
    sourceId,
    sha256: null,
  };
}

/** What a listener hears: items found or changed, and scans that ended. */
export type CatalogChange =
  | { readonly type: 'items'; readonly scanId: string; readonly items: readonly CatalogItem[] }
  | {
      readonly type: 'done';
      readonly scanId: string;
      readonly counts: CatalogCounts;
      readonly cancelled: boolean;
    };

/** A running scan. */
export interface CatalogScan {
  readonly scanId: string;
  /** Resolves when every file found has been read (or the scan was cancelled); never rejects. */
  readonly done: Promise<{ readonly counts: CatalogCounts; readonly cancelled: boolean }>;
  cancel(): void;
}
