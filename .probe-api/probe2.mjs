import { S3Client, CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, GetObjectCommand, ListObjectsV2Command, ListObjectVersionsCommand, ListMultipartUploadsCommand, CopyObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
const e = process.env;
const base = { endpoint: e.S3_ENDPOINT, region: 'us-east-1', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' };
const admin = new S3Client({ ...base, credentials: { accessKeyId: e.S3_ACCESS_KEY, secretAccessKey: e.S3_SECRET_KEY } });
const B = 'probe-' + Date.now();
await admin.send(new CreateBucketCommand({ Bucket: B }));
await admin.send(new PutBucketVersioningCommand({ Bucket: B, VersioningConfiguration: { Status: 'Enabled' } }));
const v1 = (await admin.send(new PutObjectCommand({ Bucket: B, Key: 'artists/bob/b.txt', Body: 'bob1' }))).VersionId;
await admin.send(new PutObjectCommand({ Bucket: B, Key: 'artists/bob/b.txt', Body: 'bob2' }));
await admin.send(new PutObjectCommand({ Bucket: B, Key: 'artists/alice/a.txt', Body: 'alice' }));
await admin.send(new PutObjectCommand({ Bucket: B, Key: 'root.txt', Body: 'root' }));
const sts = new STSClient({ endpoint: e.S3_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: e.S3_ACCESS_KEY, secretAccessKey: e.S3_SECRET_KEY } });
async function mint(policy) {
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: e.S3_ROLE_ARN, RoleSessionName: 'probe', Policy: JSON.stringify(policy), DurationSeconds: 900 }))).Credentials;
  return new S3Client({ ...base, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } });
}
async function tr(name, fn) { try { const x = await fn(); console.log('OK    ', name, x ?? ''); } catch (err) { console.log('DENIED', name, err.name, err.$metadata?.httpStatusCode); } }
const mpu = await mint({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:ListBucketMultipartUploads'], Resource: [`arn:aws:s3:::${B}`] }] });
await tr('mpu list uncond', () => mpu.send(new ListMultipartUploadsCommand({ Bucket: B, Prefix: 'artists/alice/' })).then(x => x.Uploads?.length ?? 0));
const staff = await mint({ Version: '2012-10-17', Statement: [
  { Effect: 'Allow', Action: ['s3:GetObject','s3:GetObjectVersion','s3:PutObject'], Resource: [`arn:aws:s3:::${B}/artists/*`] },
  { Effect: 'Allow', Action: ['s3:ListBucket','s3:ListBucketVersions'], Resource: [`arn:aws:s3:::${B}`], Condition: { StringLike: { 's3:prefix': ['artists/*'] } } },
]});
await tr('staff list artists/ delim', () => staff.send(new ListObjectsV2Command({ Bucket: B, Prefix: 'artists/', Delimiter: '/' })).then(x => x.CommonPrefixes.map(p => p.Prefix).join(',')));
await tr('staff versions artists/', () => staff.send(new ListObjectVersionsCommand({ Bucket: B, Prefix: 'artists/' })).then(x => x.Versions.length));
await tr('staff list root', () => staff.send(new ListObjectsV2Command({ Bucket: B })).then(x => x.KeyCount));
await tr('staff list artists (no slash)', () => staff.send(new ListObjectsV2Command({ Bucket: B, Prefix: 'artists' })).then(x => x.KeyCount));
await tr('staff get old version', () => staff.send(new GetObjectCommand({ Bucket: B, Key: 'artists/bob/b.txt', VersionId: v1 })).then(x => x.Body.transformToString()));
await tr('staff restore via copy', () => staff.send(new CopyObjectCommand({ Bucket: B, Key: 'artists/bob/b.txt', CopySource: `${B}/artists/bob/b.txt?versionId=${encodeURIComponent(v1)}` })).then(x => x.VersionId));
await tr('staff get current', () => staff.send(new GetObjectCommand({ Bucket: B, Key: 'artists/bob/b.txt' })).then(x => x.Body.transformToString()));
await tr('staff get root', () => staff.send(new GetObjectCommand({ Bucket: B, Key: 'root.txt' })));
await tr('staff copy root->artists', () => staff.send(new CopyObjectCommand({ Bucket: B, Key: 'artists/bob/r.txt', CopySource: `${B}/root.txt` })));
await tr('staff put root', () => staff.send(new PutObjectCommand({ Bucket: B, Key: 'y.txt', Body: 'y' })));
await tr('staff delete', () => staff.send(new DeleteObjectCommand({ Bucket: B, Key: 'artists/bob/b.txt' })));
// delete marker restore: admin deletes, staff copies the previous version
await admin.send(new DeleteObjectCommand({ Bucket: B, Key: 'artists/alice/a.txt' }));
const vs = await admin.send(new ListObjectVersionsCommand({ Bucket: B, Prefix: 'artists/alice/a.txt' }));
await tr('staff undelete via copy', () => staff.send(new CopyObjectCommand({ Bucket: B, Key: 'artists/alice/a.txt', CopySource: `${B}/artists/alice/a.txt?versionId=${encodeURIComponent(vs.Versions[0].VersionId)}` })).then(x => x.VersionId));
await tr('staff get undeleted', () => staff.send(new GetObjectCommand({ Bucket: B, Key: 'artists/alice/a.txt' })).then(x => x.Body.transformToString()));
