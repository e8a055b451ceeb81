// The chaos run's corpus: seeded sizes and names, random bytes, hashes (tests/chaos/chaos.ts).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** A small seeded PRNG (mulberry32): the same seed gives the same schedule. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sizes across the engine's single-PUT/multipart boundary (16 MiB by default), zero-byte included. */
export function pickSize(r: () => number): number {
  const x = r();
  if (x < 0.05) return 0;
  if (x < 0.7) return Math.floor(r() * 256 * KiB) + 1;
  if (x < 0.9) return Math.floor(r() * 4 * MiB) + 256 * KiB;
  return 16 * MiB + Math.floor((r() - 0.5) * 2 * MiB); // either side of the multipart threshold
}

export const oddNames = [
  'Café',
  'Cafe\u0301 nfd',
  'ñandú',
  '日本語',
  'emoji 🎨',
  'space  two',
  'ümlaut',
  'a+b=c',
  '#hash',
];

export async function writeRandom(path: string, size: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, size === 0 ? Buffer.alloc(0) : randomBytes(size));
}

export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(join(e.parentPath, e.name));
  }
  return out.sort();
}

export async function sha256Of(stream: Readable | Buffer): Promise<string> {
  const h = createHash('sha256');
  if (Buffer.isBuffer(stream)) return h.update(stream).digest('hex');
  for await (const c of stream) h.update(c as Buffer);
  return h.digest('hex');
}
