import type { UploadOptions } from './options';

/**
 * Concurrency that adapts to file size. The queue has `fileConcurrency × partConcurrency`
 * request slots; a multipart file takes `partConcurrency` of them (its parts in flight), a file
 * sent in one PUT takes one. So 4 large files run 4 × 4 parts, while a folder of small JPEG
 * proofs runs 16 PUTs at once: one PUT at a time per slot left the connection idle between
 * round trips (`npm run bench`, 1,000 × 32 KiB: 4 at a time was 2.4× slower than aws-cli's 10).
 */
export function slotsFor(size: number, options: UploadOptions): number {
  return size < options.multipartThreshold ? 1 : options.partConcurrency;
}

/** Every slot of the queue. */
export function slotCapacity(options: UploadOptions): number {
  return options.fileConcurrency * options.partConcurrency;
}
