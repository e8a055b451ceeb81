import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { StaticCredentialProvider } from '../../core/credentials/provider';
import { BucketBrowser, type BucketBrowserDeps } from '../../core/bucket';
import { createS3Client } from '../../core/s3/client-factory';
import { testServices } from '../support/services';

/** A BucketBrowser on a test bucket with the RGW's static keys, through the production client factory. */
export function browserFor(
  bucket: string,
  extra: Partial<Omit<BucketBrowserDeps, 'client' | 'target' | 'credentials'>> = {},
  prefix = '',
): BucketBrowser {
  const { s3 } = testServices();
  const target = { bucket, region: s3.region, endpoint: s3.endpoint, prefix };
  const credentials = new StaticCredentialProvider(
    { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    target,
  );
  return new BucketBrowser({
    ...extra,
    client: createS3Client(target, credentials),
    target,
    credentials,
    ownsClient: true,
  });
}

/** Puts bytes under a key and returns the new VersionId. */
export async function put(
  s3: S3Client,
  bucket: string,
  key: string,
  body: string | Buffer,
  metadata?: Record<string, string>,
): Promise<string> {
  const out = await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: 'image/jpeg',
      ...(metadata ? { Metadata: metadata } : {}),
    }),
  );
  if (!out.VersionId) throw new Error(`no VersionId for ${key}`);
  return out.VersionId;
}
