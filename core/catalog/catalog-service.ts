import * as nodeFs from 'node:fs/promises';
import { cpus } from 'node:os';
import { basename, extname } from 'node:path';
import { randomUUID } from 'node:crypto';
import sharpModule from 'sharp';
import type { CatalogCounts, CatalogItem } from '../../shared/models/catalog';
import { walkCatalog, type CatalogFs } from './catalog-walk';
import { CatalogReadError, readImage, type Sharp } from './image-reader';
import { Semaphore } from '../common/semaphore';
import { imageSignature } from './image-signature';
import { catalogId, ThumbnailCache } from './thumbnail-cache';

/** How to build the catalog. */
export interface CatalogServiceOptions {
  /** Where thumbnails and their metadata are cached (created on first write). */
  readonly cacheDir: string;
  /** Images decoded at once (default: one less than the cores, at least 1, so the UI keeps a core). */
  readonly concurrency?: number;
  readonly fs?: CatalogFs;
  readonly sharp?: Sharp;
  /** Thumbnail long edge in pixels (default 256). */
  readonly thumbnailSize?: number;
  /** Images with more pixels get a reason instead of a thumbnail (default 1 gigapixel). */
  readonly maxPixels?: number;
  /**
   * Tunes sharp's process-wide settings for a thumbnail workload (default true): its
   * operation cache is small and keeps no files open (each image is read once), and libvips
   * threads per image are limited so `concurrency` images at once do not oversubscribe.
   */
  readonly tuneSharp?: boolean;
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

/** Extensions read as images. */
const IMAGE_EXTENSIONS = new Set([
  '.jpg',
  '.jpeg',
  '.jpe',
  '.jfif',
  '.png',
  '.tif',
  '.tiff',
  '.webp',
  '.gif',
  '.avif',
  '.heic',
  '.heif',
  '.psd',
  '.psb',
  '.bmp',
  '.jp2',
  '.jxl',
  '.svg',
  '.dng',
]);

type MutableCounts = { -readonly [K in keyof CatalogCounts]: CatalogCounts[K] };

/**
 * The local catalog. `scan(paths)` walks the folders and reports every file at once (as
 * `pending` images or ready non-images), then reads each image — metadata, ICC profile
 * description, a WebP thumbnail into the cache — at most `concurrency` at a time across all
 * scans, reporting each as it completes. Unchanged files (same path, size, mtime) come from
 * the cache without decoding. A bad file becomes an item with a reason; the scan goes on.
 */
export class CatalogService {
  private readonly fs: CatalogFs;
  private readonly sharp: Sharp;
  private readonly cache: ThumbnailCache;
  private readonly limiter: Semaphore;
  private readonly thumbnailSize: number;
  private readonly maxPixels: number;
  private readonly items = new Map<string, CatalogItem>();
  private readonly listeners = new Set<(change: CatalogChange) => void>();
  private readonly running = new Map<string, { cancel(): void; done: Promise<unknown> }>();
  /** Images decoded by sharp since start (a cache hit decodes nothing). */
  decoded = 0;

