import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3Client } from '@aws-sdk/client-s3';
import { BucketBrowser } from '../../core/bucket';
import { StaticCredentialProvider } from '../../core/credentials/provider';
import { createS3Client } from '../../core/s3/client-factory';
import { adminS3, freshBucket, testServices } from '../support/services';
import { answerProxy } from '../support/answer-proxy';
import { versionsOf } from '../support/upload-helpers';
import { put } from './bucket-support';

// Issue 9's CopyObject window: S3 made the restore's copy, its answer never came back, and the
// restore is asked again (the person clicks Restore once more). One copy, not two.
describe('a restore whose answer was lost', () => {
  let s3: S3Client;
  let bucket: string;

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('restore-retry');
  });
  afterAll(() => s3.destroy());

  it('asked again, finds its own copy instead of writing a second one', async () => {
    const key = 'artists/alice/dawn.jpg';
    const v1 = await put(s3, bucket, key, 'original bytes');
    const v2 = await put(s3, bucket, key, 'edited bytes');
    let drop = true;
    const proxy = await answerProxy(testServices().s3.endpoint, (req) =>
      drop && req.method === 'PUT' && req.headers['x-amz-copy-source'] ? 'drop' : 'pass',
    );
    const { s3: svc } = testServices();
    const target = { bucket, region: svc.region, endpoint: proxy.url, prefix: '' };
    const credentials = new StaticCredentialProvider(
      { accessKeyId: svc.accessKeyId, secretAccessKey: svc.secretAccessKey },
      target,
    );
    const browser = new BucketBrowser({
      client: createS3Client(target, credentials),
      target,
      credentials,
      ownsClient: true,
    });
    try {
      const lost = proxy.next();
      await expect(browser.restoreVersion(key, v1)).rejects.toThrow();
      await lost;
      // S3 did make the copy: three versions, the newest restored from v1.
      expect(await versionsOf(bucket, key)).toHaveLength(3);
      drop = false;
      const again = await browser.restoreVersion(key, v1);
      expect(again.restoredFrom).toBe(v1);
      const versions = await versionsOf(bucket, key);
      expect(versions).toHaveLength(3);
      expect([v1, v2]).not.toContain(again.versionId);
      expect(versions.map((v) => v.versionId)).toContain(again.versionId);
      // Restoring another version still copies.
      expect((await browser.restoreVersion(key, v2)).versionId).not.toBe(again.versionId);
      expect(await versionsOf(bucket, key)).toHaveLength(4);
    } finally {
      browser.close();
      await proxy.close();
    }
  });
});
