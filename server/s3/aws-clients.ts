import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import type { S3Config } from '../config';

/**
 * The API's S3 client with the gallery's keys. Checksums only when required: the SDK's
 * default trailing CRC32 is refused by Ceph and other S3-compatible stores.
 */
export function createGalleryS3(s3: S3Config): S3Client {
  return new S3Client({
    region: s3.region,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    ...(s3.endpoint ? { endpoint: s3.endpoint, forcePathStyle: true } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

/** STS with the gallery's keys: AWS's regional endpoint, or the S3-compatible store's own. */
export function createGallerySts(s3: S3Config): STSClient {
  return new STSClient({
    region: s3.region,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
    maxAttempts: 3,
  });
}
