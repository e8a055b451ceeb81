import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { CatalogImageInfo } from '../../shared/models/catalog';
import type { CatalogFs } from './catalog-walk';

const ID = /^[0-9a-f]{40}$/;

/** Bumped when what the reader records changes, so older cache entries are read again rather than shown short. */
const CACHE_VERSION = 2;

/** A file's catalog identity: the same path, size and mtime mean the same content (as the upload queue assumes too). */
export function catalogId(path: string, size: number, mtimeMs: number): string {
  return createHash('sha1').update(`${path}\0${size}\0${mtimeMs}`).digest('hex');
}

/** True for a well-formed id: only these ever become a file name in the cache. */
export function isCatalogId(id: string): boolean {
  return ID.test(id);
}

/**
 * Thumbnails (`<id>.webp`) and the metadata read with them (`<id>.json`) in one folder, so a
 * rescan of an unchanged file reads two small files instead of decoding the image. Both are
 * written to a temporary name and renamed, and the JSON last: a present JSON means a
 * complete pair, even after a crash mid-write.
 */
export class ThumbnailCache {
  constructor(
    private readonly fs: CatalogFs,
    readonly dir: string,
  ) {}

  /** The thumbnail's file for an id, or null for anything that is not an id (never a path from outside). */
  thumbnailPath(id: string): string | null {
    return isCatalogId(id) ? join(this.dir, `${id}.webp`) : null;
  }

  async get(id: string): Promise<CatalogImageInfo | null> {
    if (!isCatalogId(id)) return null;
    try {
      const entry = JSON.parse(await this.fs.readFile(join(this.dir, `${id}.json`), 'utf8')) as {
        v?: number;
        image?: CatalogImageInfo;
      };
      return entry.v === CACHE_VERSION && entry.image ? entry.image : null;
    } catch {
      return null;
    }
  }

  async put(id: string, image: CatalogImageInfo, thumbnail: Buffer): Promise<void> {
    await this.fs.mkdir(this.dir, { recursive: true });
    await this.atomicWrite(join(this.dir, `${id}.webp`), thumbnail);
    await this.atomicWrite(join(this.dir, `${id}.json`), JSON.stringify({ v: CACHE_VERSION, image }));
  }

  /** The thumbnail's bytes, or null when the id is malformed or not cached. */
  async read(id: string): Promise<Buffer | null> {
    const path = this.thumbnailPath(id);
    if (!path) return null;
    try {
      return await this.fs.readFile(path);
    } catch {
      return null;
    }
  }

  private async atomicWrite(path: string, data: string | Buffer): Promise<void> {
    const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await this.fs.writeFile(tmp, data);
      await this.fs.rename(tmp, path);
    } catch (err) {
      await this.fs.unlink(tmp).catch(() => {});
      throw err;
    }
  }
}
