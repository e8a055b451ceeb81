import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClearedCache } from '../../shared/models/preferences';

/** Bytes and files directly in the thumbnail cache folder (it has no subfolders); 0 when it does not exist yet. */
export async function cacheSize(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const name of await listOrEmpty(dir)) {
    try {
      const st = await stat(join(dir, name));
      if (!st.isFile()) continue;
      bytes += st.size;
      files += 1;
    } catch {
      // Removed meanwhile (a write's temporary file renamed): not counted.
    }
  }
  return { bytes, files };
}

/**
 * Empties the thumbnail cache: its thumbnails and metadata are rebuilt from the files on the
 * next scan, so nothing the person made is lost. Only plain files directly in the folder are
 * removed; a file being written meanwhile may survive (counted next time).
 */
export async function clearCache(dir: string): Promise<ClearedCache> {
  let removedFiles = 0;
  let freedBytes = 0;
  for (const name of await listOrEmpty(dir)) {
    const path = join(dir, name);
    try {
      const st = await stat(path);
      if (!st.isFile()) continue;
      await rm(path, { force: true });
      removedFiles += 1;
      freedBytes += st.size;
    } catch {
      // Gone already.
    }
  }
  return { removedFiles, freedBytes };
}

async function listOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
