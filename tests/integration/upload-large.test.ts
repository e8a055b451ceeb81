import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { adminS3 } from '../support/services';
import { makeFile, multipartUploads, sha256File, sha256Object, versionsOf } from '../support/upload-helpers';
import { runUploadChild } from '../support/child-queue';
import { useQueueFixture } from '../support/queue-fixture';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('a 1 GiB file', () => {
  const fx = useQueueFixture('large');

  it('uploads with memory flat in file size (measured in a child process), byte-identical, one version', async () => {
    const file = await makeFile(fx.dir, 'huge.tif', GiB);
    // Production part size (8 MiB) and concurrency: the memory bound is the real one.
    const { lines } = await runUploadChild(fx.child({ paths: [file] }));
    const summary = lines.findLast((l) => l.type === 'summary');
    if (!summary?.entries || summary.maxRss === undefined)
      throw new Error('the upload child wrote no summary');
    const [entry] = summary.entries;
    expect(entry).toMatchObject({ state: 'done', size: GiB });
    // Part buffers: 4 parts in flight × 8 MiB, whatever the file size. The whole process
    // (Node + tsx + the AWS SDK + SQLite) stays under the product's 250 MB bar — a quarter
    // of the file — which buffering the file, or leaking its parts, could not.
    console.info(`1 GiB upload: peak RSS ${(summary.maxRss / MiB).toFixed(0)} MiB`);
    expect(summary.maxRss).toBeLessThan(250 * 1000 * 1000);
    const versions = await versionsOf(fx.bucket, 'huge.tif');
    expect(versions).toEqual([{ versionId: entry!.versionId, size: GiB }]);
    expect(await sha256Object(fx.bucket, 'huge.tif', entry!.versionId)).toBe(await sha256File(file));
    expect(await multipartUploads(fx.bucket)).toEqual([]);
    // Give the memstore its RAM back.
    const admin = adminS3();
    await admin.send(
      new DeleteObjectCommand({ Bucket: fx.bucket, Key: 'huge.tif', VersionId: entry!.versionId }),
    );
    admin.destroy();
  }, 180_000);
});
