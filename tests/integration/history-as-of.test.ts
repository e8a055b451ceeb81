import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { adminS3, freshBucket } from '../support/services';
import type { BucketBrowser } from '../../core/bucket';
import type { AsOfEntry } from '../../shared/models/history';
import { browserFor, put } from './bucket-support';

// "As of" on the real RGW: a folder exactly as it was at a moment between two versions and
// around delete markers, paged, and restoring the folder to that moment makes exactly the
// expected new versions (server-side copies), deleting nothing.

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
// RGW stamps versions to the millisecond, but keep the moments well apart from the writes.
const GAP = 1100;

describe('a folder as of a moment', () => {
  let s3: S3Client;
  let bucket: string;
  let browser: BucketBrowser;
  const folder = 'artists/ada/series/';
  const v: Record<string, string> = {};
  let before: Date;
  let between: Date;
  let after: Date;

  async function body(key: string): Promise<string> {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return out.Body!.transformToString();
  }
  async function all(
    at: Date,
    pageSize?: number,
  ): Promise<{ entries: AsOfEntry[]; folders: string[]; pages: number }> {
    const entries: AsOfEntry[] = [];
    const folders: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await browser.listAsOf(folder, at, {
        ...(token ? { pageToken: token } : {}),
        ...(pageSize ? { pageSize } : {}),
      });
      entries.push(...page.entries);
      folders.push(...page.folders);
      token = page.nextToken;
      pages++;
    } while (token);
    return { entries, folders, pages };
  }
  const summary = (entries: AsOfEntry[]) =>
    Object.fromEntries(
      entries.map((e) => [e.key.slice(folder.length), [e.state, e.then?.versionId ?? null, e.differs]]),
    );

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('history-asof');
    browser = browserFor(bucket);
    before = new Date(Date.now() - 60_000);
    v.a1 = await put(s3, bucket, `${folder}a.tif`, 'a one');
    v.b1 = await put(s3, bucket, `${folder}b.tif`, 'b one');
    v.d1 = await put(s3, bucket, `${folder}d.tif`, 'd one');
    v.e1 = await put(s3, bucket, `${folder}e.tif`, 'e one');
    await put(s3, bucket, `${folder}sub/x.tif`, 'in a sub-folder');
    const eMarker = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${folder}e.tif` }));
    v.eMarker = eMarker.VersionId!;
    await pause(GAP);
    between = new Date();
    await pause(GAP);
    v.a2 = await put(s3, bucket, `${folder}a.tif`, 'a two');
    const bMarker = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${folder}b.tif` }));
    v.bMarker = bMarker.VersionId!;
    v.c1 = await put(s3, bucket, `${folder}c.tif`, 'c one');
    v.e2 = await put(s3, bucket, `${folder}e.tif`, 'e back again');
    await pause(GAP);
    after = new Date();
  });
  afterAll(() => {
    browser?.close();
    s3?.destroy();
  });

  it('is exact between two versions and around delete markers', async () => {
    const then = await all(between);
    expect(summary(then.entries)).toEqual({
      'a.tif': ['version', v.a1, true],
      'b.tif': ['version', v.b1, true],
      'c.tif': ['absent', null, true],
      'd.tif': ['version', v.d1, false],
      'e.tif': ['deleted', v.eMarker, true],
    });
    expect(then.folders).toEqual([`${folder}sub/`]);
    expect(then.entries.find((e) => e.key.endsWith('b.tif'))!.now).toMatchObject({
      versionId: v.bMarker,
      isDeleteMarker: true,
    });

    expect(summary((await all(after)).entries)).toEqual({
      'a.tif': ['version', v.a2, false],
      'b.tif': ['deleted', v.bMarker, false],
      'c.tif': ['version', v.c1, false],
      'd.tif': ['version', v.d1, false],
      'e.tif': ['version', v.e2, false],
    });
    expect(summary((await all(before)).entries)).toEqual({
      'a.tif': ['absent', null, true],
      'b.tif': ['absent', null, false],
      'c.tif': ['absent', null, true],
      'd.tif': ['absent', null, true],
      'e.tif': ['absent', null, true],
    });
  });

  it('pages never split a key: small pages give the same answer', { timeout: 30_000 }, async () => {
    const whole = await all(between);
    const paged = await all(between, 2);
    expect(paged.pages).toBeGreaterThan(2);
    expect(summary(paged.entries)).toEqual(summary(whole.entries));
    expect(paged.folders).toEqual([`${folder}sub/`]);
  });

  it('restoring the folder to that moment makes exactly the expected new versions, deleting nothing', async () => {
    const result = await browser.restoreFolderAsOf(folder, between, { restoredBy: 'grace@example.com' });
    expect(result.restored.map((r) => [r.key.slice(folder.length), r.restoredFrom]).sort()).toEqual([
      ['a.tif', v.a1],
      ['b.tif', v.b1],
    ]);
    expect(result.unchanged).toBe(1);
    expect(result.keptNewer.map((k) => k.slice(folder.length)).sort()).toEqual(['c.tif', 'e.tif']);
    expect(await body(`${folder}a.tif`)).toBe('a one');
    expect(await body(`${folder}b.tif`)).toBe('b one');
    expect(await body(`${folder}c.tif`)).toBe('c one');
    // History kept: a has v1, v2 and the restored copy; b its marker between.
    expect((await browser.listVersions(`${folder}a.tif`, { withUploader: false })).length).toBe(3);
    expect(
      (await browser.listVersions(`${folder}b.tif`, { withUploader: false })).map((x) => x.isDeleteMarker),
    ).toEqual([false, true, false]);
    expect((await browser.listVersions(`${folder}d.tif`, { withUploader: false })).length).toBe(1);
    // Restoring again to the same moment writes nothing more for what now matches.
    const again = await browser.restoreFolderAsOf(folder, between);
    expect(again.restored).toEqual([]);
    expect(again.unchanged).toBe(3);
  });
});
