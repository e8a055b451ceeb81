import { copyFile, link, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';

/** A folder of generated artwork images for the catalog line. */
export interface ImageSet {
  readonly name: string;
  readonly dir: string;
  readonly files: number;
}

/** What one generated picture is made from; the cache's key. */
export interface PictureSpec {
  readonly kind: 'jpeg' | 'tiff16';
  readonly width: number;
  readonly height: number;
}

/**
 * Bumped whenever `picture()` or the encoders' settings change, so a cache made by an older
 * generator is never taken for the current one.
 */
const GENERATOR_VERSION = 1;

/** The cache folder for pictures made from `spec`: every parameter that shapes the file is in its name. */
export function cacheKey(spec: PictureSpec): string {
  return `${spec.kind}-${spec.width}x${spec.height}-v${GENERATOR_VERSION}`;
}

/** The extension a kind's files carry. */
export const extension = (kind: PictureSpec['kind']): string => (kind === 'jpeg' ? 'jpg' : 'tif');

/**
 * Where generated pictures are kept between runs: under the OS temp folder (cleared with it),
 * or BENCH_IMAGE_CACHE.
 */
export function imageCacheRoot(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.BENCH_IMAGE_CACHE || join(tmpdir(), 'copper-bench-images');
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

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch {
    return false;
  }
}

/**
 * The paths of `distinct` pictures made from `spec`, generating only those the cache lacks.
 * Each is written under a temporary name and renamed, so a run cut short never leaves a
 * half-written picture to be taken as whole by the next.
 */
export async function cachedPictures(
  spec: PictureSpec,
  distinct: number,
  root = imageCacheRoot(),
): Promise<{ paths: string[]; generated: number }> {
  const dir = join(root, cacheKey(spec));
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  let generated = 0;
  for (let i = 0; i < distinct; i++) {
    const path = join(dir, `picture-${String(i).padStart(4, '0')}.${extension(spec.kind)}`);
    if (!(await exists(path))) {
      const partial = `${path}.${process.pid}.partial`;
      const p = picture(spec.width, spec.height);
      if (spec.kind === 'jpeg') await p.jpeg({ quality: 90 }).toFile(partial);
      else await p.toColourspace('rgb16').tiff({ compression: 'none' }).toFile(partial);
      await rename(partial, path);
      generated++;
    }
    paths.push(path);
  }
  // Partial files of a run that was killed mid-write.
  for (const name of await readdir(dir))
    if (name.endsWith('.partial') && !name.includes(`.${process.pid}.`))
      await rm(join(dir, name), { force: true });
  return { paths, generated };
}

/** Hard-links `from` at `to`, or copies it where a link cannot be made (another file system). */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

/**
 * `count` images under root: `distinct` generated ones (from the cache when an earlier run made
 * them), the rest links to them under their own names (each path is its own catalog entry and
 * is decoded on its own; encoding hundreds of 24-megapixel pictures would take longer than the
 * race itself). `log` hears how many had to be generated.
 */
export async function makeImageSet(
  root: string,
  kind: 'jpeg' | 'tiff16',
  count: number,
  distinct: number,
  width: number,
  height: number,
  log: (line: string) => void = () => {},
): Promise<ImageSet> {
  const name = kind === 'jpeg' ? `jpeg-${count}` : `tiff16-${count}`;
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  const n = Math.min(distinct, count);
  const { paths, generated } = await cachedPictures({ kind, width, height }, n);
  log(`${name}: ${n - generated} of ${n} distinct pictures from the cache (${imageCacheRoot()})`);
  for (let i = 0; i < count; i++)
    await linkOrCopy(
      paths[i % paths.length]!,
      join(dir, `artwork-${String(i).padStart(4, '0')}.${extension(kind)}`),
    );
  return { name, dir, files: count };
}
