import * as nodeFs from 'node:fs/promises';
import { extname } from 'node:path';
import type { Metadata } from 'sharp';
import type { CatalogImageInfo } from '../../shared/models/catalog';
import { iccDescription } from './icc-profile';
import { readSignature } from './image-signature';
import { readImageText } from './image-text';
import {
  CatalogReadError,
  checkPixels,
  explain,
  round2,
  type ReadImage,
  type ReaderOptions,
  type Sharp,
} from './image-read-common';
import { readPsdFile } from './psd-image';

export { CatalogReadError, type ReadImage, type ReaderOptions, type Sharp } from './image-read-common';

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
  try {
    return await readSignature(fs, path);
  } catch (err) {
    throw explain(err, path, name, 'header');
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
    // An 8-bit sRGB pipeline for files deeper than 8 bits and for CMYK: in its default 16-bit
    // pipeline a 16-bit Adobe RGB TIFF came out visibly wrong (216,110,60 for a patch whose sRGB
    // value is 231,102,43), and a CMYK file's blue drifted (see the corpus test). Not for 8-bit
    // RGB and grey files: it turns off JPEG shrink-on-load, which made a 24-megapixel JPEG's
    // thumbnail three times slower (153 against 50 ms of CPU).
    const deep = meta.depth !== undefined && meta.depth !== 'uchar' && meta.depth !== 'char';
    const decoder = sharp(path, input);
    thumbnail = await (deep || meta.space === 'cmyk' ? decoder.pipelineColourspace('srgb') : decoder)
      .rotate()
      .resize(options.thumbnailSize, options.thumbnailSize, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80, effort: 2 })
      .toBuffer();
  } catch (err) {
    throw explain(err, path, name, 'pixels');
  }
  return { image, thumbnail };
}
