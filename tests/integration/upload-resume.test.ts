import { readFile, stat } from 'node:fs/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { QueueRepository } from '../../core/db/queue-repository';
import { adminS3 } from '../support/services';
import { makeFile, multipartUploads, sha256File, sha256Object, versionsOf } from '../support/upload-helpers';
import { useQueueFixture } from '../support/queue-fixture';

const MiB = 1024 * 1024;

describe('resuming against what S3 says', () => {
  const fx = useQueueFixture('resume');

  it('starts a file over, cleanly, when its multipart upload was aborted behind its back', async () => {
    const file = await makeFile(fx.dir, 'f.bin', 16 * MiB);
    const queue = fx.queue({
      options: { partConcurrency: 1, bandwidthLimit: 20 * MiB },
    });
    const { added } = await queue.add([file]);
    const firstPart = new Promise<void>((resolve) => {
      const off = queue.on('part', (p) => {
        if (p.phase === 'done') {
          off();
          resolve();
        }
      });
    });
    queue.start();
    await firstPart;
    queue.pause();
    const [upload] = await multipartUploads(fx.bucket);
    const admin = adminS3();
    await admin.send(
      new AbortMultipartUploadCommand({ Bucket: fx.bucket, Key: upload!.key, UploadId: upload!.uploadId }),
    );
    admin.destroy();
    queue.resume(added[0]!.id);
    await queue.waitForIdle();
    expect(queue.list()[0], JSON.stringify(queue.list()[0])).toMatchObject({
      state: 'done',
      reason: 'uploaded',
    });
    expect(await versionsOf(fx.bucket, 'f.bin')).toHaveLength(1);
    expect(await sha256Object(fx.bucket, 'f.bin')).toBe(await sha256File(file));
    expect(await multipartUploads(fx.bucket)).toEqual([]);
  });

  it('after a crash between CompleteMultipartUpload and recording it, recognises the object and writes no second version', async () => {
    const file = await makeFile(fx.dir, 'c.bin', 11 * MiB);
    const st = await stat(file);
    const data = await readFile(file);
    const repo = new QueueRepository(fx.db);
    const row = repo.insert({
      path: file,
      bucket: fx.bucket,
      key: 'c.bin',
      size: st.size,
      mtimeMs: st.mtimeMs,
      state: { state: 'uploading' },
    });
    // What the engine had done when the process died: plan stored, parts sent, Complete answered.
    const admin = adminS3();
    const { UploadId } = await admin.send(
      new CreateMultipartUploadCommand({ Bucket: fx.bucket, Key: 'c.bin' }),
    );
    repo.setPlan(row.id, {
      uploadId: UploadId!,
      partSize: 5 * MiB,
      size: st.size,
      mtimeMs: st.mtimeMs,
      bucket: fx.bucket,
      key: 'c.bin',
    });
    const parts = [];
    for (let n = 1; n * 5 * MiB < st.size + 5 * MiB; n++) {
      const body = data.subarray((n - 1) * 5 * MiB, Math.min(st.size, n * 5 * MiB));
      const { ETag } = await admin.send(
        new UploadPartCommand({
          Bucket: fx.bucket,
          Key: 'c.bin',
          UploadId,
          PartNumber: n,
          Body: body,
          ContentLength: body.length,
        }),
      );
      parts.push({ PartNumber: n, ETag });
    }
    const done = await admin.send(
      new CompleteMultipartUploadCommand({
        Bucket: fx.bucket,
        Key: 'c.bin',
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    admin.destroy();

    const queue = fx.queue();
    let attempts = 0;
    queue.on('part', (p) => {
      if (p.phase === 'attempt') attempts++;
    });
    queue.start();
    await queue.waitForIdle();
    expect(queue.list()[0], JSON.stringify(queue.list()[0])).toMatchObject({
      state: 'done',
      reason: 'uploaded',
      versionId: done.VersionId,
    });
    expect(attempts).toBe(0);
    expect(await versionsOf(fx.bucket, 'c.bin')).toHaveLength(1);
    expect(repo.ownUploads()).toEqual([]);
  });
});
