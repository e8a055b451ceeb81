import { Readable, type Writable } from 'node:stream';
import type { OpenFile } from '../common/open-file';
import type { BandwidthLimiter } from './bandwidth';
import { fileError, shorterError } from './file-access';
import type { PartHasher } from './part-hasher';

/** Chunk size without a limit: 1 MiB reads, eight per 8 MiB file. */
const FREE_CHUNK = 1024 * 1024;
/** Chunk size under a bandwidth limit: small, so the limit holds over short windows. */
const LIMITED_CHUNK = 64 * 1024;
/** Chunks one body reads ahead: one is read while the other is written. */
const CHUNKS = 2;

/** Bytes a streamed body holds at most (its chunk buffers). */
export const FILE_BODY_BYTES = CHUNKS * FREE_CHUNK;

/** Where the chunk buffers come from and go back to (the part hasher's pool). */
export type ChunkPool = Pick<PartHasher, 'allocPart' | 'recycle'>;

/** What a file body reads and whom it tells. */
export interface FileBodySource {
  readonly fh: OpenFile;
  readonly path: string;
  /** Exactly this many bytes go: a file that grew is cut here. */
  readonly size: number;
  readonly limiter: BandwidthLimiter;
  /** Each chunk's length as it is handed to the socket (byte-accurate progress). */
  readonly onBytes: (n: number) => void;
  readonly signal?: AbortSignal;
  readonly pool: ChunkPool;
}

/**
 * A request body read from the open file while the request is written, for a PUT whose hashes
 * were computed in a pass before (single-put.ts). The HTTP handler pipes a Readable body into
 * the request; this one answers `pipe()` by writing the request itself, with a callback per
 * chunk, so its two chunk buffers are reused once the socket has taken them: a file in flight
 * holds 2 MiB whatever its size, and no garbage of fresh buffers grows the heap (read ahead
 * into new buffers, 8 MiB files in flight took peak RSS past 150 MB).
 * A file that got shorter, or a read error, destroys the request with the error naming the
 * file (the internal `file-changed` for a shorter file: the caller starts it over). Bytes that
 * changed in place no longer match the request's signed SHA-256, which S3 refuses
 * (XAmzContentSHA256Mismatch).
 * Read as a plain stream instead (no `pipe`), it reads into fresh buffers.
 */
export class FileBody extends Readable {
  private position = 0;
  private readonly chunkSize: number;

  constructor(private readonly src: FileBodySource) {
    super({ highWaterMark: src.limiter.limited ? LIMITED_CHUNK : FREE_CHUNK });
    this.chunkSize = src.limiter.limited ? LIMITED_CHUNK : FREE_CHUNK;
    // The request owns the outcome; an error here after it gave up must not go uncaught.
    this.on('error', () => undefined);
  }

  override pipe<T extends NodeJS.WritableStream>(dest: T): T {
    void this.writeTo(dest as unknown as Writable);
    return dest;
  }

  override _read(): void {
    const buf = Buffer.allocUnsafe(Math.min(this.chunkSize, this.src.size - this.position));
    this.nextChunk(buf).then(
      (chunk) => {
        if (chunk) this.src.onBytes(chunk.length);
        this.push(chunk);
      },
      (err: unknown) => this.destroy(err as Error),
    );
  }

  /** Reads the next chunk into `buf`; null at the end. */
  private async nextChunk(buf: Buffer): Promise<Buffer | null> {
    const { fh, path, size, limiter, signal } = this.src;
    if (this.position >= size) return null;
    const want = Math.min(buf.length, this.chunkSize, size - this.position);
    let bytesRead: number;
    try {
      ({ bytesRead } = await fh.read(buf, 0, want, this.position));
    } catch (err) {
      throw fileError(path, err);
    }
    if (bytesRead === 0) throw shorterError(path);
    this.position += bytesRead;
    if (limiter.limited) await limiter.take(bytesRead, signal);
    return buf.subarray(0, bytesRead);
  }

  private async writeTo(dest: Writable): Promise<void> {
    const { pool } = this.src;
    const free: Buffer[] = [];
    let wake: (() => void) | undefined;
    let ended = false;
    let closed = false;
    const onClose = () => {
      closed = true;
      wake?.();
    };
    dest.once('close', onClose);
    // A buffer comes back when the socket has taken its bytes; once the body is done (or the
    // request gone) it goes back to the pool, where the next file's body finds it.
    const written = (buf: Buffer) => () => {
      if (ended) pool.recycle(buf);
      else free.push(buf);
      wake?.();
    };
    const until = (ready: () => boolean) =>
      new Promise<void>((resolve) => {
        if (ready() || closed) return resolve();
        wake = () => {
          if (!ready() && !closed) return;
          wake = undefined;
          resolve();
        };
      });
    let made = 0;
    try {
      while (!closed) {
        if (free.length === 0 && made < CHUNKS) {
          free.push(pool.allocPart(this.chunkSize));
          made++;
        }
        await until(() => free.length > 0);
        if (closed) break;
        const buf = free.pop()!;
        const chunk = await this.nextChunk(buf);
        if (!chunk) {
          free.push(buf);
          break;
        }
        if (closed) break;
        this.src.onBytes(chunk.length);
        let drained = dest.write(chunk, written(buf));
        if (!drained) {
          const onDrain = () => {
            drained = true;
            wake?.();
          };
          dest.once('drain', onDrain);
          await until(() => drained);
          dest.off('drain', onDrain);
        }
      }
      if (!closed) dest.end();
    } catch (err) {
      dest.destroy(err as Error);
    } finally {
      ended = true;
      dest.off('close', onClose);
      for (const buf of free) pool.recycle(buf);
      free.length = 0;
    }
  }
}
