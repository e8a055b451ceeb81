import { join } from 'node:path';
import {
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionPolicy } from '../../server/s3/session-policy';
import { StaticCredentialProvider, type BucketTarget } from '../../core/credentials/provider';
import { createS3Client } from '../../core/s3/client-factory';
import { QueueRepository } from '../../core/db/queue-repository';
import type { SweepResult } from '../../core/upload/startup-sweep';
import { adminS3, assumeTestRole, testServices } from '../support/services';
import {
  adminProvider,
  makeFile,
  multipartUploads,
  sha256File,
  sha256Object,
} from '../support/upload-helpers';
import { useQueueFixture } from '../support/queue-fixture';
import { browserFor } from './bucket-support';

const MiB = 1024 * 1024;

/** The credential the Copper API hands an artist: STS AssumeRole with the production session policy. */
async function artistProvider(
  bucket: string,
  artistId: string,
  uploadedBy: string,
): Promise<StaticCredentialProvider> {
  const { s3 } = testServices();
  const c = await assumeTestRole(s3.roleArn, `artist-${artistId}`, sessionPolicy(bucket, 'artist', artistId));
  const target: BucketTarget = {
    bucket,
    region: s3.region,
    endpoint: s3.endpoint,
    prefix: `artists/${artistId}/`,
    role: 'artist',
    uploadedBy,
  };
  return new StaticCredentialProvider(
    {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
      expiration: c.Expiration,
    },
    target,
  );
}

describe("who uploaded it, and the startup sweep with an artist's scoped credential", () => {
  const fx = useQueueFixture('scoped');
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('records the uploader on single-PUT and multipart uploads; the History reads it back, non-ASCII included', async () => {
    const small = await makeFile(fx.dir, 'Spring/small.jpg', 2000);
    const large = await makeFile(fx.dir, 'Spring/large.tif', 6 * MiB);
    const provider = adminProvider(fx.bucket, { prefix: 'artists/zoe/' });
    const target = { ...(await provider.target()), uploadedBy: 'Zoë Ñúñez <zoë@galería.example>' };
    let queue = fx.queue({ credentials: new StaticCredentialProvider(await provider.get(), target) });
    await queue.add([join(fx.dir, 'Spring')]);
    queue.start();
    await queue.waitForIdle();
    expect(queue.list().map((e) => e.state)).toEqual(['done', 'done']);

    const admin = adminS3();
    try {
      const head = await admin.send(
        new HeadObjectCommand({ Bucket: fx.bucket, Key: 'artists/zoe/Spring/large.tif' }),
      );
      // On the wire the value is ASCII (an RFC 2047 word), whatever the name.
      expect(head.Metadata?.['uploaded-by']).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    } finally {
      admin.destroy();
    }
    const browser = browserFor(fx.bucket);
    try {
      for (const key of ['artists/zoe/Spring/small.jpg', 'artists/zoe/Spring/large.tif']) {
        const [v] = await browser.listVersions(key);
        expect(v, key).toMatchObject({ isLatest: true, uploadedBy: 'Zoë Ñúñez <zoë@galería.example>' });
      }
    } finally {
      browser.close();
    }
    expect(await sha256Object(fx.bucket, 'artists/zoe/Spring/large.tif')).toBe(await sha256File(large));
    expect(await sha256Object(fx.bucket, 'artists/zoe/Spring/small.jpg')).toBe(await sha256File(small));

    // The queue's own `uploadedBy` wins over the target's.
    await queue.close();
    const again = await makeFile(fx.dir, 'Summer/a.jpg', 100);
    queue = fx.queue({ uploadedBy: 'ingest@gallery.test' });
    await queue.add([again]);
    queue.start();
    await queue.waitForIdle();
    const browser2 = browserFor(fx.bucket);
    try {
      expect((await browser2.listVersions('a.jpg'))[0]).toMatchObject({ uploadedBy: 'ingest@gallery.test' });
    } finally {
      browser2.close();
    }
  });

  it('an artist may not list multipart uploads: the sweep says so quietly and still aborts the uploads this profile recorded and no longer tracks', async () => {
    const errors = vi.spyOn(console, 'error');
    const warnings = vi.spyOn(console, 'warn');
    const credentials = await artistProvider(fx.bucket, 'ann', 'ann@gallery.test');
    // A stale upload this profile started (recorded, no entry references it): the sweep's job.
    const scoped = createS3Client(await credentials.target(), credentials);
    const stale = await scoped.send(
      new CreateMultipartUploadCommand({ Bucket: fx.bucket, Key: 'artists/ann/old.tif' }),
    );
    scoped.destroy();
    const repo = new QueueRepository(fx.db);
    repo.insert({
      path: join(fx.dir, 'old.tif'),
      bucket: fx.bucket,
      key: 'artists/ann/old.tif',
      size: 1,
      mtimeMs: 0,
      state: { state: 'done', reason: 'uploaded' },
    });
    repo.setPlan(repo.all()[0]!.id, {
      uploadId: stale.UploadId!,
      partSize: 5 * MiB,
      size: 1,
      mtimeMs: 0,
      bucket: fx.bucket,
      key: 'artists/ann/old.tif',
    });
    repo.clearPlan(repo.all()[0]!.id);
    // And one somebody else started under the same prefix: not ours, left alone.
    const admin = adminS3();
    const foreign = await admin.send(
      new CreateMultipartUploadCommand({ Bucket: fx.bucket, Key: 'artists/ann/other-tool.tif' }),
    );
    // The credential really is refused the listing.
    const check = createS3Client(await credentials.target(), credentials);
    await expect(
      check.send(new ListMultipartUploadsCommand({ Bucket: fx.bucket, Prefix: 'artists/ann/' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    check.destroy();

    const file = await makeFile(fx.dir, 'Winter/snow.tif', 6 * MiB);
    const queue = fx.queue({ credentials });
    const sweeps: SweepResult[] = [];
    const problems: string[] = [];
    queue.on('sweep', (s) => sweeps.push(s));
    queue.on('error', (e) => problems.push(e.message));
    await queue.add([file]);
    queue.start();
    await queue.waitForIdle();

    expect(
      queue.list().find((e) => e.key === 'artists/ann/snow.tif'),
      JSON.stringify(queue.list()),
    ).toMatchObject({ state: 'done' });
    expect(sweeps).toEqual([
      {
        aborted: [{ key: 'artists/ann/old.tif', uploadId: stale.UploadId }],
        remaining: 0,
        listing: 'denied',
      },
    ]);
    expect(problems).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    expect(warnings).not.toHaveBeenCalled();
    expect(await multipartUploads(fx.bucket)).toEqual([
      { key: 'artists/ann/other-tool.tif', uploadId: foreign.UploadId },
    ]);
    const browser = browserFor(fx.bucket);
    try {
      expect((await browser.listVersions('artists/ann/snow.tif'))[0]).toMatchObject({
        uploadedBy: 'ann@gallery.test',
      });
    } finally {
      browser.close();
      admin.destroy();
    }
  });
});
