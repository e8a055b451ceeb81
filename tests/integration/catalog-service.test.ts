import { mkdtempSync, rmSync, statSync } from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogService, type CatalogChange } from '../../core/catalog/catalog-service';
import type { CatalogFs } from '../../core/catalog/catalog-walk';
import type { CatalogItem } from '../../shared/models/catalog';
import { makeCatalogFixtures, type CatalogFixtures } from './catalog-fixtures';

let dir: string;
let fx: CatalogFixtures;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'copper-catalog-'));
  fx = await makeCatalogFixtures(join(dir, 'in'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function byPath(items: readonly CatalogItem[]): Map<string, CatalogItem> {
  return new Map(items.map((i) => [i.path, i]));
}

describe('CatalogService', () => {
  it('reads every image, explains every bad file, and loses none', async () => {
    const catalog = new CatalogService({ cacheDir: join(dir, 'cache-a'), concurrency: 2 });
    const seen: CatalogChange[] = [];
    catalog.subscribe((c) => seen.push(c));
    const scan = catalog.scan([fx.root]);
    const { counts, cancelled } = await scan.done;
    expect(cancelled).toBe(false);
    const items = byPath(catalog.list());
    // 9 files; .DS_Store is hidden and the link back up the tree is a loop: both skipped, not listed.
    expect([...items.keys()].sort()).toEqual(
      [
        fx.plainJpeg,
        fx.p3Jpeg,
        fx.cmykTiff,
        fx.alphaPng,
        fx.tiff16,
        fx.corruptTiff,
        fx.textTif,
        fx.empty,
        fx.notes,
      ].sort(),
    );
    expect(counts).toMatchObject({ found: 9, ready: 5, failed: 3, skipped: 2, cached: 0 });

    const plain = items.get(fx.plainJpeg)!;
    expect(plain).toMatchObject({ kind: 'image', state: 'ready', error: null, thumbnail: plain.id });
    expect(plain.image).toMatchObject({
      width: 640,
      height: 480,
      format: 'jpeg',
      space: 'srgb',
      profile: null,
      hasAlpha: false,
      bitDepth: 8,
    });

    expect(items.get(fx.p3Jpeg)!.image).toMatchObject({
      width: 300,
      height: 600,
      profile: expect.stringMatching(/\S/),
    });
    expect(items.get(fx.cmykTiff)!.image).toMatchObject({
      format: 'tiff',
      space: 'cmyk',
      profile: expect.stringMatching(/\S/),
    });
    expect(items.get(fx.alphaPng)!.image).toMatchObject({ format: 'png', hasAlpha: true });
    expect(items.get(fx.tiff16)!.image).toMatchObject({
      width: 320,
      height: 240,
      format: 'tiff',
      bitDepth: 16,
    });

    // The thumbnail is a real WebP in the cache, long edge 256 (never enlarged).
    const thumb = await catalog.readThumbnail(items.get(fx.p3Jpeg)!.thumbnail!);
    expect(await sharp(thumb!).metadata()).toMatchObject({ format: 'webp', width: 128, height: 256 });
    const small = await catalog.readThumbnail(items.get(fx.alphaPng)!.thumbnail!);
    expect(await sharp(small!).metadata()).toMatchObject({ width: 200, height: 200 });

    const corrupt = items.get(fx.corruptTiff)!;
    expect(corrupt).toMatchObject({
      kind: 'image',
      state: 'failed',
      thumbnail: null,
      error: { code: 'catalog.corrupt' },
    });
    expect(corrupt.error!.message).toContain('broken.tif');
    expect(corrupt.error!.message).toMatch(/damaged or truncated/);
    const text = items.get(fx.textTif)!;
    expect(text).toMatchObject({ kind: 'not-image', state: 'failed', error: { code: 'catalog.not-image' } });
    expect(text.error!.message).toContain('readme-named.tif');
    expect(items.get(fx.empty)).toMatchObject({ state: 'failed', error: { code: 'catalog.empty' } });
    expect(items.get(fx.empty)!.error!.message).toContain('empty.jpg');
    expect(items.get(fx.notes)).toMatchObject({ kind: 'not-image', state: 'ready', error: null });

    // Every file was reported as found before it was read, and the scan ended with `done`.
    const first = new Map<string, string>();
    for (const c of seen)
      if (c.type === 'items') for (const i of c.items) if (!first.has(i.path)) first.set(i.path, i.state);
    expect(first.get(fx.plainJpeg)).toBe('pending');
    expect(seen.at(-1)).toMatchObject({ type: 'done', scanId: scan.scanId, cancelled: false });
    await catalog.dispose();
  });

  it('rescans from the cache without decoding anything, and re-reads a changed file', async () => {
    const cacheDir = join(dir, 'cache-b');
    const first = new CatalogService({ cacheDir, concurrency: 2 });
    await first.scan([fx.root]).done;
    const decodedFirst = first.decoded;
    expect(decodedFirst).toBeGreaterThanOrEqual(5);
    const before = first.list().find((i) => i.path === fx.plainJpeg)!;
    const thumbFile = join(cacheDir, `${before.id}.webp`);
    const mtime = statSync(thumbFile).mtimeMs;
    await first.dispose();

    // A new service (a relaunch) over the same cache.
    const second = new CatalogService({ cacheDir, concurrency: 2 });
    const { counts } = await second.scan([fx.root]).done;
    expect(counts.cached).toBe(5);
    expect(second.decoded).toBe(2); // only the two broken images are tried again
    const again = second.list().find((i) => i.path === fx.plainJpeg)!;
    expect(again).toEqual(before);
    expect(statSync(thumbFile).mtimeMs).toBe(mtime);

    await sharp({ create: { width: 100, height: 50, channels: 3, background: '#123456' } })
      .jpeg()
      .toFile(fx.plainJpeg);
    await second.scan([fx.plainJpeg]).done;
    const changed = second.list().find((i) => i.path === fx.plainJpeg)!;
    expect(changed.id).not.toBe(before.id);
    expect(changed.image).toMatchObject({ width: 100, height: 50 });
    await second.dispose();
  });

  it('says which file cannot be read (permission denied) and carries on', async (ctx) => {
    // Root reads any file whatever its mode, so chmod 000 proves nothing here: the file system is
    // given a real EACCES for one path instead, exactly as Node reports it for a non-root user.
    const denied: CatalogFs = {
      ...nodeFs,
      open: (async (path: Parameters<typeof nodeFs.open>[0], ...rest: unknown[]) => {
        if (String(path) === fx.alphaPng)
          throw Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), {
            code: 'EACCES',
          });
        return (nodeFs.open as (...a: unknown[]) => ReturnType<typeof nodeFs.open>)(path, ...rest);
      }) as typeof nodeFs.open,
    };
    if (process.getuid?.() !== 0)
      ctx.annotate?.('not root: the injected EACCES stands in for chmod 000 all the same');
    const catalog = new CatalogService({ cacheDir: join(dir, 'cache-c'), concurrency: 1, fs: denied });
    const { counts } = await catalog.scan([fx.root]).done;
    const item = catalog.list().find((i) => i.path === fx.alphaPng)!;
    expect(item).toMatchObject({
      kind: 'unreadable',
      state: 'failed',
      error: { code: 'catalog.unreadable' },
    });
    expect(item.error!.message).toContain('cut-out.png');
    expect(item.error!.message).toContain('permission denied');
    expect(counts.ready).toBeGreaterThanOrEqual(4);
    await catalog.dispose();
  });

  it('cancels: reading stops, what was read stays, done says cancelled', async () => {
    const many = join(dir, 'many');
    await nodeFs.mkdir(many, { recursive: true });
    for (let i = 0; i < 40; i++) {
      await sharp({
        create: { width: 400, height: 300, channels: 3, background: { r: i * 5, g: 80, b: 120 } },
      })
        .png()
        .toFile(join(many, `img-${String(i).padStart(2, '0')}.png`));
    }
    const catalog = new CatalogService({ cacheDir: join(dir, 'cache-d'), concurrency: 1 });
    const scan = catalog.scan([many]);
    let readyCount = 0;
    catalog.subscribe((c) => {
      if (c.type !== 'items') return;
      for (const i of c.items)
        if (i.state === 'ready' && ++readyCount === 3) expect(catalog.cancel(scan.scanId)).toBe(true);
    });
    const { cancelled, counts } = await scan.done;
    expect(cancelled).toBe(true);
    expect(counts.ready).toBeGreaterThanOrEqual(3);
    expect(counts.ready).toBeLessThan(40);
    expect(catalog.decoded).toBe(counts.ready);
    expect(catalog.cancel(scan.scanId)).toBe(false);
    await catalog.dispose();
  });

  it('never serves a file outside the cache, whatever the id', async () => {
    const catalog = new CatalogService({ cacheDir: join(dir, 'cache-a') });
    for (const id of ['../in/Portfolio/plain.jpg', '/etc/passwd', 'a'.repeat(39), `${'a'.repeat(40)}/../x`]) {
      expect(await catalog.readThumbnail(id)).toBeNull();
    }
    await catalog.dispose();
  });
});
