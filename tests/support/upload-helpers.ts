import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListMultipartUploadsCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { StaticCredentialProvider } from '../../core/credentials/provider';
import type { UploadOptions } from '../../core/upload/options';
import { adminS3, testServices } from './services';

const MiB = 1024 * 1024;

/**
 * Engine options for tests: the smallest parts Ceph accepts (5 MiB) so multipart logic runs
 * on small files, and short backoffs/timeouts so fault tests stay fast. Production defaults
 * are untouched.
 */
export const fastTestOptions: Partial<UploadOptions> = {
  partSizeMin: 5 * MiB,
  multipartThreshold: 5 * MiB,
  partConcurrency: 3,
  fileConcurrency: 3,
  retryBaseDelayMs: 20,
  retryMaxDelayMs: 300,
  requestTimeoutMs: 3_000,
  probeBaseDelayMs: 100,
  probeMaxDelayMs: 600,
};

/** The admin keys of the test RGW for `bucket`, optionally through another endpoint (a fault proxy). */
export function adminProvider(
  bucket: string,
  opts: { endpoint?: string; prefix?: string } = {},
): StaticCredentialProvider {
  const { s3 } = testServices();
  return new StaticCredentialProvider(
    { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    { bucket, region: s3.region, endpoint: opts.endpoint ?? s3.endpoint, prefix: opts.prefix ?? '' },
  );
}

/** Writes `size` random bytes to `dir/rel` (in 8 MiB steps, so big files stay cheap in memory). */
export async function makeFile(dir: string, rel: string, size: number): Promise<string> {
  const path = join(dir, rel);
  await mkdir(dirname(path), { recursive: true });
  const fh = await open(path, 'w');
  try {
    for (let pos = 0; pos < size;) {
      const n = Math.min(8 * MiB, size - pos);
      await fh.write(randomBytes(n), 0, n, pos);
      pos += n;
    }
  } finally {
    await fh.close();
  }
  return path;
}

/** sha256 of a local file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** sha256 of an object version on the test S3, streamed (a 1 GiB object is never held in memory). */
export async function sha256Object(bucket: string, key: string, versionId?: string): Promise<string> {
  const s3 = adminS3();
  try {
    const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    const h = createHash('sha256');
    for await (const chunk of res.Body as Readable) h.update(chunk as Buffer);
    return h.digest('hex');
  } finally {
    s3.destroy();
  }
}

/** The versions (not delete markers) of `key`. */
export async function versionsOf(
  bucket: string,
  key: string,
): Promise<{ versionId: string; size: number }[]> {
  const s3 = adminS3();
  try {
    const res = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
    return (res.Versions ?? [])
      .filter((v) => v.Key === key)
      .map((v) => ({ versionId: v.VersionId ?? '', size: v.Size ?? 0 }));
  } finally {
    s3.destroy();
  }
}

/** Incomplete multipart uploads in `bucket`. */
export async function multipartUploads(bucket: string): Promise<{ key: string; uploadId: string }[]> {
  const s3 = adminS3();
  try {
    const res = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    return (res.Uploads ?? []).map((u) => ({ key: u.Key ?? '', uploadId: u.UploadId ?? '' }));
  } finally {
    s3.destroy();
  }
}
