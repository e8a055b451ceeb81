import * as nodeFs from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import sharpModule from 'sharp';
import type {
  BucketComparison,
  CatalogCounts,
  CatalogDetails,
  CatalogItem,
  CatalogSource,
  PathCheck,
} from '../../shared/models/catalog';
import type { CatalogRepository } from '../db/catalog-repository';
import { walkCatalog, type CatalogFs } from './catalog-walk';
import type { Sharp } from './image-reader';
import { ItemReader } from './item-reader';
import {
  emptyCounts,
  foundItem,
  type CatalogChange,
  type CatalogScan,
  type FoundEntry,
  type MutableCounts,
} from './catalog-entry';
import { Semaphore } from '../common/semaphore';
import { checkLibraryPath } from './path-check';
import { isCatalogId, ThumbnailCache } from './thumbnail-cache';
import { catalogDecodeLimit } from './decode-limit';
import { BucketComparer } from './bucket-compare';
import type { CredentialProvider } from '../credentials/provider';
import { CopperError } from '../../shared/errors';
import { catalogDetails } from './catalog-details';

/** How to build the catalog. */
export interface CatalogServiceOptions {
  /** Where thumbnails and their metadata are cached (created on first write). */
  readonly cacheDir: string;
  /** Images decoded at once (default `catalogDecodeLimit()`: half the cores, at least 1). */
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
   * runs one thread per image: `concurrency` decodes then use `concurrency` cores and as many
   * libuv pool threads, leaving the other cores to uploads (MD5 + SHA-256) and the window.
   */
  readonly tuneSharp?: boolean;
  /**
   * Where the Library is kept (SQLite): sources and entries load at construction, so a
   * restarted core lists everything at once, and a rescan reads only files whose size or
   * mtime changed. Without it the catalog lives in memory (one-off scans, tests).
   */
  readonly repository?: CatalogRepository;
  readonly now?: () => number;
  /** The home folder `~` expands to in typed paths (default: the OS's). */
  readonly home?: string;
  /** The upload queue's credential now (the Library's "unchanged" is checked against the bucket with it). */
  readonly bucketAccess?: () => CredentialProvider | undefined;
}

