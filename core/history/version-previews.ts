import { createHash } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { extname, join, posix } from 'node:path';
import type { VersionPreview, VersionRegion } from '../../shared/models/history';
import { CopperError } from '../../shared/errors';
import type { BucketBrowser } from '../bucket';
import { CatalogReadError, readImage, type Sharp } from '../catalog/image-reader';
import { Semaphore } from '../common/semaphore';
import type { ThumbnailCache } from '../catalog/thumbnail-cache';
import { VersionFileCache } from './version-file-cache';

/** What version previews are made with: the Library's reader and thumbnail cache, and a folder for version files. */
export interface VersionPreviewDeps {
  readonly sharp: Sharp;
  /** The Library's thumbnail cache: previews are served by the same route and protocol. */
  readonly cache: ThumbnailCache;
  /** Downloaded version files, kept for 100% regions (bounded by `maxCachedBytes`). */
  readonly filesDir: string;
  /** Total bytes of version files kept (default 4 GiB); the least recently used go first. */
  readonly maxCachedBytes?: number;
  /** Long edge of a preview (default 512: Compare shows it large). */
  readonly thumbnailSize?: number;
  readonly maxPixels?: number;
  /** Versions fetched and decoded at once (default 2). */
  readonly concurrency?: number;
}

/** The cache id of one version (40 hex, the thumbnail cache's id shape): bucket, key and VersionId. */
export function versionPreviewId(bucket: string, key: string, versionId: string): string {
  return createHash('sha1').update(`version\0${bucket}\0${key}\0${versionId}`).digest('hex');
}

/**
 * Previews of bucket versions, made in the core from the version's own bytes so TIFF and PSD
 * show as pictures (the browser cannot draw them) and no bucket URL ever reaches an <img>.
 * A version's bytes never change, so its preview and metadata are cached by key + VersionId
 * forever. Each version is fetched once, streamed to a file (memory flat in its size), read
 * by the Library's reader, and the file kept a while for Compare's full-resolution regions.
 */
export class VersionPreviews {
  private readonly files: VersionFileCache;
  private readonly limiter: Semaphore;
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: VersionPreviewDeps) {
    this.files = new VersionFileCache(nodeFs, deps.filesDir, deps.maxCachedBytes ?? 4 * 1024 ** 3);
    this.limiter = new Semaphore(deps.concurrency ?? 2);
  }

  /** The version's preview and header metadata; fetched and decoded only the first time. */
  preview(browser: BucketBrowser, key: string, versionId: string): Promise<VersionPreview> {
    const id = versionPreviewId(browser.target.bucket, key, versionId);
    return this.once(id, async () => {
      const cached = await this.deps.cache.get(id);
      if (cached) return toPreview(key, versionId, id, cached);
      return this.limiter.run(async () => {
        const path = await this.fetch(browser, key, versionId, id);
        const name = posix.basename(key);
        try {
          const { image, thumbnail } = await readImage(this.deps.sharp, path, name, {
            thumbnailSize: this.deps.thumbnailSize ?? 512,
            maxPixels: this.deps.maxPixels ?? 1_000_000_000,
          });
          await this.deps.cache.put(id, image, thumbnail);
          return toPreview(key, versionId, id, image);
        } catch (err) {
          if (err instanceof CatalogReadError)
            throw new CopperError(err.detail.code, withoutLocalPath(err.detail.message, path, key), false);
          throw err;
        }
      });
    });
  }

  /**
   * A rectangle of the version at full resolution (clamped to the image), for Compare's 100%
   * zoom on files too large to send whole: libvips extracts only that area from the file.
   */
  region(
    browser: BucketBrowser,
    key: string,
    versionId: string,
    rect: { left: number; top: number; width: number; height: number },
  ): Promise<VersionRegion> {
    const base = versionPreviewId(browser.target.bucket, key, versionId);
    return this.limiter.run(async () => {
      const path = await this.fetch(browser, key, versionId, base);
      const meta = await this.deps.sharp(path).metadata();
      const width = meta.autoOrient?.width ?? meta.width ?? 0;
      const height = meta.autoOrient?.height ?? meta.height ?? 0;
      const left = Math.min(rect.left, Math.max(0, width - 1));
      const top = Math.min(rect.top, Math.max(0, height - 1));
      const clamped = {
        left,
        top,
        width: Math.max(1, Math.min(rect.width, width - left)),
        height: Math.max(1, Math.min(rect.height, height - top)),
      };
      const id = createHash('sha1')
        .update(`${base}\0${clamped.left},${clamped.top},${clamped.width},${clamped.height}`)
        .digest('hex');
      if (!(await this.deps.cache.read(id))) {
        let tile: Buffer;
        try {
          tile = await this.deps
            .sharp(path, { limitInputPixels: this.deps.maxPixels ?? 1_000_000_000 })
            .rotate()
            .extract(clamped)
            .toColourspace('srgb')
            .webp({ quality: 90 })
            .toBuffer();
        } catch (err) {
          throw new CopperError(
            'preview.region-failed',
            `Copper could not render that part of ${posix.basename(key)} (${(err as Error).message.split('\n')[0]}).`,
          );
        }
        await this.deps.cache.put(id, regionInfo(clamped.width, clamped.height), tile);
      }
      return { thumbnail: id, ...clamped };
    });
  }

  /** The version's bytes on local disk (downloaded once, then reused while it stays in the bounded cache). */
  private fetch(browser: BucketBrowser, key: string, versionId: string, id: string): Promise<string> {
    const ext = extname(key)
      .toLowerCase()
      .replace(/[^a-z0-9.]/g, '')
      .slice(0, 8);
    return this.files.get(`${id}${ext}`, (path) => browser.downloadVersion(key, path, { versionId }));
  }

  /** Two views asking for the same version at once share one fetch and one decode. */
  private once<T>(id: string, run: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(id);
    if (running) return running as Promise<T>;
    const p = run().finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, p);
    return p;
  }
}

// A region tile is an sRGB WebP of exactly the extracted size.
function regionInfo(width: number, height: number): VersionPreview['image'] {
  return {
    width,
    height,
    format: 'webp',
    space: 'srgb',
    colourMode: 'RGB',
    profile: null,
    hasAlpha: false,
    bitDepth: 8,
    ppi: null,
    text: { title: null, creator: null, copyright: null, description: null, dateCreated: null },
    preview: 'image',
    mismatch: null,
  };
}

function toPreview(
  key: string,
  versionId: string,
  id: string,
  image: VersionPreview['image'],
): VersionPreview {
  return { key, versionId, thumbnail: id, image };
}

// The reader names the local file; the person knows the artwork by its key, not our cache path.
function withoutLocalPath(message: string, path: string, key: string): string {
  return message.split(path).join(key);
}

/** The folder version files are kept in (beside the thumbnails in the data folder). */
export function versionFilesDir(dataDir: string): string {
  return join(dataDir, 'versions');
}
