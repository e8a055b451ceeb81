import { extname } from 'node:path';
import type { CatalogItem } from '../../shared/models/catalog';
import type { CatalogFs } from './catalog-walk';
import { CatalogReadError, readImage, type Sharp } from './image-reader';
import { readSignature } from './image-signature';
import type { ThumbnailCache } from './thumbnail-cache';

/** What reading one catalog item gave. */
export interface ItemRead {
  readonly item: CatalogItem;
  readonly state: 'ready' | 'failed';
  readonly fromCache: boolean;
}

/**
 * Reads one catalog item: an empty file is refused before decoding, a cached thumbnail is
 * used when present, the file is opened first (sharp's own open error says little), then
 * `readImage` runs and its failures become a reason on the item, never a lost scan.
 */
export class ItemReader {
  /** Images decoded by sharp since start (a cache hit decodes nothing). */
  decoded = 0;

  constructor(
    private readonly fs: CatalogFs,
    private readonly sharp: Sharp,
    private readonly cache: ThumbnailCache,
    private readonly thumbnailSize: number,
    private readonly maxPixels: number,
  ) {}

  async read(item: CatalogItem): Promise<ItemRead> {
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
    return readSignature(this.fs, path).catch(() => null);
  }
}
