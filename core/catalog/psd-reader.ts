import type * as nodeFs from 'node:fs/promises';
import { initializeCanvas, readPsd } from 'ag-psd';

/** What a PSD/PSB's header and image resources say, read without touching its pixels. */
export interface PsdHeader {
  readonly version: 1 | 2;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly bitDepth: number;
  /** Photoshop's colour mode number (0 Bitmap, 1 Grey, 2 Indexed, 3 RGB, 4 CMYK, 7 Multichannel, 8 Duotone, 9 Lab). */
  readonly mode: number;
  readonly icc: Buffer | undefined;
  readonly xmp: Buffer | undefined;
  readonly iptc: Buffer | undefined;
  /** Horizontal resolution in pixels per inch, or undefined. */
  readonly ppi: number | undefined;
  /** The embedded JPEG preview (image resource 1036), or undefined. */
  readonly preview: Buffer | undefined;
}

/** Photoshop's colour modes in words. */
export const PSD_MODES: Readonly<Record<number, string>> = {
  0: 'Bitmap',
  1: 'Grey',
  2: 'Indexed',
  3: 'RGB',
  4: 'CMYK',
  7: 'Multichannel',
  8: 'Duotone',
  9: 'Lab',
};

/** A PSD or PSB that is malformed: the reason in words. */
export class PsdFormatError extends Error {}

/** Image resources bigger than this are not read (a hostile file cannot make us allocate gigabytes). */
const MAX_RESOURCES = 64 * 1024 * 1024;

type Fs = Pick<typeof nodeFs, 'open'>;

/**
 * Reads a PSD/PSB's 26-byte header and its image-resources section (ICC profile 1039, resolution
 * 1005, IPTC 1028, XMP 1060, JPEG preview 1036) with a few positioned reads: the layers and
 * pixels, which are most of the file, are never loaded.
 */
export async function readPsdHeader(fs: Fs, path: string): Promise<PsdHeader> {
  const handle = await fs.open(path, 'r');
  try {
    const head = Buffer.alloc(30);
    const { bytesRead } = await handle.read(head, 0, 30, 0);
    if (bytesRead < 30 || head.toString('latin1', 0, 4) !== '8BPS')
      throw new PsdFormatError('its header is not a Photoshop header');
    const version = head.readUInt16BE(4);
    if (version !== 1 && version !== 2) throw new PsdFormatError(`it has an unknown PSD version ${version}`);
    const modeDataLength = head.readUInt32BE(26);
    const lengthAt = 30 + modeDataLength;
    const lenBuf = Buffer.alloc(4);
    await handle.read(lenBuf, 0, 4, lengthAt);
    const resourcesLength = lenBuf.readUInt32BE(0);
    if (resourcesLength > MAX_RESOURCES)
      throw new PsdFormatError('its image resources are implausibly large');
    const resources = Buffer.alloc(resourcesLength);
    const got = await handle.read(resources, 0, resourcesLength, lengthAt + 4);
    if (got.bytesRead < resourcesLength) throw new PsdFormatError('it ends inside its image resources');
    const blocks = parseResources(resources);
    const res = blocks.get(1005);
    const thumb = blocks.get(1036);
    return {
      version,
      channels: head.readUInt16BE(12),
      height: head.readUInt32BE(14),
      width: head.readUInt32BE(18),
      bitDepth: head.readUInt16BE(22),
      mode: head.readUInt16BE(24),
      icc: blocks.get(1039),
      xmp: blocks.get(1060),
      iptc: blocks.get(1028),
      ppi: res && res.length >= 8 ? resolutionPpi(res) : undefined,
      // Resource 1036: a 28-byte header (format 1 = JFIF) then the JPEG.
      preview: thumb && thumb.length > 28 && thumb.readUInt32BE(0) === 1 ? thumb.subarray(28) : undefined,
    };
  } finally {
    await handle.close();
  }
}

/** Walks `8BIM` blocks: id, a Pascal name padded to even length, a size, data padded to even length. */
function parseResources(bytes: Buffer): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  let i = 0;
  while (i + 12 <= bytes.length) {
    if (bytes.toString('latin1', i, i + 4) !== '8BIM') break;
    const id = bytes.readUInt16BE(i + 4);
    const nameLength = bytes[i + 6]!;
    let at = i + 6 + nameLength + 1;
    if (at % 2) at++;
    if (at + 4 > bytes.length) break;
    const size = bytes.readUInt32BE(at);
    const start = at + 4;
    if (start + size > bytes.length) break;
    out.set(id, bytes.subarray(start, start + size));
    i = start + size + (size % 2);
  }
  return out;
}

/** ResolutionInfo: a 16.16 fixed-point horizontal resolution, then its unit (1 = per inch, 2 = per cm). */
function resolutionPpi(res: Buffer): number | undefined {
  const value = res.readUInt32BE(0) / 65536;
  const unit = res.readUInt16BE(4);
  if (!(value > 0)) return undefined;
  return unit === 2 ? value * 2.54 : value;
}

/** The composite as 8-bit interleaved pixels, for sharp's raw input. */
export interface PsdComposite {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 4;
}

/**
 * Decodes a PSD/PSB's composite (the flattened image Photoshop saves with "Maximize
 * compatibility") with ag-psd, skipping layer pixels, linked files and the thumbnail. The
 * caller has checked the file and the pixels fit `memoryLimit`, which ag-psd enforces too.
 * Returns null when the file has no composite, or a blank one.
 */
export function decodePsdComposite(file: Buffer, memoryLimit: number): PsdComposite | null {
  // ag-psd makes 8-bit pixel buffers through a canvas hook it keeps itself; plain arrays are
  // all we need (there is no canvas in the core). Setting the same functions again is harmless.
  initializeCanvas(
    () => {
      throw new Error('no canvas in the core');
    },
    (width, height) =>
      ({ width, height, data: new Uint8ClampedArray(width * height * 4) }) as Parameters<
        typeof initializeCanvas
      >[1] extends ((w: number, h: number) => infer R) | undefined
        ? R
        : never,
  );
  const psd = readPsd(file, {
    skipLayerImageData: true,
    skipLinkedFilesData: true,
    skipThumbnail: true,
    useImageData: true,
    totalMemoryLimit: memoryLimit,
  });
  const image = psd.imageData;
  if (!image || !image.width || !image.height) return null;
  const { width, height, data } = image;
  const channels = data.length / (width * height);
  if (channels !== 4) return null;
  // 16- and 32-bit composites come as Uint16Array/Float32Array; a thumbnail needs 8 bits.
  let bytes: Buffer;
  if (data instanceof Uint16Array) {
    bytes = Buffer.alloc(data.length);
    for (let i = 0; i < data.length; i++) bytes[i] = data[i]! >> 8;
  } else if (data instanceof Float32Array) {
    bytes = Buffer.alloc(data.length);
    for (let i = 0; i < data.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, data[i]!)) * 255);
  } else {
    bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
  // Without "Maximize compatibility" Photoshop still writes a composite, but a blank one (one
  // colour, or fully transparent): that is no preview, and the caller falls back to the embedded one.
  let uniform = true;
  const first = bytes.readUInt32LE(0);
  for (let i = 4; i + 4 <= bytes.length && uniform; i += 4) uniform = bytes.readUInt32LE(i) === first;
  return uniform ? null : { data: bytes, width, height, channels: 4 };
}
