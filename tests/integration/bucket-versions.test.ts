import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { adminS3, freshBucket } from '../support/services';
import type { BucketBrowser } from '../../core/bucket';
import { browserFor, put } from './bucket-support';

describe('bucket core: listing, history, download', () => {
  let s3: S3Client;
  let bucket: string;
  let browser: BucketBrowser;
  let dir: string;

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('bucket-ver');
    browser = browserFor(bucket, {}, 'artists/alice/');
    dir = await mkdtemp(join(tmpdir(), 'copper-bucket-'));
  });
  afterAll(async () => {
    browser.close();
    s3.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists artworks under a prefix across pages and by folder', async () => {
    const keys = ['a.jpg', 'b.jpg', 'c.jpg', 'sub/d.jpg', 'sub/e.jpg'].map((k) => `artists/alice/${k}`);
    for (const k of keys) await put(s3, bucket, k, k);
    await put(s3, bucket, 'artists/bob/x.jpg', 'bob');

    const all: string[] = [];
    for await (const a of browser.listArtworks()) all.push(a.key);
    expect(all.sort()).toEqual([...keys].sort());

    // Small pages: the token chain must visit every key exactly once.
    const paged: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await browser.listArtworksPage({ pageSize: 2, pageToken: token });
      paged.push(...page.artworks.map((a) => a.key));
      token = page.nextToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(paged.sort()).toEqual([...keys].sort());

    const top = await browser.listArtworksPage({ delimiter: '/' });
    expect(top.folders).toEqual(['artists/alice/sub/']);
    expect(top.artworks.map((a) => a.key)).toEqual(keys.slice(0, 3));
    expect(top.artworks[0]!.size).toBe(keys[0]!.length);
  });

  it("lists a key's versions and delete markers newest first, with the uploader, ignoring longer keys", async () => {
    const key = 'artists/alice/history.jpg';
    const v1 = await put(s3, bucket, key, 'one', { 'uploaded-by': 'alice@example.com' });
    const v2 = await put(s3, bucket, key, 'second', { 'uploaded-by': 'staff@example.com' });
    const del = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    const v3 = await put(s3, bucket, key, 'third!');
    await put(s3, bucket, `${key}.bak`, 'not me');

    const history = await browser.listVersions(key);
    expect(history.map((v) => v.versionId)).toEqual([v3, del.VersionId, v2, v1]);
    expect(history.map((v) => v.isLatest)).toEqual([true, false, false, false]);
    expect(history.map((v) => v.isDeleteMarker)).toEqual([false, true, false, false]);
    expect(history.map((v) => v.size)).toEqual([6, 0, 6, 3]);
    expect(history.map((v) => v.uploadedBy)).toEqual([
      undefined,
      undefined,
      'staff@example.com',
      'alice@example.com',
    ]);
    expect(history.every((v) => v.key === key && !Number.isNaN(Date.parse(v.lastModified)))).toBe(true);

    const quick = await browser.listVersions(key, { withUploader: false });
    expect(quick.map((v) => v.uploadedBy)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('pages through a long history', async () => {
    const key = 'artists/alice/many.jpg';
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await put(s3, bucket, key, `v${i}`));
    await put(s3, bucket, `${key}x`, 'a longer key on the last page');
    // Pages of 2: the browser must follow NextKeyMarker/NextVersionIdMarker.
    const history = await browser.listVersions(key, { withUploader: false, pageSize: 2 });
    expect(history.map((v) => v.versionId)).toEqual([...ids].reverse());
  });

  it('an unknown key has an empty history', async () => {
    expect(await browser.listVersions('artists/alice/never.jpg')).toEqual([]);
  });

  it('downloads an old version byte for byte and leaves no partial file on failure', async () => {
    const key = 'artists/alice/dl.bin';
    const old = randomBytes(300_000);
    const v1 = await put(s3, bucket, key, old);
    await put(s3, bucket, key, randomBytes(1000));
    let progress = 0;
    const dest = join(dir, 'old.bin');
    const res = await browser.downloadVersion(key, dest, {
      versionId: v1,
      onProgress: (n) => {
        progress = n;
      },
    });
    expect(res).toMatchObject({ key, versionId: v1, bytes: old.length, path: dest });
    expect(progress).toBe(old.length);
    expect((await readFile(dest)).equals(old)).toBe(true);

    const current = await browser.downloadVersion(key, join(dir, 'cur.bin'));
    const fromS3 = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(
      (await readFile(join(dir, 'cur.bin'))).equals(Buffer.from(await fromS3.Body!.transformToByteArray())),
    ).toBe(true);
    expect(current.bytes).toBe(1000);

    await expect(
      browser.downloadVersion(key, join(dir, 'missing.bin'), { versionId: 'no-such-version-id' }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/not-found|version-not-found|s3-error/) });
    expect((await readdir(dir)).sort()).toEqual(['cur.bin', 'old.bin']);
  });

  it('lists deleted keys with the version an undo would bring back', async () => {
    const key = 'artists/alice/gone.jpg';
    const v1 = await put(s3, bucket, key, 'gone');
    const del = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    const deleted = await browser.listDeleted();
    const entry = deleted.find((d) => d.key === key);
    expect(entry).toMatchObject({
      key,
      deleteMarkerVersionId: del.VersionId,
      lastVersion: { versionId: v1, size: 4 },
    });
    // The earlier test deleted history.jpg but then re-uploaded it: it is not deleted now.
    expect(deleted.map((d) => d.key)).not.toContain('artists/alice/history.jpg');
  });
});
