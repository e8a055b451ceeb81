import { extname } from 'node:path';
import type { Sharp } from './image-reader';
import { IMAGE_EXTENSIONS } from './image-extensions';
import { imageSignature } from './image-signature';
import { openFile, type OpenFile } from '../common/open-file';

/** How much of each end `readEnds` reads at most (the end marker is looked for in the last). */
export const ENDS = 64 * 1024;

/** The bytes a format's complete file ends with (within its last ENDS bytes), if it has any. */
function endMarker(format: string | null): Buffer | undefined {
  if (format === 'JPEG') return Buffer.from([0xff, 0xd9]);
  if (format === 'PNG') return Buffer.from('IEND', 'latin1');
  return undefined;
}

/** A file's first and last bytes, as one open reads them (see `readEnds`). */
export interface FileEnds {
  /** The first bytes: at least 16, or the whole file when it is no longer than `ENDS`. */
  readonly head: Buffer;
  /** The last `ENDS` bytes (the head itself for a file that short), when they were read. */
  readonly tail?: Buffer;
}

/** True when a format is only judged complete by its end marker (so its tail is read). */
export const needsTail = (head: Buffer): boolean => endMarker(imageSignature(head)) !== undefined;

async function readInto(fh: OpenFile, buf: Buffer, position: number): Promise<Buffer> {
  const { bytesRead } = await fh.read(buf, 0, buf.length, position);
  return buf.subarray(0, bytesRead);
}

/**
 * One open, one or two reads: the file's head (16 bytes, or all of a file of up to `ENDS`
 * bytes, or `ENDS` bytes when `wantTail`) and, when `wantTail` or the head's format has an end
 * marker, its last `ENDS` bytes. `buf` (2 × `ENDS` bytes) is where they are read to: the
 * result points into it. Throws what the file system throws.
 */
export async function readEnds(
  path: string,
  size: number,
  buf: Buffer,
  wantTail: boolean,
): Promise<FileEnds> {
  const fh = await openFile(path);
  try {
    const whole = size <= ENDS;
    const headLength = whole || wantTail ? Math.min(ENDS, size) : Math.min(16, size);
    const head = await readInto(fh, buf.subarray(0, headLength), 0);
    if (whole) return { head, tail: head };
    if (!wantTail && !needsTail(head)) return { head };
    return { head, tail: await readInto(fh, buf.subarray(ENDS, 2 * ENDS), size - ENDS) };
  } finally {
    await fh.close();
  }
}

/** Whether a file's ends can show it damaged: an image by its extension (others go as they are). */
export const judgedByContent = (path: string): boolean => IMAGE_EXTENSIONS.has(extname(path).toLowerCase());

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
 * end marker that libvips also cannot decode). Judged from `ends` (see `readEnds`); only a
 * suspicious file is read further, by libvips.
 */
export async function damageFromEnds(
  path: string,
  size: number,
  ends: FileEnds | undefined,
  sharp?: Sharp,
): Promise<string | undefined> {
  if (size === 0)
    return `${path} is empty (0 bytes): held back, so an empty file does not replace artwork in the gallery.`;
  // Unreadable or gone (no ends): the upload itself reports that, naming the file.
  if (!ends || !judgedByContent(path)) return undefined;
  const format = imageSignature(ends.head);
  const damaged = `${path} is damaged or truncated (its ${format} content stops short): held back from upload.`;
  if (format === 'TIFF') return tiffCutOff(ends.head, size) ? damaged : undefined;
  const marker = endMarker(format);
  if (!marker || !ends.tail || ends.tail.includes(marker)) return undefined;
  return (await undecodable(sharp, path)) ? damaged : undefined;
}

/** `damageFromEnds` for one file, reading its ends itself. */
export async function damageReason(path: string, size: number, sharp?: Sharp): Promise<string | undefined> {
  if (size === 0 || !judgedByContent(path)) return damageFromEnds(path, size, undefined);
  const ends = await readEnds(path, size, Buffer.allocUnsafe(2 * ENDS), false).catch(() => undefined);
  return damageFromEnds(path, size, ends, sharp);
}
