import type sharpModule from 'sharp';
import type { Metadata } from 'sharp';
import type { CatalogError, CatalogImageInfo, CatalogKind } from '../../shared/models/catalog';
import { iccDescription } from './icc-profile';

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

const BITS: Readonly<Record<string, number>> = {
  uchar: 8,
  char: 8,
  ushort: 16,
  short: 16,
  uint: 32,
  int: 32,
  float: 32,
  complex: 64,
  double: 64,
  dpcomplex: 128,
};

/**
 * Reads an image's header (size, format, colour space, ICC description, alpha) and makes a
 * WebP thumbnail, long edge `thumbnailSize`, in sRGB with EXIF orientation applied. Decoding
 * is sequential (libvips streams rows) with shrink-on-load where the format allows it, so a
 * huge TIFF costs a bounded amount of memory. Failures become a CatalogReadError whose
 * message names the file and the reason.
 */
export async function readImage(
  sharp: Sharp,
  path: string,
  name: string,
  options: ReaderOptions,
): Promise<ReadImage> {
  // failOn 'error': a JPEG with a truncated tail still previews (a warning); a broken TIFF strip fails.
  const input = { failOn: 'error', sequentialRead: true, limitInputPixels: options.maxPixels } as const;
  let meta: Metadata;
  try {
    meta = await sharp(path, input).metadata();
  } catch (err) {
    throw explain(err, path, name, 'header');
  }
  if (!meta.width || !meta.height) {
    throw new CatalogReadError('image', {
      code: 'catalog.corrupt',
      message: `${name} has no pixel size in its header; the file looks damaged (${path}).`,
    });
  }
  if (meta.width * meta.height > options.maxPixels) {
    throw new CatalogReadError('image', {
      code: 'catalog.too-large',
      message: `${name} is ${meta.width} × ${meta.height} pixels, more than Copper previews (${Math.round(options.maxPixels / 1e6)} megapixels); it will still upload.`,
    });
  }
  const image: CatalogImageInfo = {
    width: meta.autoOrient?.width ?? meta.width,
    height: meta.autoOrient?.height ?? meta.height,
    format: meta.format ?? 'unknown',
    space: String(meta.space ?? 'unknown'),
    profile: iccDescription(meta.icc),
    hasAlpha: meta.hasAlpha ?? false,
    bitDepth: BITS[String(meta.depth)] ?? 8,
  };
  let thumbnail: Buffer;
  try {
    thumbnail = await sharp(path, input)
      .rotate()
      .resize(options.thumbnailSize, options.thumbnailSize, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80, effort: 2 })
      .toBuffer();
  } catch (err) {
    throw explain(err, path, name, 'pixels');
  }
  return { image, thumbnail };
}

/** Turns libvips' terse errors into a reason a person can act on. */
function explain(err: unknown, path: string, name: string, stage: 'header' | 'pixels'): CatalogReadError {
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
  return new CatalogReadError('image', {
    code: 'catalog.corrupt',
    message: `${name} is damaged or truncated: ${where} could not be decoded (${detail || 'unknown error'}). Path: ${path}.`,
  });
}
