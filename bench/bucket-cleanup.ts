import { DeleteBucketCommand, DeleteObjectsCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { adminS3 } from '../tests/support/services';

/**
 * Deletes every version in a bench bucket, then the bucket: the full run writes more than
 * the test RGW's 32 GiB store holds, so each run's objects go (RGW's GC frees them in ~1 min).
 */
export async function dropBucket(bucket: string): Promise<void> {
  const s3 = adminS3();
  try {
    for (;;) {
      const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000 }));
      const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({
        Key: v.Key!,
        VersionId: v.VersionId,
      }));
      if (objects.length === 0) break;
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  } finally {
    s3.destroy();
  }
}
