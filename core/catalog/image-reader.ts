import * as nodeFs from 'node:fs/promises';
import { extname } from 'node:path';
import type sharpModule from 'sharp';
import type { Metadata } from 'sharp';
import type { CatalogError, CatalogImageInfo, CatalogKind } from '../../shared/models/catalog';
import { iccDescription } from './icc-profile';
import { imageSignature } from './image-signature';
import { readImageText } from './image-text';
import { decodePsdComposite, PSD_MODES, PsdFormatError, readPsdHeader } from './psd-reader';
import { rawToTiff } from './raw-tiff';

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

/** libvips colour spaces in a printer's words. */
const MODES: Readonly<Record<string, string>> = {
  srgb: 'RGB',
  rgb: 'RGB',
  rgb16: 'RGB',
  scrgb: 'RGB',
  cmyk: 'CMYK',
  'b-w': 'Grey',
  grey16: 'Grey',
  lab: 'Lab',
  labs: 'Lab',
  labq: 'Lab',
  xyz: 'XYZ',
  multiband: 'Multichannel',
};

/** What each extension's content should start like (the signature's name). */
const EXPECTED: Readonly<Record<string, string>> = {
  jpg: 'JPEG',
  jpeg: 'JPEG',
  jpe: 'JPEG',
  jfif: 'JPEG',
  png: 'PNG',
  tif: 'TIFF',
  tiff: 'TIFF',
  gif: 'GIF',
  webp: 'WebP',
  psd: 'PSD',
  psb: 'PSD',
  heic: 'HEIF/AVIF',
  heif: 'HEIF/AVIF',
  avif: 'HEIF/AVIF',
};

/**
 * The one entry point for reading an artwork file (the Library and History's version previews
 * both use it): the header's facts a printer needs (pixel size, bit depth, colour mode and ICC
 * profile, ppi, XMP/IPTC text) and a WebP thumbnail, long edge `thumbnailSize`, converted to
 * sRGB from the embedded profile, EXIF orientation applied, alpha kept. PSD and PSB are read
 * by their composite (or embedded preview); a file whose content is not what its extension
 * says is read by its content and flagged. Failures become a CatalogReadError whose message
 * names the file and the reason.
 */
export async function readImage(
  sharp: Sharp,
  path: string,
  name: string,
  options: ReaderOptions,
): Promise<ReadImage> {
  const fs = options.fs ?? nodeFs;
  const announced = await signatureOf(fs, path, name);
  const ext = extname(name).slice(1).toLowerCase();
  const expected = EXPECTED[ext];
  const mismatch =
    announced && expected && announced !== expected
      ? `${name} is named .${ext} but its content is ${announced}.`
      : null;
  if (announced === 'PSD') return readPsdFile(sharp, fs, path, name, options, mismatch);
  return readWithSharp(sharp, path, name, options, mismatch);
}