export type { CatalogChange, CatalogScan } from './catalog-entry';

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
  private readonly reader: ItemReader;
  private readonly repository: CatalogRepository | undefined;
  private readonly now: () => number;
  private readonly home: string;
  private readonly items = new Map<string, CatalogItem>();
  /** Items read since the last write, saved in one transaction (a 20,000-file scan is not 20,000 commits). */
  private readonly unsaved = new Map<string, CatalogItem>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<(change: CatalogChange) => void>();
  private readonly running = new Map<string, { cancel(): void; done: Promise<unknown> }>();
  private readonly comparer: BucketComparer;
  constructor(options: CatalogServiceOptions) {
    this.fs = options.fs ?? nodeFs;
    this.sharp = options.sharp ?? sharpModule;
    this.cache = new ThumbnailCache(this.fs, options.cacheDir);
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? catalogDecodeLimit()));
    this.limiter = new Semaphore(concurrency);
    this.reader = new ItemReader(
      this.fs,
      this.sharp,
      this.cache,
      options.thumbnailSize ?? 256,
      options.maxPixels ?? 1_000_000_000,
    );
    this.repository = options.repository;
    this.now = options.now ?? Date.now;
    this.home = options.home ?? homedir();
    for (const item of this.repository?.entries() ?? []) this.items.set(item.path, item);
    const repository = this.repository;
    this.comparer = new BucketComparer({
      access: options.bucketAccess ?? (() => undefined),
      lastUploads: (paths) => repository?.lastUploads(paths) ?? [],
    });
    if (options.tuneSharp ?? true) {
      this.sharp.cache({ memory: 64, files: 0, items: 50 });
      // One libvips thread per decode: parallelism comes from decoding several images, which
      // the limiter bounds; libvips' default (one thread per core, per image) would let a
      // few TIFFs take every core away from uploads and the window.
      this.sharp.concurrency(1);
    }
  }

  /** Hears every change; returns the unsubscribe. */
  subscribe(listener: (change: CatalogChange) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Images decoded by sharp since start (a cache hit or an unchanged file decodes nothing). */
  get decoded(): number {
    return this.reader.decoded;
  }

  /** The Library's sources (empty without a repository). */
  sources(): CatalogSource[] {
    return this.repository?.sources() ?? [];
  }

  /** Checks a typed path before it is added (`~` expands); a reason in words when it cannot be. */
  checkPath(raw: string): Promise<PathCheck> {
    return checkLibraryPath(raw, { fs: this.fs, home: this.home });
  }

  /** Forgets a source and the entries found under it. */
  removeSource(id: number): boolean {
    this.flush();
    if (!this.repository?.removeSource(id)) return false;
    for (const [path, item] of this.items) if (item.sourceId === id) this.items.delete(path);
    return true;
  }

  /** Every file catalogued so far (one per path, latest state). */
  list(): CatalogItem[] {
    return [...this.items.values()];
  }

  /**
   * The thumbnail for an id; null for an unknown or malformed id (never reads outside the cache).
   * A catalogued file whose thumbnail is gone from the cache (Settings → Clear, a cleaned disk)
   * gets it made again from the file, so the Library never shows a broken picture.
   */
  async readThumbnail(id: string): Promise<Buffer | null> {
    const cached = await this.cache.read(id);
    if (cached || !isCatalogId(id)) return cached;
    const item = this.itemWithThumbnail(id);
    if (!item) return null;
    const read = await this.reader.read(item);
    return read.state === 'ready' ? this.cache.read(id) : null;
  }

  private itemWithThumbnail(id: string): CatalogItem | undefined {
    for (const i of this.items.values()) if (i.thumbnail === id) return i;
    return undefined;
  }

  /** Compares the files' last uploads from this machine with the bucket's current versions (see bucket-compare.ts). */
  compareBucket(paths: readonly string[], refresh = false): Promise<BucketComparison[]> {
    return this.comparer.compare(paths, refresh);
  }

  /** One Library file's key, its uploads from this machine and the gallery's current version (see catalog-details.ts). */
  details(path: string): Promise<CatalogDetails> {
    const item = this.items.get(path);
    if (!item) return Promise.reject(new CopperError('not-found', `${path} is not in the Library.`));
    return catalogDetails({ comparer: this.comparer, repository: this.repository, now: this.now }, item);
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
    this.flush();
    this.comparer.dispose();
    this.listeners.clear();
  }

  private emit(change: CatalogChange): void {
    for (const l of [...this.listeners]) l(change);
  }

  private update(scanId: string, item: CatalogItem, save = true): void {
    this.items.set(item.path, item);
    if (save && this.repository) {
      this.unsaved.set(item.path, item);
      this.saveTimer ??= setTimeout(() => this.flush(), 50);
    }
    this.emit({ type: 'items', scanId, items: [item] });
  }

  private flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.repository || this.unsaved.size === 0) return;
    const items = [...this.unsaved.values()];
    this.unsaved.clear();
    this.repository.saveMany(items, this.now());
  }

  private async run(scanId: string, paths: readonly string[], signal: AbortSignal): Promise<CatalogCounts> {
    const counts = emptyCounts();
    const tasks = new Set<Promise<void>>();
    try {
      // One source per distinct path, however often it is added (or repeated in one call).
      for (const root of [...new Set(paths.map((p) => resolve(p)))]) {
        const started = this.now();
        const source = this.repository?.ensureSource(root, started) ?? null;
        const unchanged: string[] = [];
        for await (const entry of walkCatalog(this.fs, [root], signal)) {
          if (signal.aborted) break;
          if (entry.type === 'skip') {
            counts.skipped++;
            continue;
          }
          counts.found++;
          if (this.keep(scanId, entry, source, counts)) {
            unchanged.push(entry.path);
            continue;
          }
          const item = foundItem(entry, source?.id ?? null);
          if (item.kind === 'image') counts.images++;
          else counts.notImages++;
          this.update(scanId, item);
          if (item.kind === 'image') this.readLater(scanId, item, signal, counts, tasks);
        }
        if (source && this.repository && !signal.aborted) {
          await Promise.all([...tasks]);
          this.flush();
          this.repository.touch(unchanged, this.now());
          // Files gone from the folder since the last scan leave the Library too.
          for (const gone of this.repository.dropUnseen(source.id, started)) this.items.delete(gone);
        }
      }
    } finally {
      await Promise.all([...tasks]);
      this.flush();
    }
    return counts;
  }

  /** Same path, size and mtime as what was read: it stands, nothing is decoded or rewritten. */
  private keep(
    scanId: string,
    entry: FoundEntry,
    source: CatalogSource | null,
    counts: MutableCounts,
  ): boolean {
    const known = this.items.get(entry.path);
    if (!known || known.size !== entry.size || known.mtimeMs !== entry.mtimeMs || known.state === 'pending')
      return false;
    counts.cached++;
    if (known.kind === 'image') counts.images++;
    else counts.notImages++;
    if (known.state === 'failed') counts.failed++;
    else if (known.kind === 'image') counts.ready++;
    // Nothing to send either: every window listed the catalog before it asked for the rescan.
    if (known.sourceId !== (source?.id ?? null)) this.update(scanId, known);
    return true;
  }

  /** Reads an image when the limiter lets it (at most `concurrency` across every scan). */
  private readLater(
    scanId: string,
    item: CatalogItem,
    signal: AbortSignal,
    counts: MutableCounts,
    tasks: Set<Promise<void>>,
  ): void {
    const task = this.limiter.run(async () => {
      if (signal.aborted) return;
      const read = await this.reader.read(item);
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
}
