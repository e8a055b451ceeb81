import { Readable } from 'node:stream';
import type { BandwidthLimiter } from './bandwidth';

const CHUNK = 64 * 1024;

/**
 * A request body over an in-memory part, handed out in 64 KiB chunks so progress is
 * byte-accurate (counted as the HTTP request pulls them) and the bandwidth limit applies.
 * `onBytes` gets each chunk's length as it leaves.
 */
export function partBody(
  data: Buffer,
  limiter: BandwidthLimiter,
  onBytes: (n: number) => void,
  signal?: AbortSignal,
): Readable {
  let offset = 0;
  const stream = new Readable({
    highWaterMark: CHUNK,
    read() {
      if (offset >= data.length) {
        this.push(null);
        return;
      }
      const chunk = data.subarray(offset, Math.min(data.length, offset + CHUNK));
      offset += chunk.length;
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
