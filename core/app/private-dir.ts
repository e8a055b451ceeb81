import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders in the data folder: owner only. */
export const PRIVATE_DIR_MODE = 0o700;
/** Files in the data folder: owner read/write only. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Makes the data folder private whatever the umask: thumbnails of unpublished artwork, paths,
 * keys and the queue must not be readable by other local users. Creates it 0700; a folder that
 * is not already 0700 (made by an older Copper under umask 022) is tightened with everything
 * in it (folders 0700, files 0600; symlinks are not followed). On Windows modes do not apply:
 * the folder sits in the user's own profile, whose ACL already keeps other users out.
 */
export function ensurePrivateDir(dir: string, platform: NodeJS.Platform = process.platform): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (platform === 'win32') return;
  if ((statSync(dir).mode & 0o777) === PRIVATE_DIR_MODE) return;
  tighten(dir, 0);
}

/** Sets owner-only modes on the given files when they exist (a database and its -wal/-shm). */
export function makeFilesPrivate(
  files: readonly string[],
  platform: NodeJS.Platform = process.platform,
): void {
  if (platform === 'win32') return;
  for (const f of files) {
    try {
      chmodSync(f, PRIVATE_FILE_MODE);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

function tighten(dir: string, depth: number): void {
  chmodSync(dir, PRIVATE_DIR_MODE);
  if (depth > 8) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isDirectory()) tighten(path, depth + 1);
    else if (st.isFile()) chmodSync(path, PRIVATE_FILE_MODE);
  }
}
