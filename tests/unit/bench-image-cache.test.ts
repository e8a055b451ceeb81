import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheKey, cachedPictures, imageCacheRoot } from '../../bench/catalog-images';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('bench image cache', () => {
  it('keys the cache by every parameter that shapes a picture', () => {
    const a = cacheKey({ kind: 'jpeg', width: 6000, height: 4000 });
    expect(a).toMatch(/^jpeg-6000x4000-v\d+$/);
    expect(cacheKey({ kind: 'tiff16', width: 6000, height: 4000 })).not.toBe(a);
    expect(cacheKey({ kind: 'jpeg', width: 4000, height: 6000 })).not.toBe(a);
    expect(imageCacheRoot({ BENCH_IMAGE_CACHE: '/x/y' })).toBe('/x/y');
    expect(imageCacheRoot({})).toBe(join(tmpdir(), 'copper-bench-images'));
  });

  it('generates only the pictures the cache lacks, and never keeps a stale partial file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bench-image-cache-'));
    dirs.push(root);
    const spec = { kind: 'jpeg', width: 64, height: 48 } as const;
    const first = await cachedPictures(spec, 2, root);
    expect(first.generated).toBe(2);
    await writeFile(join(root, cacheKey(spec), 'picture-0009.jpg.1.partial'), 'half');
    const again = await cachedPictures(spec, 3, root);
    expect(again.generated).toBe(1);
    expect(again.paths.slice(0, 2)).toEqual(first.paths);
    expect((await readdir(join(root, cacheKey(spec)))).sort()).toEqual([
      'picture-0000.jpg',
      'picture-0001.jpg',
      'picture-0002.jpg',
    ]);
  });
});
