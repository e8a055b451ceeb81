import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { AppContext } from '../../core/app-context';
import { until } from './app-calls';

/**
 * Makes `folder` with one generated JPEG (`name`) and a text file, scans it through the
 * catalog's `catalog.scan` call and resolves once `catalog.done` arrived: the thumbnail cache
 * then holds that image's thumbnail and metadata (two files).
 */
export async function scanImageFolder(ctx: AppContext, folder: string, name: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'notes.txt'), 'not an image: no thumbnail');
  await sharp({ create: { width: 300, height: 200, channels: 3, background: '#2e86c1' } })
    .jpeg()
    .toFile(join(folder, name));
  let done = false;
  const off = ctx.hub.subscribe((event) => {
    if (event === 'catalog.done') done = true;
  });
  try {
    await ctx.handlers['catalog.scan']({ paths: [folder] });
    await until(() => done, 'catalog.done', 30_000);
  } finally {
    off();
  }
}
