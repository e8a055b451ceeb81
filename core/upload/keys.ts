import { basename, dirname, relative, sep } from 'node:path';

/**
 * The S3 key of a file added as part of `addedPath`: the prefix plus the path relative to the
 * added item's PARENT (so adding `/art/Spring` yields `Spring/a.jpg`, as `aws s3 cp -r` into a
 * folder does), with `/` separators and Unicode in NFC (macOS hands out NFD names; S3 keys are
 * bytes, so one spelling must win or the same file gets two keys).
 */
export function keyFor(prefix: string, addedPath: string, filePath: string): string {
  const parent = dirname(addedPath);
  const rel = parent === addedPath ? basename(filePath) : relative(parent, filePath);
  const normalized = rel.split(sep).join('/').normalize('NFC');
  return `${prefix.normalize('NFC')}${normalized}`;
}

const systemNames = new Set([
  '.ds_store',
  'thumbs.db',
  'ehthumbs.db',
  'desktop.ini',
  '$recycle.bin',
  'icon\r',
  '.spotlight-v100',
  '.trashes',
  '.fseventsd',
  '.temporaryitems',
]);

/**
 * Hidden and system files a walk skips (as `aws s3 cp` users expect of a photo folder): dot
 * files and folders, AppleDouble `._x` files, and the OS's thumbnail/index files.
 */
export function isHiddenOrSystem(name: string): boolean {
  return name.startsWith('.') || systemNames.has(name.toLowerCase());
}
