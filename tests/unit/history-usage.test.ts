import { describe, expect, it } from 'vitest';
import { UsageTally, artistOf, type VersionsPage } from '../../core/bucket/storage-usage';
import { DEFAULT_STORAGE_PRICES, storagePrices } from '../../core/bucket/storage-prices';
import { UsageCache } from '../../core/history/usage-cache';
import { storageUsageSchema } from '../../shared/ipc/usage-schemas';
import type { StorageUsage } from '../../shared/models/usage';

const GB = 1024 ** 3;
const at = new Date('2026-01-02T03:04:05.000Z');

// Two pages as ListObjectVersions gives them: ada's a.tif has three versions in three classes,
// b.jpg is deleted (its latest entry a marker); bea's c.psd has an older version in a class the
// table does not know (priced as STANDARD) and an old marker; a key with an escape sequence.
const pages: VersionsPage[] = [
  {
    Versions: [
      { Key: 'artists/ada/a.tif', VersionId: 'a3', IsLatest: true, Size: 2 * GB, StorageClass: 'STANDARD' },
      { Key: 'artists/ada/a.tif', VersionId: 'a2', IsLatest: false, Size: GB, StorageClass: 'STANDARD' },
      { Key: 'artists/ada/a.tif', VersionId: 'a1', IsLatest: false, Size: GB, StorageClass: 'GLACIER_IR' },
      {
        Key: 'artists/ada/b.jpg',
        VersionId: 'b1',
        IsLatest: false,
        Size: GB / 2,
        StorageClass: 'STANDARD_IA',
      },
    ],
    DeleteMarkers: [{ Key: 'artists/ada/b.jpg', VersionId: 'bm', IsLatest: true }],
  },
  {
    Versions: [
      { Key: 'artists/bea/\u001b[31mred.tif', VersionId: 'r1', IsLatest: true, Size: 100 },
      {
        Key: 'artists/bea/c.psd',
        VersionId: 'c2',
        IsLatest: true,
        Size: 3 * GB,
        StorageClass: 'DEEP_ARCHIVE',
      },
      { Key: 'artists/bea/c.psd', VersionId: 'c1', IsLatest: false, Size: GB, StorageClass: 'WEIRD' },
      { VersionId: 'no-key', IsLatest: true, Size: 5 * GB },
    ],
    DeleteMarkers: [{ Key: 'artists/bea/c.psd', VersionId: 'cm', IsLatest: false }],
  },
];

function tally(): StorageUsage {
  const t = new UsageTally(DEFAULT_STORAGE_PRICES);
  for (const p of pages) t.addPage(p);
  return t.result('artists/', at);
}

describe('storage usage from ListObjectVersions pages', () => {
  it('totals current and older bytes, versions and markers per artist and artwork', () => {
    const u = tally();
    expect(storageUsageSchema.parse(u)).toEqual(u);
    expect(u.total).toMatchObject({
      currentBytes: 5 * GB + 100,
      olderBytes: 3.5 * GB,
      versions: 7,
      deleteMarkers: 2,
    });
    const [ada, bea] = u.artists;
    expect(ada).toMatchObject({
      name: 'ada',
      currentBytes: 2 * GB,
      olderBytes: 2.5 * GB,
      versions: 4,
      deleteMarkers: 1,
    });
    expect(bea).toMatchObject({
      name: 'bea',
      currentBytes: 3 * GB + 100,
      olderBytes: GB,
      versions: 3,
      deleteMarkers: 1,
    });
    expect(u.artworkCount).toBe(4);
    expect(u.artworks.map((a) => [a.name, a.currentBytes, a.olderBytes, a.versions, a.deleted])).toEqual([
      ['artists/ada/a.tif', 2 * GB, 2 * GB, 3, false],
      ['artists/bea/c.psd', 3 * GB, GB, 2, false],
      ['artists/ada/b.jpg', 0, GB / 2, 1, true],
      ['artists/bea/\ufffd[31mred.tif', 100, 0, 1, false],
    ]);
    expect(u.computedAt).toBe(at.toISOString());
    expect(u.cached).toBe(false);
  });

  it('prices each version by its storage class (unknown classes as STANDARD)', () => {
    const u = tally();
    // ada: 2+1 GB STANDARD, 1 GB GLACIER_IR, 0.5 GB STANDARD_IA; bea: 3 GB DEEP_ARCHIVE, 1 GB "WEIRD", 100 bytes.
    expect(u.artists[0]!.monthlyCost).toBeCloseTo(3 * 0.023 + 0.004 + 0.5 * 0.0125, 6);
    expect(u.artists[1]!.monthlyCost).toBeCloseTo(3 * 0.00099 + 0.023, 6);
    expect(u.total.monthlyCost).toBeCloseTo(0.07925 + 0.02597, 6);
    expect(u.byClass.map((c) => [c.storageClass, c.currentBytes, c.olderBytes, c.pricePerGbMonth])).toEqual([
      ['DEEP_ARCHIVE', 3 * GB, 0, 0.00099],
      ['GLACIER_IR', 0, GB, 0.004],
      ['STANDARD', 2 * GB + 100, GB, 0.023],
      ['STANDARD_IA', 0, GB / 2, 0.0125],
      ['WEIRD', 0, GB, 0.023],
    ]);
  });

  it('names the artist after artists/', () => {
    expect(artistOf('artists/ada/2024/x.tif')).toBe('ada');
    expect(artistOf('other/x.tif')).toBe('other');
    expect(artistOf('loose.tif')).toBe('');
  });
});

