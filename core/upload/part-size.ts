/** S3's limits: at most 10,000 parts, 5 GiB per part, 5 TiB per object. */
export const MAX_PARTS = 10_000;
export const MAX_PART_SIZE = 5 * 1024 ** 3;
export const MAX_OBJECT_SIZE = 5 * 1024 ** 4;
const MiB = 1024 * 1024;

/**
 * The part size for a file: at least `minPartSize`, grown (in whole MiB) so that 10,000 parts
 * always cover the file. Throws for files over the 5 TiB object maximum.
 */
export function choosePartSize(fileSize: number, minPartSize: number): number {
  if (fileSize > MAX_OBJECT_SIZE)
    throw new RangeError(`${fileSize} bytes is over the 5 TiB S3 object maximum.`);
  const needed = Math.ceil(fileSize / MAX_PARTS);
  const size = Math.max(minPartSize, Math.ceil(needed / MiB) * MiB);
  return Math.min(size, MAX_PART_SIZE);
}

/** How many parts a file of `fileSize` has at `partSize` (an empty file still has one). */
export function partCount(fileSize: number, partSize: number): number {
  return Math.max(1, Math.ceil(fileSize / partSize));
}

/** Byte range [start, end) of part `n` (1-based). */
export function partRange(n: number, fileSize: number, partSize: number): { start: number; end: number } {
  const start = (n - 1) * partSize;
  return { start, end: Math.min(fileSize, start + partSize) };
}
