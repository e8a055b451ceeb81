// One catalog contender in its own process (sharp's settings are process-wide, and GNU time
// measures the whole process): `copper` scans the folder with the CatalogService; `sharp` is
// the bare loop the bar is set by — header + 256 px WebP thumbnail per file, one after another,
// with sharp's defaults. Writes { thumbnails, seconds, firstThumbnailMs } as JSON to OUT.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { CatalogService } from '../core/catalog/catalog-service';

async function viaCopper(dir: string): Promise<{ thumbnails: number; firstThumbnailMs: number }> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'copper-bench-thumbs-'));
  const catalog = new CatalogService({ cacheDir });
  const start = performance.now();
  let firstThumbnailMs = NaN;
  let thumbnails = 0;
  const off = catalog.subscribe((c) => {
    if (c.type !== 'items') return;
    for (const item of c.items) {
      if (item.thumbnail === null) continue;
      thumbnails++;
      if (Number.isNaN(firstThumbnailMs)) firstThumbnailMs = performance.now() - start;
    }
  });
  try {
    const { counts } = await catalog.scan([dir]).done;
    if (counts.failed > 0) throw new Error(`${counts.failed} images failed to catalogue`);
  } finally {
    off();
    await catalog.dispose();
    await rm(cacheDir, { recursive: true, force: true });
  }
  return { thumbnails, firstThumbnailMs };
}

async function bareSharp(dir: string): Promise<{ thumbnails: number; firstThumbnailMs: number }> {
  const start = performance.now();
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  let firstThumbnailMs = NaN;
  for (const path of files) {
    await sharp(path).metadata();
    await sharp(path, { sequentialRead: true })
      .rotate()
      .resize(256, 256, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80, effort: 2 })
      .toBuffer();
    if (Number.isNaN(firstThumbnailMs)) firstThumbnailMs = performance.now() - start;
  }
  return { thumbnails: files.length, firstThumbnailMs };
}

const [mode, dir, out] = process.argv.slice(2);
if ((mode !== 'copper' && mode !== 'sharp') || !dir || !out) {
  console.error('usage: catalog-child.ts copper|sharp DIR OUT');
  process.exit(2);
}
const start = performance.now();
const r = mode === 'copper' ? await viaCopper(dir) : await bareSharp(dir);
await writeFile(out, JSON.stringify({ ...r, seconds: (performance.now() - start) / 1000 }));
