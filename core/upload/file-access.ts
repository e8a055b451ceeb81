import * as nodeFs from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { createHash } from 'node:crypto';
import { CopperError } from '../../shared/errors';
import { openFile, statPath, type OpenFile } from '../common/open-file';

/**
 * The file-system calls the engine makes, injectable so tests can simulate what is hard to
 * produce for real (a 6 TiB file, a disk error) while everything else stays real. `fs/promises`
 * itself is one.
 */
export interface UploadFs extends Pick<typeof nodeFs, 'lstat' | 'readdir' | 'realpath'> {
  stat(path: string): Promise<Stats>;
  open(path: string, flags: string): Promise<OpenFile>;
}

/**
 * Node's own file system; the calls made per file (stat, open, read, close) on the callback
 * API, which costs the event loop half of what `fs/promises` does (common/open-file.ts).
 */
export const nodeUploadFs: UploadFs = {
  lstat: nodeFs.lstat,
  readdir: nodeFs.readdir,
  realpath: nodeFs.realpath,
  stat: statPath,
  open: openFile,
};

/** What identifies a file's content cheaply: if any of these changed, the content may have. */
export interface FileIdentity {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

/** Internal: the file changed (size/mtime) under its upload; the uploader starts it over. */
export const FILE_CHANGED = 'file-changed';

function fsCode(err: unknown): string | undefined {
  const c = (err as { code?: unknown })?.code;
  return typeof c === 'string' ? c : undefined;
}

/** The internal `file-changed` for a file that ended before its recorded size (it restarts). */
export function shorterError(path: string): CopperError {
  return new CopperError(FILE_CHANGED, `${path} got shorter while it was being uploaded.`, true);
}

/** Turns a file-system error into a CopperError that names the file and says what to do. */
export function fileError(path: string, err: unknown): CopperError {
  if (err instanceof CopperError) return err;
  switch (fsCode(err)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new CopperError(
        'file-vanished',
        `${path} is gone: it was moved or deleted before it finished uploading.`,
        false,
        { cause: err },
      );
    case 'EACCES':
    case 'EPERM':
      return new CopperError(
        'file-unreadable',
        `${path} cannot be read: permission denied. Fix its permissions, then retry.`,
        true,
        { cause: err },
      );
    case 'ELOOP':
      return new CopperError('file-unreadable', `${path} is a symbolic link loop.`, false, { cause: err });
    case 'EISDIR':
      return new CopperError('not-a-file', `${path} is a folder now, not a file.`, false, { cause: err });
    default:
      return new CopperError(
        'file-unreadable',
        `${path} could not be read (${fsCode(err) ?? (err as Error)?.message ?? 'I/O error'}).`,
        true,
        { cause: err },
      );
  }
}

/** Stats the path (following links) and insists on a regular file. */
export async function statFile(fs: UploadFs, path: string): Promise<FileIdentity> {
  let st;
  try {
    st = await fs.stat(path);
  } catch (err) {
    throw fileError(path, err);
  }
  if (!st.isFile())
    throw new CopperError(
      'not-a-file',
      `${path} is not a regular file (folder, device or socket) and cannot be uploaded.`,
      false,
    );
  return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
}

/** Throws `file-vanished` or the internal `file-changed` when the file is no longer `was`. */
export async function checkUnchanged(fs: UploadFs, path: string, was: FileIdentity): Promise<void> {
  const now = await statFile(fs, path);
  if (now.size !== was.size || now.mtimeMs !== was.mtimeMs || now.ino !== was.ino) {
    throw new CopperError(FILE_CHANGED, `${path} changed while it was being uploaded.`, true);
  }
}

/** Reads exactly `length` bytes at `position`; a short read means the file shrank under us. */
export async function readRange(fh: OpenFile, path: string, buffer: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buffer.length) {
    let bytesRead;
    try {
      ({ bytesRead } = await fh.read(buffer, done, buffer.length - done, position + done));
    } catch (err) {
      throw fileError(path, err);
    }
    if (bytesRead === 0) throw shorterError(path);
    done += bytesRead;
  }
}

/**
 * The file's sha256 and its expected S3 ETag at `partSize` (multipart) or as one PUT (when
 * `partSize` is undefined), read in 1 MiB steps so memory stays flat.
 */
export async function digestFile(
  fh: OpenFile,
  path: string,
  size: number,
  partSize: number | undefined,
  signal?: AbortSignal,
): Promise<{ sha256: string; etag: string }> {
  const sha = createHash('sha256');
  const step = 1024 * 1024;
  const buf = Buffer.allocUnsafe(step);
  const partMd5s: Buffer[] = [];
  let md5 = createHash('md5');
  let inPart = 0;
  for (let pos = 0; pos < size;) {
    signal?.throwIfAborted();
    const limit = partSize ? Math.min(step, partSize - inPart) : step;
    const chunk = buf.subarray(0, Math.min(limit, size - pos));
    await readRange(fh, path, chunk, pos);
    sha.update(chunk);
    md5.update(chunk);
    pos += chunk.length;
    inPart += chunk.length;
    if (partSize && (inPart === partSize || pos === size)) {
      partMd5s.push(md5.digest());
      md5 = createHash('md5');
      inPart = 0;
    }
  }
  const etag = partSize ? multipartEtag(partMd5s) : md5.digest('hex');
  return { sha256: sha.digest('hex'), etag };
}

/** S3's ETag of a multipart object: md5 of the parts' binary md5s, a dash, the part count. */
export function multipartEtag(partMd5s: readonly Buffer[]): string {
  return `${createHash('md5').update(Buffer.concat(partMd5s)).digest('hex')}-${partMd5s.length}`;
}

/** An ETag without its quotes. */
export function bareEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^W\//, '').replace(/"/g, '');
}
