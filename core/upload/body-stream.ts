import { Readable } from 'node:stream';
import type { BandwidthLimiter } from './bandwidth';

/** Chunk size under a bandwidth limit: small, so the limit holds over short windows. */
const LIMITED_CHUNK = 64 * 1024;
/** Chunk size without a limit: few enough chunks per 8 MiB part that the stream costs little. */
const FREE_CHUNK = 512 * 1024;
/** Bodies up to this size go as the Buffer itself when no limit applies (one socket write). */
const WHOLE_BODY = 1024 * 1024;

/**
 * A request body over an in-memory part. `onBytes` gets each chunk's length as the HTTP
 * request pulls it, so progress is byte-accurate. Under a bandwidth limit the chunks are
 * 64 KiB and each waits for the limiter. Without one (the common case) nothing waits: a small
 * body is the Buffer itself (counted as handed over) and a large one a stream of 512 KiB
 * chunks pushed synchronously — `npm run bench` showed the promise per 64 KiB chunk costing
 * CPU on every part for a limit that was not set.
 */
export function partBody(
  data: Buffer,
  limiter: BandwidthLimiter,
  onBytes: (n: number) => void,
  signal?: AbortSignal,
): Readable | Buffer {
  if (!limiter.limited && data.length <= WHOLE_BODY) {
    onBytes(data.length);
    return data;
  }
  const chunkSize = limiter.limited ? LIMITED_CHUNK : FREE_CHUNK;
  let offset = 0;
  const next = (): Buffer | null => {
    if (offset >= data.length) return null;
    const chunk = data.subarray(offset, Math.min(data.length, offset + chunkSize));
    offset += chunk.length;
    return chunk;
  };
  const stream = new Readable({
    highWaterMark: chunkSize,
    read() {
      const chunk = next();
      if (!chunk) {
        this.push(null);
        return;
      }
      if (!limiter.limited) {
        onBytes(chunk.length);
        this.push(chunk);
        return;
      }
      limiter.take(chunk.length, signal).then(
        () => {
          onBytes(chunk.length);
          this.push(chunk);
        },
        (err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))),
      );
    },
  });
  // The request owns the outcome (it rejects on failure); once it has given up on the body,
  // a late error here (our abort, the limiter) must not become an uncaught exception.
  stream.on('error', () => undefined);
  return stream;
}
