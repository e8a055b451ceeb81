import type * as nodeFs from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { isHiddenOrSystem } from '../upload/keys';

/** The file-system calls the catalog makes (injectable so tests can simulate what root cannot: a file it may not read). */
export type CatalogFs = Pick<
  typeof nodeFs,
  | 'stat'
  | 'lstat'
  | 'realpath'
  | 'readdir'
  | 'open'
  | 'readFile'
  | 'writeFile'
  | 'rename'
  | 'mkdir'
  | 'unlink'
>;

/** What the walk yields, one entry at a time, as it goes. */
export type WalkEntry =
  | { readonly type: 'file'; readonly path: string; readonly size: number; readonly mtimeMs: number }
  | { readonly type: 'skip'; readonly path: string; readonly code: string; readonly message: string };

/**
 * Walks files and folders and yields each file as soon as it is found, so the first
 * thumbnails can be on screen while a 10,000-file folder is still being listed (the queue's
 * walkPaths collects everything first). Links are followed only while they stay inside the
 * added folder (a link out of it is skipped with a reason: adding a folder must not pull in
 * what lies elsewhere); every folder is entered once by device+inode, so a symbolic link loop
 * is reported, never walked forever; hidden and system entries are skipped; one bad entry
 * never stops the walk.
 */
export async function* walkCatalog(
  fs: CatalogFs,
  paths: readonly string[],
  signal?: AbortSignal,
): AsyncGenerator<WalkEntry> {
  const seenDirs = new Set<string>();

  async function* visit(
    path: string,
    isRoot: boolean,
    ancestors: ReadonlySet<string>,
    rootReal: string,
  ): AsyncGenerator<WalkEntry> {
    if (signal?.aborted) return;
    if (!isRoot && isHiddenOrSystem(basename(path))) {
      yield {
        type: 'skip',
        path,
        code: 'hidden',
        message: `${path} is a hidden or system file and was skipped.`,
      };
      return;
    }
    if (!isRoot) {
      const outside = await linksOutside(fs, path, rootReal);
      if (outside) {
        yield {
          type: 'skip',
          path,
          code: 'outside',
          message: `${path} is a link to ${outside}, outside the folder you added; it was not followed.`,
        };
        return;
      }
    }
    let st;
    try {
      st = await fs.stat(path);
    } catch (err) {
      yield skipFor(path, err);
      return;
    }
    if (st.isFile()) {
      yield { type: 'file', path, size: st.size, mtimeMs: st.mtimeMs };
      return;
    }
    if (!st.isDirectory()) {
      yield {
        type: 'skip',
        path,
        code: 'not-a-file',
        message: `${path} is not a regular file or folder and was skipped.`,
      };
      return;
    }
    const id = `${st.dev}:${st.ino}`;
    if (ancestors.has(id)) {
      yield {
        type: 'skip',
        path,
        code: 'symlink-loop',
        message: `${path} links back to a folder that contains it (a symbolic link loop); it was not walked again.`,
      };
      return;
    }
    if (seenDirs.has(id)) return;
    seenDirs.add(id);
    let names: string[];
    try {
      names = (await fs.readdir(path)).map(String).sort();
    } catch (err) {
      yield skipFor(path, err);
      return;
    }
    const inner = new Set(ancestors).add(id);
    for (const name of names) yield* visit(join(path, name), false, inner, rootReal);
  }

  for (const p of paths) {
    const root = resolve(p);
    const rootReal = await fs.realpath(root).catch(() => root);
    yield* visit(root, true, new Set(), rootReal);
  }
}

/** Where a symbolic link points when that is outside `rootReal`; null for anything else (broken links are stat's to report). */
async function linksOutside(fs: CatalogFs, path: string, rootReal: string): Promise<string | null> {
  try {
    if (!(await fs.lstat(path)).isSymbolicLink()) return null;
    const target = await fs.realpath(path);
    return target === rootReal || target.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep)
      ? null
      : target;
  } catch {
    return null;
  }
}

function skipFor(path: string, err: unknown): WalkEntry {
  const code = (err as { code?: string })?.code;
  if (code === 'ELOOP')
    return {
      type: 'skip',
      path,
      code: 'symlink-loop',
      message: `${path} is a symbolic link loop and was skipped.`,
    };
  if (code === 'ENOENT')
    return {
      type: 'skip',
      path,
      code: 'vanished',
      message: `${path} does not exist (moved, deleted, or a broken link) and was skipped.`,
    };
  if (code === 'EACCES' || code === 'EPERM')
    return {
      type: 'skip',
      path,
      code: 'unreadable',
      message: `${path} cannot be read (permission denied) and was skipped.`,
    };
  return {
    type: 'skip',
    path,
    code: 'unreadable',
    message: `${path} could not be read (${code ?? 'I/O error'}) and was skipped.`,
  };
}
