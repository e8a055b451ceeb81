import { open, mkdir } from 'node:fs/promises';
import { extname, join, posix } from 'node:path';

// Characters no desktop file system accepts in a name (Windows is the strictest), plus C0/C1
// control characters.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f]/g;
// Bidi controls would let a key show "evil\u202Egpj.exe" as "evilexe.jpg": removed, so the real
// extension is what the person sees.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Windows device names, with or without an extension (and with trailing spaces before it, which
// Windows ignores): CON, PRN, AUX, NUL, COM0-9, LPT0-9 (superscript digits too), CONIN$, CONOUT$.
const RESERVED =
  /^(con|prn|aux|nul|conin\$|conout\$|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]) *(\..*)?$/i;
// Most file systems allow 255 bytes; stay well below and keep the extension when shortening.
const MAX_NAME_CHARS = 150;

/** The file name a key is saved under: its last segment, made safe for every OS, its extension visible. */
export function downloadFileName(key: string): string {
  let name = posix
    .basename(key)
    .replace(BIDI, '')
    .replace(UNSAFE, '_')
    .replace(/[. ]+$/, '')
    .trim();
  if (!name || name === '.' || name === '..') name = 'artwork';
  if (RESERVED.test(name)) name = `_${name}`;
  const chars = [...name];
  if (chars.length > MAX_NAME_CHARS) {
    const ext = [...extname(name)].slice(0, 20);
    name = chars.slice(0, MAX_NAME_CHARS - ext.length).join('') + ext.join('');
  }
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
