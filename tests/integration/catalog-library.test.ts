import { mkdtempSync, rmSync, unlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../core/catalog/catalog-service';
import { CatalogRepository } from '../../core/db/catalog-repository';
import { openDatabase } from '../../core/db/database';
import { makeCatalogFixtures, type CatalogFixtures } from './catalog-fixtures';

let dir: string;
let fx: CatalogFixtures;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'copper-library-'));
  fx = await makeCatalogFixtures(join(dir, 'in'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A catalog over the profile database in `data`, as the app builds it; `close` is a core shutdown. */
function open(data: string) {
  const db = openDatabase(data);
  const catalog = new CatalogService({
    cacheDir: join(data, 'thumbnails'),
    repository: new CatalogRepository(db),
    concurrency: 2,
  });
  return {
    catalog,
    async close() {
      await catalog.dispose();
      db.close();
    },
  };
}

describe('the Library in SQLite', () => {
  it('survives a core restart, is one source per folder, and rescans only what changed', async () => {
    const data = join(dir, 'profile');
    const first = open(data);
    await first.catalog.scan([fx.root]).done;
    // Added again, also spelled with a trailing slash: still one source.
    await first.catalog.scan([fx.root, `${fx.root}/`]).done;
    expect(first.catalog.sources()).toHaveLength(1);
    const before = new Map(first.catalog.list().map((i) => [i.path, i]));
    expect(before.size).toBe(9);
    expect(first.catalog.decoded).toBe(7); // the second scan decoded nothing
    await first.close();

    const second = open(data);
    // Everything at once, before any scan: states, metadata and thumbnail references intact.
    const listed = new Map(second.catalog.list().map((i) => [i.path, i]));
    expect(listed).toEqual(before);
    expect(second.catalog.sources().map((s) => s.path)).toEqual([fx.root]);
    expect(listed.get(fx.empty)).toMatchObject({ state: 'failed', error: { code: 'catalog.empty' } });
    expect(await second.catalog.readThumbnail(listed.get(fx.plainJpeg)!.thumbnail!)).not.toBeNull();

    // One file changes (new content, new mtime), one is deleted: the rescan reads only the first.
    await sharp({ create: { width: 64, height: 32, channels: 3, background: '#123456' } })
      .jpeg()
      .toFile(fx.plainJpeg);
    utimesSync(fx.plainJpeg, new Date(), new Date(Date.now() + 5000));
    unlinkSync(fx.notes);
    const { counts } = await second.catalog.scan([fx.root]).done;
    expect(second.catalog.decoded).toBe(1);
    expect(counts).toMatchObject({ found: 8 });
    const after = new Map(second.catalog.list().map((i) => [i.path, i]));
    expect(after.get(fx.plainJpeg)!.image).toMatchObject({ width: 64, height: 32 });
    expect(after.has(fx.notes)).toBe(false);
    await second.close();

    const third = open(data);
    expect(third.catalog.list().some((i) => i.path === fx.notes)).toBe(false);
    expect(third.catalog.removeSource(third.catalog.sources()[0]!.id)).toBe(true);
    expect(third.catalog.list()).toHaveLength(0);
    await third.close();
  });
});
