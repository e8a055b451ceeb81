import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Sharp } from './image-reader';
import { IMAGE_EXTENSIONS } from './image-extensions';
import { imageSignature } from './image-signature';

/** How much of a file's end is read to find its format's end marker. */
const TAIL = 64 * 1024;

async function ends(path: string, size: number): Promise<{ head: Buffer; tail: Buffer }> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(16, size));
    await fh.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(TAIL, size));
    await fh.read(tail, 0, tail.length, size - tail.length);
    return { head, tail };
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
 * end marker that libvips also cannot decode). Cheap for sound files: two small reads.
 */
export async function damageReason(path: string, size: number, sharp?: Sharp): Promise<string | undefined> {
  if (size === 0)
    return `${path} is empty (0 bytes): held back, so an empty file does not replace artwork in the gallery.`;
  if (!IMAGE_EXTENSIONS.has(extname(path).toLowerCase())) return undefined;
  let head: Buffer, tail: Buffer;
  try {
    ({ head, tail } = await ends(path, size));
  } catch {
    return undefined; // unreadable or gone: the upload itself reports that, naming the file
  }
  const format = imageSignature(head);
  const damaged = `${path} is damaged or truncated (its ${format} content stops short): held back from upload.`;
  if (format === 'TIFF') return tiffCutOff(head, size) ? damaged : undefined;
  const marker =
    format === 'JPEG'
      ? Buffer.from([0xff, 0xd9])
      : format === 'PNG'
        ? Buffer.from('IEND', 'latin1')
        : undefined;
  if (!marker || tail.includes(marker)) return undefined;
  return (await undecodable(sharp, path)) ? damaged : undefined;
}
