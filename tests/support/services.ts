import { S3Client, CreateBucketCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import { randomBytes } from 'node:crypto';

/** Connection settings of the real services started by scripts/with-services.sh. */
export interface TestServices {
  readonly s3: {
    endpoint: string;
    accessKeyId: string;
    secretAccessKey: string;
    region: string;
    roleArn: string;
  };
  readonly databaseUrl: string;
}

function need(name: string): string {
  const v = process.env[name];
  if (!v)
    throw new Error(
      `${name} is not set: run the tests through 'npm test' (scripts/with-services.sh starts the real services).`,
    );
  return v;
}

/** The real services' settings; throws a clear error when the tests were not started by `npm test`. */
export function testServices(): TestServices {
  return {
    s3: {
      endpoint: need('S3_ENDPOINT'),
      accessKeyId: need('S3_ACCESS_KEY'),
      secretAccessKey: need('S3_SECRET_KEY'),
      region: process.env.S3_REGION ?? 'us-east-1',
      roleArn: need('S3_ROLE_ARN'),
    },
    databaseUrl: need('DATABASE_URL'),
  };
}

/** An S3 client for the test server with the admin keys (checksums only when required, as Ceph needs). */
export function adminS3(): S3Client {
  const { s3 } = testServices();
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Creates a fresh versioned bucket with a unique name, so test files never share state. */
export async function freshBucket(prefix = 'test'): Promise<string> {
  const name = `${prefix}-${randomBytes(5).toString('hex')}`;
  const s3 = adminS3();
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  s3.destroy();
  return name;
}

/** A 15-minute credential from the test RGW's STS: AssumeRole on `roleArn` with a session policy. */
export async function assumeTestRole(
  roleArn: string,
  sessionName: string,
  policy: object,
): Promise<Credentials> {
  const { s3 } = testServices();
  const sts = new STSClient({
    endpoint: s3.endpoint,
    region: s3.region,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: sessionName,
        DurationSeconds: 900,
        Policy: JSON.stringify(policy),
      }),
    );
    return out.Credentials!;
  } finally {
    sts.destroy();
  }
}
