import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminS3, freshBucket, testServices } from '../support/services';
import type { AppContext } from '../../core/app-context';
import { testAppContext } from '../support/app-calls';
import { DEFAULT_STORAGE_PRICES } from '../../core/bucket';
import { StaticCredentialProvider } from '../../core/credentials/provider';
import { HistoryService } from '../../core/history';
import { storageUsageSchema } from '../../shared/ipc/usage-schemas';
import type { StorageUsage } from '../../shared/models/usage';
import { browserFor, put } from './bucket-support';
import { startTestApi, type TestApi } from './identity-api';
import { closeSessionTest, testAccount } from '../support/test-accounts';

// Storage at a glance on the real RGW: versions written with the admin keys under two artists,
// then `history.usage` on the staff's and an artist's scoped credentials from the real API.

const run = randomBytes(4).toString('hex');
const staff = testAccount('staff', 'Grace', run);
const ada = testAccount('artist', 'Ada', run);
const bea = testAccount('artist', 'Bea', run);

const bytes = (n: number, fill = 'x') => Buffer.alloc(n, fill);

describe('history.usage', () => {
  let api: TestApi;
  let s3: S3Client;
  let bucket: string;
  let dataDir: string;
  let context: AppContext;
  const adaRoot = `artists/${ada.artistId}/`;
  const beaRoot = `artists/${bea.artistId}/`;

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('history-u');
    api = await startTestApi({ services: testServices(), bucket, logs: [] });
    for (const u of [staff, ada, bea]) await api.createUser(u);
    dataDir = mkdtempSync(join(tmpdir(), 'copper-history-usage-'));
    context = testAppContext(dataDir, { keychainService: `Copper-usage-${run}` });
    await context.ready;
    // Ada: a.tif in two versions (1000 then 2500 bytes), b.jpg (700 bytes) then deleted.
    await put(s3, bucket, `${adaRoot}a.tif`, bytes(1000));
    await put(s3, bucket, `${adaRoot}a.tif`, bytes(2500));
    await put(s3, bucket, `${adaRoot}b.jpg`, bytes(700));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${adaRoot}b.jpg` }));
    // Bea: c.psd once (4000 bytes), series/d.png three times (10, 20, 30 bytes).
    await put(s3, bucket, `${beaRoot}c.psd`, bytes(4000));
    for (const n of [10, 20, 30]) await put(s3, bucket, `${beaRoot}series/d.png`, bytes(n));
  });
  afterAll(async () => {
    await closeSessionTest({ context, api, s3, dataDir });
  });

  const row = (rows: StorageUsage['artists'], name: string) => rows.find((r) => r.name === name);

  it('staff see both artists with the bytes written, cached until refreshed', async () => {
    await context.handlers['account.sign-in']({
      apiUrl: api.url,
      email: staff.email,
      password: staff.password,
    });
    const u = await context.handlers['history.usage']({});
    expect(storageUsageSchema.parse(u)).toEqual(u);
    expect(u.prefix).toBe('artists/');
    expect(u.total).toMatchObject({ currentBytes: 2500 + 4000 + 30, olderBytes: 1000 + 700 + 10 + 20 });
    expect(u.total).toMatchObject({ versions: 7, deleteMarkers: 1 });
    expect(u.artists.map((a) => a.name).sort()).toEqual([ada.artistId, bea.artistId].sort());
    expect(row(u.artists, ada.artistId!)).toMatchObject({
      currentBytes: 2500,
      olderBytes: 1700,
      versions: 3,
    });
    expect(row(u.artists, bea.artistId!)).toMatchObject({ currentBytes: 4030, olderBytes: 30, versions: 4 });
    expect(row(u.artworks, `${adaRoot}b.jpg`)).toMatchObject({
      currentBytes: 0,
      olderBytes: 700,
      deleteMarkers: 1,
      deleted: true,
    });
    expect(row(u.artworks, `${beaRoot}series/d.png`)).toMatchObject({ currentBytes: 30, versions: 3 });
    expect(u.artworkCount).toBe(4);
    expect(u.byClass).toEqual([
      expect.objectContaining({ storageClass: 'STANDARD', currentBytes: 6530, olderBytes: 1730 }),
    ]);
    expect(u.cached).toBe(false);

    // A new version: the cached answer stays until the person refreshes.
    await put(s3, bucket, `${beaRoot}c.psd`, bytes(5000));
    const again = await context.handlers['history.usage']({});
    expect([again.cached, again.total.currentBytes]).toEqual([true, 6530]);
    const fresh = await context.handlers['history.usage']({ refresh: true });
    expect([fresh.cached, fresh.total.currentBytes, fresh.total.olderBytes]).toEqual([false, 7530, 5730]);

    const one = await context.handlers['history.usage']({ prefix: adaRoot });
    expect(one.artists.map((a) => a.name)).toEqual([ada.artistId]);
    expect(one.total).toMatchObject({ currentBytes: 2500, olderBytes: 1700 });
    await context.handlers['account.sign-out']({});
  });

  it("an artist's credential sees only their own figures; the rest is refused before S3 is asked", async () => {
    await context.handlers['account.sign-in']({ apiUrl: api.url, email: ada.email, password: ada.password });
    const own = await context.handlers['history.usage']({});
    expect(own.prefix).toBe(adaRoot);
    expect(own.artists.map((a) => [a.name, a.currentBytes, a.olderBytes])).toEqual([
      [ada.artistId, 2500, 1700],
    ]);
    await expect(context.handlers['history.usage']({ prefix: 'artists/' })).rejects.toMatchObject({
      code: 'history.outside-own-folder',
    });
    await expect(context.handlers['history.usage']({ prefix: beaRoot })).rejects.toMatchObject({
      code: 'history.outside-own-folder',
    });
    await context.handlers['account.sign-out']({});
  });

  it('adds up the same across many small pages, and a bad price table is named', async () => {
    const browser = browserFor(bucket);
    try {
      const whole = await browser.storageUsage('artists/', DEFAULT_STORAGE_PRICES);
      const paged = await browser.storageUsage('artists/', DEFAULT_STORAGE_PRICES, 2);
      expect({ ...paged, computedAt: '' }).toEqual({ ...whole, computedAt: '' });
      expect(whole.total.versions).toBe(8);
    } finally {
      browser.close();
    }
    const { s3: cfg } = testServices();
    const target = { bucket, region: cfg.region, endpoint: cfg.endpoint, prefix: 'artists/' };
    const credentials = new StaticCredentialProvider(
      { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey },
      target,
    );
    const service = new HistoryService({
      credentials,
      downloadsDir: dataDir,
      env: { COPPER_STORAGE_PRICES: '{"STANDARD":"cheap"}' },
    });
    try {
      await expect(service.usage()).rejects.toMatchObject({
        code: 'config.storage-prices',
        message: expect.stringContaining('COPPER_STORAGE_PRICES'),
      });
    } finally {
      service.dispose();
    }
  });
});
