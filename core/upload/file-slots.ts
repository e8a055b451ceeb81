import type { UploadOptions } from './options';

/** Files under this size are read whole into memory and sent as one buffer (single-put.ts). */
export const BUFFERED_PUT_BYTES = 1024 * 1024;

/**
 * Concurrency that adapts to file size, counted in half slots. The queue has
 * `fileConcurrency × partConcurrency` request slots; a multipart file takes `partConcurrency`
 * of them (its parts in flight), a file streamed in one PUT takes one, and a file under a MiB,
 * sent from memory, takes half of one. So 4 large files run 4 × 4 parts, 16 files of a few MiB
 * stream at once, and a folder of small JPEG proofs runs 32 PUTs at once. One PUT at a time
 * per slot left the connection idle between round trips (`npm run bench`, 1,000 × 32 KiB: 4 at
 * a time was 2.4× slower than aws-cli's 10); 32 instead of 16 small PUTs (five alternated
 * rounds on Ceph RGW, 2026-12-03): 1,000 × 32 KiB median 5.57 s instead of 6.11, 1,000 ×
 * 256 KiB 6.27 s instead of 6.42 — the server commits more writes together — for ~5 MB RSS.
 */
export function slotsFor(size: number, options: UploadOptions): number {
  if (size >= options.multipartThreshold) return 2 * options.partConcurrency;
  return size < BUFFERED_PUT_BYTES ? 1 : 2;
}

/** Every half slot of the queue: also the most requests it has in flight at once. */
export function slotCapacity(options: UploadOptions): number {
  return 2 * options.fileConcurrency * options.partConcurrency;
}
