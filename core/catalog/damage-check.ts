import { open, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Sharp } from './image-reader';
import { IMAGE_EXTENSIONS } from './image-extensions';
import { imageSignature } from './image-signature';

/** How much of a file's end is read to find its format's end marker. */
const TAIL = 64 * 1024;

/** The bytes a format's complete file ends with (within its last TAIL bytes), if it has any. */
function endMarker(format: string | null): Buffer | undefined {
  if (format === 'JPEG') return Buffer.from([0xff, 0xd9]);
  if (format === 'PNG') return Buffer.from('IEND', 'latin1');
  return undefined;
}

async function readAt(fh: FileHandle, length: number, position: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/**
 * The file's format, first 16 bytes and, only for formats with an end marker, that marker and
 * the file's last TAIL bytes (a TIFF needs no tail read: its head says where its directory is).
 */
async function ends(
  path: string,
  size: number,
): Promise<{ format: string | null; head: Buffer; marker?: Buffer; tail?: Buffer }> {
  const fh = await open(path, 'r');
  try {
    const head = await readAt(fh, Math.min(16, size), 0);
    const format = imageSignature(head);
    const marker = endMarker(format);
    if (!marker) return { format, head };
    const tail = await readAt(fh, Math.min(TAIL, size), Math.max(0, size - TAIL));
    return { format, head, marker, tail };
  } finally {
    await fh.close();
  }
}

/** A classic TIFF's first directory lies inside the file; a cut-off TIFF points past its end. */
function tiffCutOff(head: Buffer, size: number): boolean {
  if (head.length < 8 || head[2] === 0x2b || head[3] === 0x2b) return false; // BigTIFF: not checked here
  const offset = head[0] === 0x49 ? head.readUInt32LE(4) : head.readUInt32BE(4);
  return offset < 8 || offset + 2 > size;
}

/** True when libvips cannot decode the whole image (the confirmation for a missing end marker). */
async function undecodable(given: Sharp | undefined, path: string): Promise<boolean> {
  try {
    // Loaded only for a suspicious file: the CLI's `status` and `add` of sound files never load libvips.
    const sharp = given ?? ((await import('sharp')).default as Sharp);
    await sharp(path, { failOn: 'truncated', limitInputPixels: false }).resize(32, 32).raw().toBuffer();
    return false;
  } catch {
    return true;
  }
}

/**
 * Why a file must not be sent as it is, or undefined: an empty file, or an image whose
 * content stops short (a TIFF whose directory lies past its end; a JPEG or PNG without its
 * end marker that libvips also cannot decode). Cheap for sound files: one or two small reads.
 */
export async function damageReason(path: string, size: number, sharp?: Sharp): Promise<string | undefined> {
  if (size === 0)
    return `${path} is empty (0 bytes): held back, so an empty file does not replace artwork in the gallery.`;
  if (!IMAGE_EXTENSIONS.has(extname(path).toLowerCase())) return undefined;
  let look: Awaited<ReturnType<typeof ends>>;
  try {
    look = await ends(path, size);
  } catch {
    return undefined; // unreadable or gone: the upload itself reports that, naming the file
  }
  const { format, head, marker, tail } = look;
  const damaged = `${path} is damaged or truncated (its ${format} content stops short): held back from upload.`;
  if (format === 'TIFF') return tiffCutOff(head, size) ? damaged : undefined;
  if (!marker || !tail || tail.includes(marker)) return undefined;
  return (await undecodable(sharp, path)) ? damaged : undefined;
}
