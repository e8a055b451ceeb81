import { open, mkdir } from 'node:fs/promises';
import { extname, join, posix } from 'node:path';

// Characters no desktop file system accepts in a name (Windows is the strictest), plus control characters.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** The file name a key is saved under: its last segment, made safe for every OS. */
export function downloadFileName(key: string): string {
  let name = posix
    .basename(key)
    .replace(UNSAFE, '_')
    .replace(/[. ]+$/, '')
    .trim();
  if (!name || name === '.' || name === '..') name = 'artwork';
  if (RESERVED.test(name)) name = `_${name}`;
  return name;
}

/**
 * Reserves a new file in `dir` for `name`: `cat.png`, else `cat (1).png`, `cat (2).png`…
 * The file is created exclusively (O_EXCL), so two downloads at once — or a file the person
 * saved a moment ago — are never overwritten; the download then renames over its own
 * placeholder. Returns the reserved path.
 */
export async function reserveDownloadPath(dir: string, name: string, maxTries = 1000): Promise<string> {
  await mkdir(dir, { recursive: true });
  const ext = extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  for (let i = 0; i < maxTries; i++) {
    const candidate = join(dir, i === 0 ? name : `${stem} (${i})${ext}`);
    try {
      const handle = await open(candidate, 'wx');
      await handle.close();
      return candidate;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`no free file name for ${name} in ${dir} after ${maxTries} tries`);
}
