import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { adminS3, freshBucket } from '../support/services';
import type { BucketBrowser } from '../../core/bucket';
import { browserFor, put } from './bucket-support';

async function current(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<{ body: Buffer; versionId?: string }> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { body: Buffer.from(await out.Body!.transformToByteArray()), versionId: out.VersionId };
}

describe('bucket core: restore and undo delete', () => {
  let s3: S3Client;
  let bucket: string;
  let browser: BucketBrowser;

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('bucket-rst');
    // Multipart copy above 6 MiB in 5 MiB parts, so one test exercises UploadPartCopy cheaply.
    browser = browserFor(bucket, {
      restore: { singleCopyLimit: 6 * 1024 * 1024, copyPartSize: 5 * 1024 * 1024 },
    });
  });
  afterAll(() => {
    browser.close();
    s3.destroy();
  });

  it('restoring a version creates a new current version with the old bytes and keeps the history', async () => {
    const key = 'artists/alice/Café ünïcode +&?.jpg';
    const v1 = await put(s3, bucket, key, 'original bytes', { 'uploaded-by': 'alice' });
    const v2 = await put(s3, bucket, key, 'edited bytes', { 'uploaded-by': 'alice' });

    const result = await browser.restoreVersion(key, v1, { restoredBy: 'staff@example.com' });
    expect(result.key).toBe(key);
    expect(result.restoredFrom).toBe(v1);
    expect([v1, v2]).not.toContain(result.versionId);

    const now = await current(s3, bucket, key);
    expect(now.body.toString()).toBe('original bytes');
    expect(now.versionId).toBe(result.versionId);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentType).toBe('image/jpeg');
    expect(head.Metadata).toMatchObject({ 'uploaded-by': 'staff@example.com', 'restored-from': v1 });

    const history = await browser.listVersions(key);
    expect(history.map((v) => v.versionId)).toEqual([result.versionId, v2, v1]);
    expect(history[0]).toMatchObject({
      isLatest: true,
      restoredFrom: v1,
      uploadedBy: 'staff@example.com',
      size: 14,
    });
  });

  it('keeps the original uploader when no restorer is named', async () => {
    const key = 'artists/alice/keep.jpg';
    const v1 = await put(s3, bucket, key, 'a', { 'uploaded-by': 'alice' });
    await put(s3, bucket, key, 'b');
    await browser.restoreVersion(key, v1);
    const [latest] = await browser.listVersions(key);
    expect(latest).toMatchObject({ uploadedBy: 'alice', restoredFrom: v1 });
  });

  it('copies an object above the single-copy limit part by part, byte-identical, leaving no upload behind', async () => {
    const key = 'artists/alice/large.tif';
    const big = randomBytes(12 * 1024 * 1024 + 123);
    const v1 = await put(s3, bucket, key, big);
    await put(s3, bucket, key, 'small now');
    const result = await browser.restoreVersion(key, v1);
    const now = await current(s3, bucket, key);
    expect(now.versionId).toBe(result.versionId);
    expect(now.body.length).toBe(big.length);
    expect(now.body.equals(big)).toBe(true);
    const mpu = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(mpu.Uploads ?? []).toEqual([]);
  });

  it('undoes a delete by copying the newest real version; the marker stays in the history', async () => {
    const key = 'artists/alice/deleted.jpg';
    await put(s3, bucket, key, 'first');
    const v2 = await put(s3, bucket, key, 'second');
    const del = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).rejects.toThrow();

    const result = await browser.undoDelete(key);
    expect(result.restoredFrom).toBe(v2);
    const now = await current(s3, bucket, key);
    expect(now.body.toString()).toBe('second');
    const history = await browser.listVersions(key, { withUploader: false });
    expect(history.slice(0, 3).map((v) => [v.versionId, v.isDeleteMarker])).toEqual([
      [result.versionId, false],
      [del.VersionId, true],
      [v2, false],
    ]);

    await expect(browser.undoDelete(key)).rejects.toMatchObject({ code: 'not-deleted' });
  });

  it('refuses clearly: a delete marker, an unknown key, an unknown version', async () => {
    const key = 'artists/alice/marker.jpg';
    await put(s3, bucket, key, 'x');
    const del = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    await expect(browser.restoreVersion(key, del.VersionId!)).rejects.toMatchObject({
      code: 'is-delete-marker',
    });
    await expect(browser.undoDelete('artists/alice/nothing.jpg')).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(browser.restoreVersion(key, 'bogus-version')).rejects.toMatchObject({
      code: expect.stringMatching(/not-found|s3-error/),
    });
  });
});
