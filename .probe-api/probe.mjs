import { S3Client, CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, GetObjectCommand, ListObjectsV2Command, ListObjectsCommand, ListObjectVersionsCommand, ListMultipartUploadsCommand, CreateMultipartUploadCommand, UploadPartCommand, ListPartsCommand, AbortMultipartUploadCommand, CopyObjectCommand, DeleteObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
const e = process.env;
const base = { endpoint: e.S3_ENDPOINT, region: 'us-east-1', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' };
const admin = new S3Client({ ...base, credentials: { accessKeyId: e.S3_ACCESS_KEY, secretAccessKey: e.S3_SECRET_KEY } });
const B = 'probe-' + Date.now();
await admin.send(new CreateBucketCommand({ Bucket: B }));
await admin.send(new PutBucketVersioningCommand({ Bucket: B, VersioningConfiguration: { Status: 'Enabled' } }));
await admin.send(new PutObjectCommand({ Bucket: B, Key: 'artists/bob/b.txt', Body: 'bob' }));
await admin.send(new PutObjectCommand({ Bucket: B, Key: 'root.txt', Body: 'root' }));
const sts = new STSClient({ endpoint: e.S3_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: e.S3_ACCESS_KEY, secretAccessKey: e.S3_SECRET_KEY } });
const P = 'artists/alice/';
const policy = { Version: '2012-10-17', Statement: [
  { Effect: 'Allow', Action: ['s3:PutObject','s3:GetObject','s3:GetObjectVersion','s3:AbortMultipartUpload','s3:ListMultipartUploadParts'], Resource: [`arn:aws:s3:::${B}/${P}*`] },
  { Effect: 'Allow', Action: ['s3:ListBucket','s3:ListBucketVersions','s3:ListBucketMultipartUploads'], Resource: [`arn:aws:s3:::${B}`], Condition: { StringLike: { 's3:prefix': [`${P}*`] } } },
]};
const r = await sts.send(new AssumeRoleCommand({ RoleArn: e.S3_ROLE_ARN, RoleSessionName: 'alice', Policy: JSON.stringify(policy), DurationSeconds: 900 }));
const c = r.Credentials; console.log('exp', c.Expiration, 'tokenlen', c.SessionToken.length);
const t = new S3Client({ ...base, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } });
async function tr(name, fn) { try { const x = await fn(); console.log('OK    ', name, x ?? ''); } catch (err) { console.log('DENIED', name, err.name, err.$metadata?.httpStatusCode); } }
await tr('put own', () => t.send(new PutObjectCommand({ Bucket: B, Key: P + 'a.txt', Body: 'a' })));
await tr('get own', () => t.send(new GetObjectCommand({ Bucket: B, Key: P + 'a.txt' })).then(x => x.Body.transformToString()));
await tr('head own', () => t.send(new HeadObjectCommand({ Bucket: B, Key: P + 'a.txt' })).then(x => x.VersionId));
await tr('put bob', () => t.send(new PutObjectCommand({ Bucket: B, Key: 'artists/bob/x.txt', Body: 'a' })));
await tr('get bob', () => t.send(new GetObjectCommand({ Bucket: B, Key: 'artists/bob/b.txt' })));
await tr('put root', () => t.send(new PutObjectCommand({ Bucket: B, Key: 'x.txt', Body: 'a' })));
await tr('get root', () => t.send(new GetObjectCommand({ Bucket: B, Key: 'root.txt' })));
await tr('list own prefix', () => t.send(new ListObjectsV2Command({ Bucket: B, Prefix: P })).then(x => x.KeyCount));
await tr('list own prefix (v1)', () => t.send(new ListObjectsCommand({ Bucket: B, Prefix: P })).then(x => x.Contents?.length));
await tr('list bob prefix', () => t.send(new ListObjectsV2Command({ Bucket: B, Prefix: 'artists/bob/' })).then(x => x.KeyCount));
await tr('list no prefix', () => t.send(new ListObjectsV2Command({ Bucket: B })).then(x => x.KeyCount));
await tr('list artists/', () => t.send(new ListObjectsV2Command({ Bucket: B, Prefix: 'artists/' })).then(x => x.KeyCount));
await tr('versions own', () => t.send(new ListObjectVersionsCommand({ Bucket: B, Prefix: P })).then(x => x.Versions?.length));
await tr('versions bob', () => t.send(new ListObjectVersionsCommand({ Bucket: B, Prefix: 'artists/bob/' })).then(x => x.Versions?.length));
await tr('versions none', () => t.send(new ListObjectVersionsCommand({ Bucket: B })).then(x => x.Versions?.length));
await tr('mpu list own', () => t.send(new ListMultipartUploadsCommand({ Bucket: B, Prefix: P })).then(x => x.Uploads?.length));
await tr('mpu list bob', () => t.send(new ListMultipartUploadsCommand({ Bucket: B, Prefix: 'artists/bob/' })).then(x => x.Uploads?.length));
await tr('mpu list none', () => t.send(new ListMultipartUploadsCommand({ Bucket: B })).then(x => x.Uploads?.length));
let up;
await tr('mpu create own', async () => { up = (await t.send(new CreateMultipartUploadCommand({ Bucket: B, Key: P + 'm.bin' }))).UploadId; return up; });
await tr('mpu part own', () => t.send(new UploadPartCommand({ Bucket: B, Key: P + 'm.bin', UploadId: up, PartNumber: 1, Body: 'x' })).then(x => x.ETag));
await tr('mpu listparts own', () => t.send(new ListPartsCommand({ Bucket: B, Key: P + 'm.bin', UploadId: up })).then(x => x.Parts?.length));
await tr('mpu abort own', () => t.send(new AbortMultipartUploadCommand({ Bucket: B, Key: P + 'm.bin', UploadId: up })));
await tr('mpu create bob', () => t.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'artists/bob/m.bin' })));
await tr('delete own (should deny)', () => t.send(new DeleteObjectCommand({ Bucket: B, Key: P + 'a.txt' })));
await tr('copy bob->own (should deny)', () => t.send(new CopyObjectCommand({ Bucket: B, Key: P + 'c.txt', CopySource: `${B}/artists/bob/b.txt` })));
const bad = new S3Client({ ...base, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken.slice(0, -8) + 'AAAAAAAA' } });
await tr('tampered token', () => bad.send(new GetObjectCommand({ Bucket: B, Key: P + 'a.txt' })));