async function signatureOf(
  fs: Pick<typeof nodeFs, 'open'>,
  path: string,
  name: string,
): Promise<string | null> {
  let handle;
  try {
    handle = await fs.open(path, 'r');
  } catch (err) {
    throw explain(err, path, name, 'header');
  }
  try {
    const head = new Uint8Array(16);
    const { bytesRead } = await handle.read(head, 0, 16, 0);
    return imageSignature(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

async function readWithSharp(
  sharp: Sharp,
  path: string,
  name: string,
  options: ReaderOptions,
  mismatch: string | null,
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
  checkPixels(meta.width, meta.height, name, options);
  const image: CatalogImageInfo = {
    width: meta.autoOrient?.width ?? meta.width,
    height: meta.autoOrient?.height ?? meta.height,
    format: meta.format ?? 'unknown',
    space: String(meta.space ?? 'unknown'),
    colourMode: meta.isPalette ? 'Indexed' : (MODES[String(meta.space)] ?? String(meta.space ?? 'unknown')),
    profile: iccDescription(meta.icc),
    hasAlpha: meta.hasAlpha ?? false,
    bitDepth: meta.bitsPerSample ?? BITS[String(meta.depth)] ?? 8,
    ppi: meta.density ? round2(meta.density) : null,
    text: readImageText(meta.xmpAsString ?? meta.xmp, meta.iptc),
    preview: 'image',
    mismatch,
  };
  let thumbnail: Buffer;
  try {
    // sharp converts to sRGB through the embedded profile (its built-in CMYK profile when a CMYK file has none).
    // An 8-bit sRGB pipeline: in its default 16-bit pipeline a 16-bit Adobe RGB TIFF came out
    // visibly wrong (216,110,60 for a patch whose sRGB value is 231,102,43; see the corpus test).
    thumbnail = await sharp(path, input)
      .pipelineColourspace('srgb')
      .rotate()
      .resize(options.thumbnailSize, options.thumbnailSize, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80, effort: 2 })
      .toBuffer();
  } catch (err) {
    throw explain(err, path, name, 'pixels');
  }
  return { image, thumbnail };
}

async function readPsdFile(
  sharp: Sharp,
  fs: Pick<typeof nodeFs, 'open' | 'readFile' | 'stat'>,
  path: string,
  name: string,
  options: ReaderOptions,
  mismatch: string | null,
): Promise<ReadImage> {
  let header;
  try {
    header = await readPsdHeader(fs, path);
  } catch (err) {
    if (!(err instanceof PsdFormatError)) throw explain(err, path, name, 'header');
    throw damaged(name, path, err.message);
  }
  checkPixels(header.width, header.height, name, options);
  const colourChannels = header.mode === 4 ? 4 : header.mode === 3 || header.mode === 9 ? 3 : 1;
  const hasAlpha = header.channels > colourChannels;
  const image: CatalogImageInfo = {
    width: header.width,
    height: header.height,
    format: header.version === 2 ? 'psb' : 'psd',
    space: header.mode === 4 ? 'cmyk' : header.mode === 1 ? 'b-w' : 'srgb',
    colourMode: PSD_MODES[header.mode] ?? `mode ${header.mode}`,
    profile: iccDescription(header.icc),
    hasAlpha,
    bitDepth: header.bitDepth,
    ppi: header.ppi ? round2(header.ppi) : null,
    text: readImageText(header.xmp, header.iptc),
    preview: 'composite',
    mismatch,
  };
  const size = options.thumbnailSize;
  const limit = options.psdMemoryLimit ?? 512 * 1024 * 1024;
  // The file whole, ag-psd's pixels at their depth, and our 8-bit copy.
  const pixels = header.width * header.height * 4;
  // A failing stat means the composite is not tried; the preview still may be.
  const fileBytes = await fs.stat(path).then(
    (s) => s.size,
    () => Infinity,
  );
  const needed = fileBytes + pixels * (header.bitDepth / 8) + pixels;
  let reason = 'it has no composite image (saved without "Maximize compatibility")';
  if (needed <= limit) {
    try {
      const composite = decodePsdComposite(await fs.readFile(path), limit);
      if (composite) {
        const small = await sharp(composite.data, { raw: composite })
          .resize(size, size, { fit: 'inside', withoutEnlargement: true })
          .raw()
          .toBuffer({ resolveWithObject: true });
        // ag-psd gives RGB(A) for every mode; its profile only describes the pixels when the document is RGB.
        const tiff = rawToTiff({
          data: small.data,
          width: small.info.width,
          height: small.info.height,
          channels: 4,
          bits: 8,
          icc: header.mode === 3 ? header.icc : undefined,
        });
        let pipeline = sharp(tiff);
        if (!hasAlpha) pipeline = pipeline.removeAlpha();
        return { image, thumbnail: await pipeline.webp({ quality: 80, effort: 2 }).toBuffer() };
      }
    } catch (err) {
      reason = `its composite image could not be decoded (${err instanceof Error ? err.message.slice(0, 120) : String(err)})`;
    }
  } else {
    reason = `its composite image needs more memory than Copper gives a preview (${Math.ceil(needed / 2 ** 20)} MiB)`;
  }
  if (header.preview) {
    try {
      const thumbnail = await sharp(header.preview)
        .resize(size, size, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80, effort: 2 })
        .toBuffer();
      return { image: { ...image, preview: 'embedded', hasAlpha: false }, thumbnail };
    } catch {
      // fall through: no usable preview either
    }
  }
  if (reason.startsWith('its composite image could not'))
    throw damaged(name, path, `${reason}, and it has no embedded preview`);
  throw new CatalogReadError('image', {
    code: 'catalog.no-preview',
    message: `${name}: Copper cannot preview it because ${reason} and it has no embedded preview; it will still upload (${path}).`,
  });
}

function checkPixels(width: number, height: number, name: string, options: ReaderOptions): void {
  if (width * height > options.maxPixels) {
    throw new CatalogReadError('image', {
      code: 'catalog.too-large',
      message: `${name} is ${width} × ${height} pixels, more than Copper previews (${Math.round(options.maxPixels / 1e6)} megapixels); it will still upload.`,
    });
  }
}

function damaged(name: string, path: string, why: string): CatalogReadError {
  return new CatalogReadError('image', {
    code: 'catalog.corrupt',
    message: `${name} is damaged or truncated: ${why}. Path: ${path}.`,
  });
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
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
  return damaged(name, path, `${where} could not be decoded (${detail || 'unknown error'})`);
}
