import type { CatalogImageInfo } from '../../shared/models/catalog';
import { iccDescription } from './icc-profile';
import { readImageText } from './image-text';
import {
  CatalogReadError,
  checkPixels,
  damaged,
  explain,
  round2,
  type ReadImage,
  type ReaderOptions,
  type Sharp,
} from './image-read-common';
import { decodePsdComposite, PSD_MODES, PsdFormatError, readPsdHeader, type PsdHeader } from './psd-reader';
import { rawToTiff } from './raw-tiff';

type PsdFs = NonNullable<ReaderOptions['fs']>;

function psdInfo(header: PsdHeader, mismatch: string | null): CatalogImageInfo {
  const colourChannels = header.mode === 4 ? 4 : header.mode === 3 || header.mode === 9 ? 3 : 1;
  return {
    width: header.width,
    height: header.height,
    format: header.version === 2 ? 'psb' : 'psd',
    space: header.mode === 4 ? 'cmyk' : header.mode === 1 ? 'b-w' : 'srgb',
    colourMode: PSD_MODES[header.mode] ?? `mode ${header.mode}`,
    profile: iccDescription(header.icc),
    hasAlpha: header.channels > colourChannels,
    bitDepth: header.bitDepth,
    ppi: header.ppi ? round2(header.ppi) : null,
    text: readImageText(header.xmp, header.iptc),
    preview: 'composite',
    mismatch,
  };
}

/** The composite's thumbnail, colour-converted through the document's profile when it is RGB. */
async function compositeThumbnail(
  sharp: Sharp,
  header: PsdHeader,
  data: Buffer,
  limit: number,
  size: number,
  hasAlpha: boolean,
): Promise<Buffer | null> {
  const composite = decodePsdComposite(data, limit);
  if (!composite) return null;
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
  return pipeline.webp({ quality: 80, effort: 2 }).toBuffer();
}

/** The composite when it fits the memory limit; otherwise (or when it is blank or broken) why not. */
async function tryComposite(
  sharp: Sharp,
  fs: PsdFs,
  path: string,
  header: PsdHeader,
  image: CatalogImageInfo,
  options: ReaderOptions,
): Promise<{ thumbnail: Buffer } | { reason: string }> {
  const limit = options.psdMemoryLimit ?? 512 * 1024 * 1024;
  // The file whole, ag-psd's pixels at their depth, and our 8-bit copy.
  const pixels = header.width * header.height * 4;
  // A failing stat means the composite is not tried; the preview still may be.
  const fileBytes = await fs.stat(path).then(
    (s) => s.size,
    () => Infinity,
  );
  const needed = fileBytes + pixels * (header.bitDepth / 8) + pixels;
  if (needed > limit)
    return {
      reason: `its composite image needs more memory than Copper gives a preview (${Math.ceil(needed / 2 ** 20)} MiB)`,
    };
  try {
    const data = await fs.readFile(path);
    const thumbnail = await compositeThumbnail(
      sharp,
      header,
      data,
      limit,
      options.thumbnailSize,
      image.hasAlpha,
    );
    if (thumbnail) return { thumbnail };
  } catch (err) {
    return {
      reason: `its composite image could not be decoded (${err instanceof Error ? err.message.slice(0, 120) : String(err)})`,
    };
  }
  return { reason: 'it has no composite image (saved without "Maximize compatibility")' };
}

/**
 * A PSD or PSB: header and image resources by positioned reads, the thumbnail from the
 * composite (within `psdMemoryLimit`), else from the embedded JPEG preview; a file with
 * neither gets a reason (damaged when its composite is broken).
 */
export async function readPsdFile(
  sharp: Sharp,
  fs: PsdFs,
  path: string,
  name: string,
  options: ReaderOptions,
  mismatch: string | null,
): Promise<ReadImage> {
  let header: PsdHeader;
  try {
    header = await readPsdHeader(fs, path);
  } catch (err) {
    if (!(err instanceof PsdFormatError)) throw explain(err, path, name, 'header');
    throw damaged(name, path, err.message);
  }
  checkPixels(header.width, header.height, name, options);
  const image = psdInfo(header, mismatch);
  const composite = await tryComposite(sharp, fs, path, header, image, options);
  if ('thumbnail' in composite) return { image, thumbnail: composite.thumbnail };
  const { reason } = composite;
  if (header.preview) {
    const size = options.thumbnailSize;
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