  constructor(options: CatalogServiceOptions) {
    this.fs = options.fs ?? nodeFs;
    this.sharp = options.sharp ?? sharpModule;
    this.cache = new ThumbnailCache(this.fs, options.cacheDir);
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? cpus().length - 1));
    this.limiter = new Semaphore(concurrency);
    this.thumbnailSize = options.thumbnailSize ?? 256;
    this.maxPixels = options.maxPixels ?? 1_000_000_000;
    if (options.tuneSharp ?? true) {
      this.sharp.cache({ memory: 64, files: 0, items: 50 });
      this.sharp.concurrency(Math.max(1, Math.ceil(cpus().length / concurrency)));
    }
  }

  /** Hears every change; returns the unsubscribe. */
  subscribe(listener: (change: CatalogChange) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Every file catalogued so far (one per path, latest state). */
  list(): CatalogItem[] {
    return [...this.items.values()];
  }

  /** The cached thumbnail for an id; null for an unknown or malformed id (never reads outside the cache). */
  readThumbnail(id: string): Promise<Buffer | null> {
    return this.cache.read(id);
  }

  /** Starts a scan of files and folders; items arrive through `subscribe`. */
  scan(paths: readonly string[]): CatalogScan {
    const scanId = randomUUID();
    const controller = new AbortController();
    const done = this.run(scanId, paths, controller.signal).then((counts) => {
      this.running.delete(scanId);
      const result = { counts, cancelled: controller.signal.aborted };
      this.emit({ type: 'done', scanId, ...result });
      return result;
    });
    this.running.set(scanId, { cancel: () => controller.abort(), done });
    return { scanId, done, cancel: () => controller.abort() };
  }

  /** Cancels a running scan: items already read stay; the rest stay `pending`. False when no such scan runs. */
  cancel(scanId: string): boolean {
    const scan = this.running.get(scanId);
    scan?.cancel();
    return scan !== undefined;
  }

  /** Cancels every scan and waits for the images being decoded to finish. */
  async dispose(): Promise<void> {
    const all = [...this.running.values()];
    for (const s of all) s.cancel();
    await Promise.all(all.map((s) => s.done));
    this.listeners.clear();
  }

  private emit(change: CatalogChange): void {
    for (const l of [...this.listeners]) l(change);
  }

  private update(scanId: string, item: CatalogItem): void {
    this.items.set(item.path, item);
    this.emit({ type: 'items', scanId, items: [item] });
  }

  private async run(scanId: string, paths: readonly string[], signal: AbortSignal): Promise<CatalogCounts> {
    const counts: MutableCounts = {
      found: 0,
      images: 0,
      ready: 0,
      failed: 0,
      notImages: 0,
      cached: 0,
      skipped: 0,
    };
    const tasks = new Set<Promise<void>>();
    try {
      for await (const entry of walkCatalog(this.fs, paths, signal)) {
        if (signal.aborted) break;
        if (entry.type === 'skip') {
          counts.skipped++;
          continue;
        }
        counts.found++;
        const id = catalogId(entry.path, entry.size, entry.mtimeMs);
        const isImage = IMAGE_EXTENSIONS.has(extname(entry.path).toLowerCase());
        const item: CatalogItem = {
          id,
          path: entry.path,
          name: basename(entry.path),
          size: entry.size,
          mtimeMs: entry.mtimeMs,
          kind: isImage ? 'image' : 'not-image',
          state: isImage ? 'pending' : 'ready',
          image: null,
          thumbnail: null,
          error: null,
        };
        if (!isImage) counts.notImages++;
        else counts.images++;
        this.update(scanId, item);
        if (!isImage) continue;
        const task = this.limiter.run(async () => {
          if (signal.aborted) return;
          const read = await this.enrich(item);
          if (read.state === 'failed') counts.failed++;
          else counts.ready++;
          if (read.fromCache) counts.cached++;
          if (read.item.kind === 'not-image') {
            counts.images--;
            counts.notImages++;
          }
          this.update(scanId, read.item);
        });
        tasks.add(task);
        void task.finally(() => tasks.delete(task));
      }
    } finally {
      await Promise.all([...tasks]);
    }
    return counts;
  }

  private async enrich(
    item: CatalogItem,
  ): Promise<{ item: CatalogItem; state: 'ready' | 'failed'; fromCache: boolean }> {
    const fail = (kind: CatalogItem['kind'], code: string, message: string) => ({
      item: { ...item, kind, state: 'failed' as const, error: { code, message } },
      state: 'failed' as const,
      fromCache: false,
    });
    if (item.size === 0)
      return fail(
        'image',
        'catalog.empty',
        `${item.name} is empty (0 bytes): there is no image in it (${item.path}).`,
      );
    const cached = await this.cache.get(item.id);
    if (cached)
      return {
        item: { ...item, state: 'ready', image: cached, thumbnail: item.id },
        state: 'ready',
        fromCache: true,
      };
    // sharp's own open error says little; opening first gives the real reason (permissions, vanished).
    try {
      const handle = await this.fs.open(item.path, 'r');
      await handle.close();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ENOENT')
        return fail(
          'unreadable',
          'catalog.vanished',
          `${item.name} disappeared before it could be read (${item.path}).`,
        );
      return fail(
        'unreadable',
        'catalog.unreadable',
        `${item.name} cannot be read (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? 'I/O error')}): ${item.path}.`,
      );
    }
    try {
      this.decoded++;
      const { image, thumbnail } = await readImage(this.sharp, item.path, item.name, {
        thumbnailSize: this.thumbnailSize,
        maxPixels: this.maxPixels,
        fs: this.fs,
      });
      await this.cache.put(item.id, image, thumbnail);
      return {
        item: { ...item, state: 'ready', image, thumbnail: item.id },
        state: 'ready',
        fromCache: false,
      };
    } catch (err) {
      if (!(err instanceof CatalogReadError)) {
        // Not the image's fault (the cache disk is full, say): still a reason on the item, never a lost scan.
        return fail(
          'image',
          'catalog.error',
          `${item.name} could not be catalogued: ${err instanceof Error ? err.message : String(err)}.`,
        );
      }
      const ext = extname(item.path).slice(1).toUpperCase();
      const announced = err.detail.code === 'catalog.not-image' ? await this.signature(item.path) : null;
      if (announced && !['PSD', 'HEIF/AVIF'].includes(announced)) {
        return fail(
          'image',
          'catalog.corrupt',
          `${item.name} starts like a ${announced} image but cannot be decoded: it is damaged or truncated (${item.path}).`,
        );
      }
      if (err.detail.code === 'catalog.not-image' && ['HEIC', 'HEIF', 'BMP', 'JXL', 'DNG'].includes(ext)) {
        return fail(
          'image',
          'catalog.unsupported',
          `Copper cannot preview ${ext} files yet; ${item.name} will still upload (${item.path}).`,
        );
      }
      return fail(err.kind, err.detail.code, err.detail.message);
    }
  }

  private async signature(path: string): Promise<string | null> {
    try {
      const handle = await this.fs.open(path, 'r');
      try {
        const head = new Uint8Array(16);
        const { bytesRead } = await handle.read(head, 0, 16, 0);
        return imageSignature(head.subarray(0, bytesRead));
      } finally {
        await handle.close();
      }
    } catch {
      return null;
    }
  }
}
