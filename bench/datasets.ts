import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { randomFillSync } from 'node:crypto';

/** One shape of upload the product must be fast at. */
export interface Dataset {
  readonly name: string;
  readonly dir: string;
  readonly files: number;
  readonly bytes: number;
}

const BLOCK = 8 << 20;

/**
 * Writes `size` incompressible bytes. With `fresh` every block is new random data; without,
 * one random block is repeated with its first bytes changed per block (still incompressible to
 * every tool, and far cheaper on a shared machine for the 10 GiB memory line).
 */
export async function writeRandomFile(path: string, size: number, fresh = true): Promise<void> {
  const fh = await open(path, 'w');
  const chunk = Buffer.allocUnsafe(Math.min(size, BLOCK) || 1);
  randomFillSync(chunk);
  try {
    for (let done = 0, i = 0; done < size; i++) {
      const n = Math.min(chunk.length, size - done);
      if (fresh) randomFillSync(chunk, 0, n);
      else chunk.writeUInt32BE(i, 0);
      await fh.write(chunk, 0, n);
      done += n;
    }
  } finally {
    await fh.close();
  }
}

/** Writes `count` random files of `size` bytes under root/name/ (incompressible, so no tool gains from compression). */
export async function makeDataset(root: string, name: string, count: number, size: number): Promise<Dataset> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `batch-${String(Math.floor(i / 500)).padStart(2, '0')}`);
    await mkdir(sub, { recursive: true });
    await writeRandomFile(join(sub, `artwork-${String(i).padStart(5, '0')}.tif`), size);
  }
  return { name, dir, files: count, bytes: count * size };
}
