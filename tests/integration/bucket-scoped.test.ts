import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { S3Client } from '@aws-sdk/client-s3';
import { adminS3, freshBucket, testServices } from '../support/services';
import { BucketBrowser } from '../../core/bucket';
import { StaticCredentialProvider } from '../../core/credentials/provider';
import { createS3Client } from '../../core/s3/client-factory';
import { put } from './bucket-support';

/** A browser whose credential comes from STS AssumeRole with an inline session policy (enforced by RGW). */
async function scopedBrowser(bucket: string, statements: object[]): Promise<BucketBrowser> {
  const { s3 } = testServices();
  const sts = new STSClient({
    endpoint: s3.endpoint,
    region: s3.region,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: s3.roleArn,
      RoleSessionName: 'bucket-scoped-test',
      DurationSeconds: 900,
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    }),
  );
  sts.destroy();
  const c = out.Credentials!;
  const target = { bucket, region: s3.region, endpoint: s3.endpoint, prefix: 'artists/ann/' };
  const credentials = new StaticCredentialProvider(
    {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
      expiration: c.Expiration,
    },
    target,
  );
  return new BucketBrowser({
    client: createS3Client(target, credentials),
    target,
    credentials,
    ownsClient: true,
  });
}

describe('bucket core with a scoped (STS) credential', () => {
  let s3: S3Client;
  let bucket: string;
  let v1: string;

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('bucket-scp');
    v1 = await put(s3, bucket, 'artists/ann/a.jpg', 'ann', { 'uploaded-by': 'ann' });
    await put(s3, bucket, 'artists/bob/b.jpg', 'bob');
  });
  afterAll(() => s3.destroy());

  it('S3 enforces the scope: own prefix listed and read, another prefix access-denied in words', async () => {
    const browser = await scopedBrowser(bucket, [
      {
        Effect: 'Allow',
        Action: ['s3:ListBucket', 's3:ListBucketVersions'],
        Resource: [`arn:aws:s3:::${bucket}`],
        Condition: { StringLike: { 's3:prefix': ['artists/ann/*'] } },
      },
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: [`arn:aws:s3:::${bucket}/artists/ann/*`],
      },
    ]);
    try {
      expect((await browser.listArtworksPage()).artworks.map((a) => a.key)).toEqual(['artists/ann/a.jpg']);
      expect(await browser.listVersions('artists/ann/a.jpg')).toEqual([
        expect.objectContaining({ versionId: v1, uploadedBy: 'ann' }),
      ]);
      await expect(browser.listVersions('artists/bob/b.jpg')).rejects.toMatchObject({
        code: 'access-denied',
        message: expect.stringContaining('artists/bob/b.jpg'),
      });
      await expect(browser.listArtworksPage({ prefix: 'artists/' })).rejects.toMatchObject({
        code: 'access-denied',
      });
    } finally {
      browser.close();
    }
  });

  it('a scope that may list but not read still shows the history, without uploaders', async () => {
    const browser = await scopedBrowser(bucket, [
      {
        Effect: 'Allow',
        Action: ['s3:ListBucket', 's3:ListBucketVersions'],
        Resource: [`arn:aws:s3:::${bucket}`],
      },
    ]);
    try {
      const history = await browser.listVersions('artists/ann/a.jpg');
      expect(history).toEqual([expect.objectContaining({ versionId: v1, size: 3 })]);
      expect(history[0]!.uploadedBy).toBeUndefined();
    } finally {
      browser.close();
    }
  });

  it('a link signed with a temporary credential expires with it, and says so', async () => {
    const browser = await scopedBrowser(bucket, [
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: [`arn:aws:s3:::${bucket}/artists/ann/*`],
      },
    ]);
    try {
      const link = await browser.shareLink('artists/ann/a.jpg', { expiresInSeconds: 7 * 86400 });
      // The STS session lasts 15 minutes: the link's real end is then, not in 7 days.
      expect(Date.parse(link.expiresAt)).toBeLessThanOrEqual(Date.now() + 900_000);
      expect(await (await fetch(link.url)).text()).toBe('ann');
    } finally {
      browser.close();
    }
  });
});
