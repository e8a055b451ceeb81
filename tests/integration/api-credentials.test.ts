import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  S3Client,
  PutObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  ListMultipartUploadsCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  ListPartsCommand,
  AbortMultipartUploadCommand,
  CopyObjectCommand,
  DeleteObjectCommand,
} from '@aws-sdk/client-s3';
import { adminS3, testServices } from '../support/services';
import { startTestApi, type TestApi } from './api-harness';
import { UserStore } from '../../server/auth/users';

// Credentials minted by the API are used against the real RGW: S3 itself must enforce the
// session policy (AccessDenied), not the API.

interface Issued {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
  bucket: string;
  region: string;
  endpoint: string | null;
  prefix: string;
  role: string;
}

function clientFor(c: Issued, sessionToken = c.sessionToken): S3Client {
  return new S3Client({
    endpoint: c.endpoint ?? undefined,
    region: c.region,
    forcePathStyle: true,
    credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
}

/**
 * How S3 refused the request: its error name and HTTP status (undefined when it answered
 * nothing, e.g. a timeout). An expired STS credential is `ExpiredToken` on AWS and
 * `AccessDenied` on Ceph, both 403: anything else (a timeout, a 5xx) is not "expired".
 */
async function refusal(p: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await p;
    return { name: 'allowed' };
  } catch (err) {
    return {
      name: (err as Error).name,
      status: (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode,
    };
  }
}

const expiredRefusal = { name: expect.stringMatching(/^(ExpiredToken|AccessDenied)$/), status: 403 };

async function denied(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'allowed';
  } catch (err) {
    return (err as Error).name;
  }
}

describe('Copper API scoped credentials', () => {
  let t: TestApi;
  let aliceToken: string;
  let staffToken: string;
  const PW = 'a long enough password';
  const admin = adminS3();

  beforeAll(async () => {
    t = await startTestApi();
    await t.addUser('alice@example.com', PW, 'artist', 'alice', 'Alice');
    await t.addUser('bob@example.com', PW, 'artist', 'bob', 'Bob');
    await t.addUser('staff@example.com', PW, 'staff', null, 'Staff');
    aliceToken = await t.signIn('alice@example.com', PW);
    staffToken = await t.signIn('staff@example.com', PW);
    await admin.send(new PutObjectCommand({ Bucket: t.bucket, Key: 'artists/bob/sea.tif', Body: 'bob v1' }));
    await admin.send(new PutObjectCommand({ Bucket: t.bucket, Key: 'artists/bob/sea.tif', Body: 'bob v2' }));
    await admin.send(new PutObjectCommand({ Bucket: t.bucket, Key: 'root.txt', Body: 'root' }));
  });
  afterAll(async () => {
    admin.destroy();
    await t?.close();
  });

  it('needs a session', async () => {
    const r = await t.call('POST', '/v1/credentials', { body: {} });
    expect(r.status).toBe(401);
  });

  it('lets alice write, read and list only under artists/alice/ — S3 refuses the rest', async () => {
    const r = await t.call('POST', '/v1/credentials', { token: aliceToken, body: {} });
    expect(r.status).toBe(200);
    const c = r.body as Issued;
    expect(c).toMatchObject({
      bucket: t.bucket,
      region: t.config.s3.region,
      endpoint: testServices().s3.endpoint,
      prefix: 'artists/alice/',
      role: 'artist',
    });
    expect(c.accessKeyId).not.toBe(testServices().s3.accessKeyId);
    const left = Date.parse(c.expiration) - Date.now();
    expect(left).toBeGreaterThan(800_000);
    expect(left).toBeLessThanOrEqual(900_000 + 5000);

    const s3 = clientFor(c);
    const put = await s3.send(
      new PutObjectCommand({ Bucket: t.bucket, Key: 'artists/alice/dawn.jpg', Body: 'alice art' }),
    );
    expect(put.VersionId).toBeTruthy();
    const got = await s3.send(
      new GetObjectCommand({ Bucket: t.bucket, Key: 'artists/alice/dawn.jpg', VersionId: put.VersionId }),
    );
    expect(await got.Body!.transformToString()).toBe('alice art');
    const list = await s3.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: 'artists/alice/' }));
    expect(list.Contents?.map((o) => o.Key)).toEqual(['artists/alice/dawn.jpg']);
    const versions = await s3.send(
      new ListObjectVersionsCommand({ Bucket: t.bucket, Prefix: 'artists/alice/' }),
    );
    expect(versions.Versions?.length).toBe(1);

    // Resumable multipart under her own prefix: create, part, ListParts, abort.
    const mpu = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: t.bucket, Key: 'artists/alice/big.tif' }),
    );
    await s3.send(
      new UploadPartCommand({
        Bucket: t.bucket,
        Key: 'artists/alice/big.tif',
        UploadId: mpu.UploadId,
        PartNumber: 1,
        Body: 'part',
      }),
    );
    const parts = await s3.send(
      new ListPartsCommand({ Bucket: t.bucket, Key: 'artists/alice/big.tif', UploadId: mpu.UploadId }),
    );
    expect(parts.Parts?.length).toBe(1);
    await s3.send(
      new AbortMultipartUploadCommand({
        Bucket: t.bucket,
        Key: 'artists/alice/big.tif',
        UploadId: mpu.UploadId,
      }),
    );

    expect(
      await denied(
        s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: 'artists/bob/evil.jpg', Body: 'x' })),
      ),
    ).toBe('AccessDenied');
    expect(
      await denied(s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: 'artists/bob/sea.tif' }))),
    ).toBe('AccessDenied');
    expect(
      await denied(s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: 'root-evil.txt', Body: 'x' }))),
    ).toBe('AccessDenied');
    expect(await denied(s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: 'root.txt' })))).toBe(
      'AccessDenied',
    );
    expect(await denied(s3.send(new ListObjectsV2Command({ Bucket: t.bucket })))).toBe('AccessDenied');
    expect(
      await denied(s3.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: 'artists/bob/' }))),
    ).toBe('AccessDenied');
    expect(
      await denied(s3.send(new ListObjectVersionsCommand({ Bucket: t.bucket, Prefix: 'artists/' }))),
    ).toBe('AccessDenied');
    expect(
      await denied(
        s3.send(new CreateMultipartUploadCommand({ Bucket: t.bucket, Key: 'artists/bob/big.tif' })),
      ),
    ).toBe('AccessDenied');
    expect(
      await denied(
        s3.send(
          new CopyObjectCommand({
            Bucket: t.bucket,
            Key: 'artists/alice/stolen',
            CopySource: `${t.bucket}/artists/bob/sea.tif`,
          }),
        ),
      ),
    ).toBe('AccessDenied');
    expect(
      await denied(s3.send(new DeleteObjectCommand({ Bucket: t.bucket, Key: 'artists/alice/dawn.jpg' }))),
    ).toBe('AccessDenied');
    // Not granted on purpose (see server/s3/session-policy.ts): it cannot be limited to a prefix.
    expect(
      await denied(s3.send(new ListMultipartUploadsCommand({ Bucket: t.bucket, Prefix: 'artists/alice/' }))),
    ).toBe('AccessDenied');
    s3.destroy();
  });

  it('lets staff list every version under every artist and restore by copy, but not delete or leave artists/', async () => {
    const r = await t.call('POST', '/v1/credentials', { token: staffToken });
    expect(r.status).toBe(200);
    const c = r.body as Issued;
    expect(c).toMatchObject({ prefix: 'artists/', role: 'staff' });
    const s3 = clientFor(c);
    const top = await s3.send(
      new ListObjectsV2Command({ Bucket: t.bucket, Prefix: 'artists/', Delimiter: '/' }),
    );
    expect(top.CommonPrefixes?.map((p) => p.Prefix).sort()).toEqual(['artists/alice/', 'artists/bob/']);
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: t.bucket, Prefix: 'artists/' }));
    const bob = versions.Versions!.filter((v) => v.Key === 'artists/bob/sea.tif');
    expect(bob.length).toBe(2);
    const oldest = bob.find((v) => !v.IsLatest)!;
    const old = await s3.send(
      new GetObjectCommand({ Bucket: t.bucket, Key: 'artists/bob/sea.tif', VersionId: oldest.VersionId }),
    );
    expect(await old.Body!.transformToString()).toBe('bob v1');
    await s3.send(
      new CopyObjectCommand({
        Bucket: t.bucket,
        Key: 'artists/bob/sea.tif',
        CopySource: `${t.bucket}/artists/bob/sea.tif?versionId=${encodeURIComponent(oldest.VersionId!)}`,
      }),
    );
    const now = await s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: 'artists/bob/sea.tif' }));
    expect(await now.Body!.transformToString()).toBe('bob v1');
    const after = await s3.send(new ListObjectVersionsCommand({ Bucket: t.bucket, Prefix: 'artists/bob/' }));
    expect(after.Versions?.length).toBe(3); // history kept

    expect(
      await denied(s3.send(new DeleteObjectCommand({ Bucket: t.bucket, Key: 'artists/bob/sea.tif' }))),
    ).toBe('AccessDenied');
    expect(await denied(s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: 'root.txt' })))).toBe(
      'AccessDenied',
    );
    expect(await denied(s3.send(new ListObjectsV2Command({ Bucket: t.bucket })))).toBe('AccessDenied');
    expect(
      await denied(s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: 'elsewhere.txt', Body: 'x' }))),
    ).toBe('AccessDenied');
    s3.destroy();
  });

  it('records every issuance in the audit table, without the secret', async () => {
    const before = Number((await t.db.query('SELECT count(*) AS n FROM credential_issuances')).rows[0].n);
    const r = await t.call('POST', '/v1/credentials', {
      token: aliceToken,
      headers: { 'x-request-id': 'audit-req-1' },
    });
    const c = r.body as Issued;
    const rows = (await t.db.query('SELECT * FROM credential_issuances ORDER BY id')).rows;
    expect(rows.length).toBe(before + 1);
    const last = rows[rows.length - 1];
    expect(last).toMatchObject({
      email: 'alice@example.com',
      role: 'artist',
      prefix: 'artists/alice/',
      access_key_id: c.accessKeyId,
      request_id: 'audit-req-1',
    });
    expect(new Date(last.expires_at).toISOString()).toBe(c.expiration);
    // Earlier issuances in this file (alice ×2, staff ×1) are there too.
    expect(rows.filter((x) => x.email === 'staff@example.com').length).toBe(1);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(c.secretAccessKey);
    expect(dump).not.toContain(c.sessionToken);
  });

  it('never logs a secret key, session token or password', async () => {
    const c = (await t.call('POST', '/v1/credentials', { token: staffToken })).body as Issued;
    const all = t.logs.join('\n');
    expect(all).toContain('/v1/credentials');
    for (const secret of [
      c.secretAccessKey,
      c.sessionToken,
      staffToken,
      aliceToken,
      PW,
      testServices().s3.secretAccessKey,
    ]) {
      expect(all).not.toContain(secret);
    }
  });

  // The test RGW lowers STS's minimum lifetime (rgw sts min session duration = 15; AWS's is
  // 900 s), so an API configured for 20 s credentials can show S3 itself refusing one that
  // has expired: RGW checks the expiry sealed inside the session token.
  // What disabling an artist leaves (README, security): the credential already minted works
  // until its expiry (CREDENTIAL_TTL_SECONDS, 15 min by default), and not one moment longer.
  it(
    'a disabled artist: no new credential, and the old one is refused by S3 once past its expiry',
    { timeout: 90_000 },
    async () => {
      const short = await startTestApi({ config: { credentialTtlSeconds: 20 } });
      try {
        await short.addUser('carol@example.com', PW, 'artist', 'carol', 'Carol');
        const token = await short.signIn('carol@example.com', PW);
        const c = (await short.call('POST', '/v1/credentials', { token, body: {} })).body as Issued;
        expect(Date.parse(c.expiration) - Date.now()).toBeLessThanOrEqual(21_000);
        const s3 = clientFor(c);
        await s3.send(
          new PutObjectCommand({ Bucket: short.bucket, Key: 'artists/carol/expiry.jpg', Body: 'x' }),
        );
        await s3.send(new GetObjectCommand({ Bucket: short.bucket, Key: 'artists/carol/expiry.jpg' }));
        expect(await new UserStore(short.db).disable('carol@example.com', new Date())).toBe(true);
        expect((await short.call('POST', '/v1/credentials', { token, body: {} })).status).toBe(401);
        await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(c.expiration) - Date.now()) + 3_000));
        expect(
          await refusal(
            s3.send(new GetObjectCommand({ Bucket: short.bucket, Key: 'artists/carol/expiry.jpg' })),
          ),
        ).toEqual(expiredRefusal);
        expect(
          await refusal(
            s3.send(new PutObjectCommand({ Bucket: short.bucket, Key: 'artists/carol/late.jpg', Body: 'x' })),
          ),
        ).toEqual(expiredRefusal);
        s3.destroy();
      } finally {
        await short.close();
      }
    },
  );

  it("lets staff upload only into an existing artist's folder: S3 refuses a new one", async () => {
    const c = (await t.call('POST', '/v1/credentials', { token: staffToken })).body as Issued & {
      uploadPrefixes: string[];
    };
    expect(c.uploadPrefixes).toEqual(['artists/alice/', 'artists/bob/']);
    const s3 = clientFor(c);
    await s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: 'artists/alice/for-alice.tif', Body: 'ok' }));
    for (const Key of ['artists/probe/a.tif', 'artists/stray.tif', 'artists/alicex/a.tif'])
      expect(await denied(s3.send(new PutObjectCommand({ Bucket: t.bucket, Key, Body: 'x' })))).toBe(
        'AccessDenied',
      );
    s3.destroy();
    // An artist's credential names their own prefix as the one place to write.
    const a = (await t.call('POST', '/v1/credentials', { token: aliceToken })).body as {
      uploadPrefixes: string[];
    };
    expect(a.uploadPrefixes).toEqual(['artists/alice/']);
  });
});
