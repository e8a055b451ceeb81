import { link, mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';

/** A folder of generated artwork images for the catalog line. */
export interface ImageSet {
  readonly name: string;
  readonly dir: string;
  readonly files: number;
}

/**
 * A picture with content (smooth colour fields from upscaled noise) rather than a flat fill,
 * whose JPEG would decode unrealistically fast.
 */
function picture(width: number, height: number): Sharp {
  const w = 64;
  const h = Math.round((w * height) / width);
  return sharp(randomBytes(w * h * 3), { raw: { width: w, height: h, channels: 3 } }).resize(width, height, {
    kernel: 'linear',
  });
}

/**
 * `count` images: `distinct` generated ones, the rest hard links to them under their own names
 * (each path is its own catalog entry and is decoded on its own; encoding hundreds of
 * 24-megapixel pictures would take longer than the race itself).
 */
export async function makeImageSet(
  root: string,
  kind: 'jpeg' | 'tiff16',
  count: number,
  distinct: number,
  width: number,
  height: number,
): Promise<ImageSet> {
  const name = kind === 'jpeg' ? `jpeg-${count}` : `tiff16-${count}`;
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  const ext = kind === 'jpeg' ? 'jpg' : 'tif';
  const originals: string[] = [];
  for (let i = 0; i < Math.min(distinct, count); i++) {
    const path = join(dir, `artwork-${String(i).padStart(4, '0')}.${ext}`);
    const p = picture(width, height);
    if (kind === 'jpeg') await p.jpeg({ quality: 90 }).toFile(path);
    else await p.toColourspace('rgb16').tiff({ compression: 'none' }).toFile(path);
    originals.push(path);
  }
  for (let i = originals.length; i < count; i++)
    await link(originals[i % originals.length]!, join(dir, `artwork-${String(i).padStart(4, '0')}.${ext}`));
  return { name, dir, files: count };
}
