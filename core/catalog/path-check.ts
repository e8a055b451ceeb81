import type * as nodeFs from 'node:fs/promises';
import { isAbsolute, join, parse, resolve, sep } from 'node:path';
import type { PathCheck } from '../../shared/models/catalog';
import { isHiddenOrSystem } from '../upload/keys';

/** What checking a typed path needs. */
export interface PathCheckDeps {
  readonly fs: Pick<typeof nodeFs, 'stat' | 'readdir'>;
  readonly home: string;
  /** Files above which adding asks first (default 5,000). */
  readonly askAbove?: number;
}

/** Longest path and name the core accepts (Linux PATH_MAX and NAME_MAX; macOS and Windows are below). */
const MAX_PATH = 4096;
const MAX_NAME = 255;

/** Folders whose contents are the system's or the whole disk: adding one is almost always a slip. */
const SYSTEM = [
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/proc',
  '/sbin',
  '/sys',
  '/usr',
  '/var',
  '/System',
  '/Library',
  '/Applications',
  '/private',
  'C:\\',
  'C:\\Windows',
  'C:\\Program Files',
];

/**
 * Checks a path typed into the Library before anything is walked: `~` expands to the home
 * folder, and each way it can be wrong gets one sentence naming the path and the reason (too
 * long, not absolute, missing, a file, unreadable). A folder that is a system folder, the home
 * folder itself or holds more than `askAbove` files is allowed but flagged so the person is
 * asked first. Never throws: a bad path must not break the Library for the next one.
 */
export async function checkLibraryPath(raw: string, deps: PathCheckDeps): Promise<PathCheck> {
  const typed = raw.trim();
  if (!typed) return { ok: false, message: 'Type the path of a folder to add.' };
  const expanded =
    typed === '~'
      ? deps.home
      : typed.startsWith('~/') || typed.startsWith('~\\')
        ? join(deps.home, typed.slice(2))
        : typed;
  if (expanded.length > MAX_PATH)
    return {
      ok: false,
      message: `That path is ${expanded.length.toLocaleString('en')} characters long; paths end at ${MAX_PATH}.`,
    };
  const long = expanded.split(/[\\/]/).find((part) => part.length > MAX_NAME);
  if (long)
    return {
      ok: false,
      message: `“${long.slice(0, 40)}…” is longer than a name can be (${MAX_NAME} characters).`,
    };
  if (expanded.includes('\0')) return { ok: false, message: 'That path contains a NUL character.' };
  if (!isAbsolute(expanded))
    return {
      ok: false,
      message: `${typed} is not a full path: start at the top of the disk (/Users/… or C:\\…) or at ~.`,
    };
  const path = resolve(expanded);
  let st;
  try {
    st = await deps.fs.stat(path);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, message: `${path} does not exist.` };
    if (code === 'EACCES' || code === 'EPERM')
      return { ok: false, message: `${path} cannot be read (permission denied).` };
    return { ok: false, message: `${path} cannot be read (${code ?? 'I/O error'}).` };
  }
  if (st.isFile())
    return {
      ok: false,
      message: `${path} is a file, not a folder: add the folder it is in, or drop the file.`,
    };
  if (!st.isDirectory()) return { ok: false, message: `${path} is not a folder.` };
  const askAbove = deps.askAbove ?? 5000;
  const system =
    SYSTEM.some((s) => s.toLowerCase() === path.toLowerCase()) ||
    path === resolve(deps.home) ||
    path === parse(path).root;
  // A system folder is asked about anyway: no need to walk the disk to count it.
  const files = system ? 0 : await countFiles(deps.fs, path, askAbove + 1);
  let ask: string | null = null;
  if (system)
    ask = `${path} is a system folder or your whole home folder; Copper would read and upload everything in it.`;
  else if (files > askAbove)
    ask = `${path} holds more than ${askAbove.toLocaleString('en')} files; all of them would be read and queued.`;
  return { ok: true, path, files: Math.min(files, askAbove), more: system || files > askAbove, ask };
}

/** Counts files under `dir` up to `limit` (hidden and system entries skipped, links not followed). */
async function countFiles(fs: PathCheckDeps['fs'], dir: string, limit: number): Promise<number> {
  let count = 0;
  const stack = [dir];
  while (stack.length > 0 && count < limit) {
    const at = stack.pop()!;
    let entries;
    try {
      entries = await fs.readdir(at, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (isHiddenOrSystem(e.name)) continue;
      if (e.isDirectory()) stack.push(at.endsWith(sep) ? at + e.name : at + sep + e.name);
      else if (e.isFile()) count++;
      if (count >= limit) break;
    }
  }
  return count;
}
