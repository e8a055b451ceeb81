import { close, open, read, stat, type Stats } from 'node:fs';

/**
 * An open file as the engine reads it: the part of `fs/promises`' FileHandle it uses, so a
 * FileHandle (a test's stand-in, say) is one too.
 */
export interface OpenFile {
  readonly fd: number;
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

/**
 * Opens `path` on the callback API. Still off the event loop (a stalled network share blocks
 * a libuv thread, not the window), at half the main thread's CPU of a FileHandle: no handle
 * object to track and finalize, one promise per call. With thousands of small files the
 * engine opens, reads, closes and stats each (the screen, the upload) and these calls were
 * the largest part of its CPU per file after the requests themselves.
 */
export function openFile(path: string, flags = 'r'): Promise<OpenFile> {
  return new Promise((resolve, reject) =>
    open(path, flags, (err, fd) => (err ? reject(err) : resolve(new CallbackFile(fd)))),
  );
}

/** `stat` on the callback API (see `openFile`). */
export function statPath(path: string): Promise<Stats> {
  return new Promise((resolve, reject) => stat(path, (err, st) => (err ? reject(err) : resolve(st))));
}

/**
 * A descriptor with FileHandle's two guarantees: no read once close was asked for (the number
 * may name another file by then), and the close waits for reads in flight.
 */
class CallbackFile implements OpenFile {
  private closing: Promise<void> | undefined;
  private reads = 0;
  private drained: (() => void) | undefined;
  constructor(readonly fd: number) {}

  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }> {
    if (this.closing)
      return Promise.reject(Object.assign(new Error('EBADF: file closed, read'), { code: 'EBADF' }));
    this.reads++;
    return new Promise((resolve, reject) =>
      read(this.fd, buffer, offset, length, position, (err, bytesRead) => {
        if (--this.reads === 0) this.drained?.();
        if (err) reject(err);
        else resolve({ bytesRead });
      }),
    );
  }

  close(): Promise<void> {
    this.closing ??= (
      this.reads === 0 ? Promise.resolve() : new Promise<void>((r) => (this.drained = r))
    ).then(
      () => new Promise<void>((resolve, reject) => close(this.fd, (err) => (err ? reject(err) : resolve()))),
    );
    return this.closing;
  }
}