describe('the price table', () => {
  it('keeps the list prices and takes overrides from COPPER_STORAGE_PRICES', () => {
    expect(storagePrices({})).toBe(DEFAULT_STORAGE_PRICES);
    const p = storagePrices({ COPPER_STORAGE_PRICES: '{"STANDARD":0.02,"NEW_CLASS":0.5}' });
    expect(p).toMatchObject({ STANDARD: 0.02, NEW_CLASS: 0.5, DEEP_ARCHIVE: 0.00099 });
    const t = new UsageTally(p);
    t.addPage({ Versions: [{ Key: 'artists/x/y', IsLatest: true, Size: 10 * GB }] });
    expect(t.result('artists/', at).total.monthlyCost).toBeCloseTo(0.2, 6);
  });

  it.each([
    ['not json', /COPPER_STORAGE_PRICES.*not JSON/],
    ['[1]', /COPPER_STORAGE_PRICES/],
    ['{"STANDARD":-1}', /COPPER_STORAGE_PRICES.*at STANDARD/],
    ['{"standard":0.1}', /COPPER_STORAGE_PRICES.*upper case/],
    ['{"STANDARD":"0.1"}', /COPPER_STORAGE_PRICES.*at STANDARD/],
  ])('refuses %s with an error naming the variable', (raw, message) => {
    expect(() => storagePrices({ COPPER_STORAGE_PRICES: raw })).toThrow(message);
  });
});

describe('the usage cache', () => {
  it('reuses an answer for a few minutes, recomputes on refresh or after, and keeps no failure', async () => {
    let now = 0;
    let walks = 0;
    const cache = new UsageCache(60_000, () => now);
    const compute = () => Promise.resolve({ ...tally(), total: { ...tally().total, versions: ++walks } });
    expect((await cache.get('p/', false, compute)).total.versions).toBe(1);
    const again = await cache.get('p/', false, compute);
    expect([again.total.versions, again.cached]).toEqual([1, true]);
    expect((await cache.get('q/', false, compute)).total.versions).toBe(2);
    expect((await cache.get('p/', true, compute)).total.versions).toBe(3);
    now = 60_001;
    expect((await cache.get('p/', false, compute)).total.versions).toBe(4);
    await expect(cache.get('p/', true, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect((await cache.get('p/', false, compute)).total.versions).toBe(5);
  });
});

describe('copper usage', () => {
  it('prints artists with a total, the largest artworks and the prices, with no escape sequence', async () => {
    const { usageReport } = await import('../../hosts/cli/commands/usage');
    const text = usageReport(tally());
    expect(text).toContain('Storage under artists/ at 2026-01-02T03:04:05.000Z');
    expect(text).toMatch(/^ada\s+2\.1 GB\s+2\.7 GB\s+4\s+1\s+\$0\.08$/m);
    expect(text).toMatch(/^TOTAL\s+5\.4 GB\s+3\.8 GB\s+7\s+2\s+\$0\.11$/m);
    expect(text).toMatch(/^artists\/ada\/b\.jpg \(deleted\)\s+0 bytes\s+537 MB\s+1\s+1\s+\$0\.01$/m);
    expect(text).toContain('DEEP_ARCHIVE $0.00099/GB-month');
    expect(text).not.toContain('\u001b');
  });
});
