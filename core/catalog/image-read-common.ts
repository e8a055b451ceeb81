import type * as nodeFs from 'node:fs/promises';
import type sharpModule from 'sharp';
import type { CatalogError, CatalogImageInfo, CatalogKind } from '../../shared/models/catalog';

// What image-reader.ts and psd-image.ts share: the options, the result, and the errors in words.

/** The sharp entry point (passed in so the service, not this file, owns its global tuning). */
export type Sharp = typeof sharpModule;

/** How images are read. */
export interface ReaderOptions {
  /** The thumbnail's long edge in pixels. */
  readonly thumbnailSize: number;
  /**
   * Bigger images are refused with a reason rather than decoded. Artwork scans are large, so
   * the default (1 gigapixel) is well above sharp's 268 MP; shrink-on-load and sequential
   * reading keep even these in bounded memory.
   */
  readonly maxPixels: number;
  /**
   * Most memory a PSD/PSB composite may take to decode (the file is read whole, then its
   * pixels); above it the embedded preview is used instead. Default 512 MiB.
   */
  readonly psdMemoryLimit?: number;
  readonly fs?: Pick<typeof nodeFs, 'open' | 'readFile' | 'stat'>;
}

/** What reading an image gave. */
export interface ReadImage {
  readonly image: CatalogImageInfo;
  readonly thumbnail: Buffer;
}

/** A file the reader could not make sense of, with the kind it turned out to be. */
export class CatalogReadError extends Error {
  constructor(
    readonly kind: CatalogKind,
    readonly detail: CatalogError,
  ) {
    super(detail.message);
  }
}

export function checkPixels(width: number, height: number, name: string, options: ReaderOptions): void {
  if (width * height > options.maxPixels) {
    throw new CatalogReadError('image', {
      code: 'catalog.too-large',
      message: `${name} is ${width} × ${height} pixels, more than Copper previews (${Math.round(options.maxPixels / 1e6)} megapixels); it will still upload.`,
    });
  }
}

export function damaged(name: string, path: string, why: string): CatalogReadError {
  return new CatalogReadError('image', {
    code: 'catalog.corrupt',
    message: `${name} is damaged or truncated: ${why}. Path: ${path}.`,
  });
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Turns libvips' terse errors into a reason a person can act on. */
export function explain(
  err: unknown,
  path: string,
  name: string,
  stage: 'header' | 'pixels',
): CatalogReadError {
  const raw = err instanceof Error ? err.message : String(err);
  const detail = raw.split('\n')[0]?.trim().slice(0, 200) ?? '';
  if (/unsupported image format|not a known file format|no loader|is not in a known format/i.test(raw)) {
    return new CatalogReadError('not-image', {
      code: 'catalog.not-image',
      message: `${name} is not an image Copper can read: its content is not a known image format, whatever its name says (${path}). It will still upload.`,
    });
  }
  if (/pixel limit|exceeds pixel/i.test(raw)) {
    return new CatalogReadError('image', {
      code: 'catalog.too-large',
      message: `${name} has more pixels than Copper previews; it will still upload (${path}).`,
    });
  }
  if (/EACCES|EPERM|permission denied/i.test(raw)) {
    return new CatalogReadError('unreadable', {
      code: 'catalog.unreadable',
      message: `${name} cannot be read (permission denied): ${path}.`,
    });
  }
  if (/ENOENT|no such file/i.test(raw)) {
    return new CatalogReadError('unreadable', {
      code: 'catalog.vanished',
      message: `${name} disappeared before it could be read (${path}).`,
    });
  }
  const where = stage === 'header' ? 'its header' : 'its pixels';
  return damaged(name, path, `${where} could not be decoded (${detail || 'unknown error'})`);
}
