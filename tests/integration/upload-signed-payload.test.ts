import { createHash, randomBytes } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../core/s3/client-factory';
import { errorCode } from '../../core/s3/s3-errors';
import { sendPut } from '../../core/upload/fast-s3-request';
import { adminS3, freshBucket } from '../support/services';
import { adminProvider } from '../support/upload-helpers';

/**
 * A single PUT carries its SHA-256 as the signed payload hash instead of a Content-MD5: the
 * real S3 server must refuse bytes that do not match it, on Copper's own request path and on
 * the SDK's (used when the lean path cannot address the bucket).
 */
describe('PutObject checked by the signed SHA-256 of its body', () => {
  let bucket: string;
  beforeAll(async () => {
    bucket = await freshBucket('signed');
  });
  const client = () => {
    const provider = adminProvider(bucket);
    return provider.target().then((t) => createS3Client(t, provider));
  };
  const admin = adminS3();
  afterAll(() => admin.destroy());

  for (const fast of [true, false]) {
    const path = fast ? "Copper's lean request" : "the SDK's request";
    it(`stores the bytes whose SHA-256 was signed, and refuses others (${path})`, async () => {
      const s3 = await client();
      const body = randomBytes(100_000);
      const sha256 = createHash('sha256').update(body).digest('hex');
      const put = (key: string, bytes: Buffer) =>
        sendPut(
          s3,
          { bucket, key, body: bytes, contentLength: bytes.length, payloadSha256: sha256 },
          undefined,
          fast,
        );

      const stored = await put(`ok-${fast}`, body);
      expect(stored.ETag?.replace(/"/g, '')).toBe(createHash('md5').update(body).digest('hex'));
      const got = await admin.send(new GetObjectCommand({ Bucket: bucket, Key: `ok-${fast}` }));
      expect(
        createHash('sha256')
          .update(await got.Body!.transformToByteArray())
          .digest('hex'),
      ).toBe(sha256);

      const other = Buffer.from(body);
      other.writeUInt8(other.readUInt8(500) ^ 1, 500);
      const refused = await put(`bad-${fast}`, other).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(errorCode(refused)).toBe('XAmzContentSHA256Mismatch');
      s3.destroy();
    });
  }
});
