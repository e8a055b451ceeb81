import { S3Client, CreateBucketCommand, PutPublicAccessBlockCommand, GetPublicAccessBlockCommand, PutObjectCommand, PutBucketPolicyCommand, GetBucketPolicyCommand, PutBucketLifecycleConfigurationCommand, GetBucketLifecycleConfigurationCommand, GetBucketVersioningCommand } from '@aws-sdk/client-s3';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
const e = process.env;
const base = { endpoint: e.S3_ENDPOINT, region: 'us-east-1', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' };
const admin = new S3Client({ ...base, credentials: { accessKeyId: e.S3_ACCESS_KEY, secretAccessKey: e.S3_SECRET_KEY } });
async function tr(name, fn) { try { const x = await fn(); console.log('OK    ', name, JSON.stringify(x ?? '')); } catch (err) { console.log('ERR   ', name, err.name, err.$metadata?.httpStatusCode, err.message); } }
const B = 'probe-' + Date.now();
await admin.send(new CreateBucketCommand({ Bucket: B }));
await tr('lc get none', () => admin.send(new GetBucketLifecycleConfigurationCommand({ Bucket: B })));
await tr('pab get none', () => admin.send(new GetPublicAccessBlockCommand({ Bucket: B })));
await tr('policy get none', () => admin.send(new GetBucketPolicyCommand({ Bucket: B })));
await tr('versioning none', () => admin.send(new GetBucketVersioningCommand({ Bucket: B })).then(x => x.Status ?? null));
await tr('pab put', () => admin.send(new PutPublicAccessBlockCommand({ Bucket: B, PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } })).then(() => 1));
await tr('pab get', () => admin.send(new GetPublicAccessBlockCommand({ Bucket: B })).then(x => x.PublicAccessBlockConfiguration));
await tr('admin put after pab', () => admin.send(new PutObjectCommand({ Bucket: B, Key: 'artists/a/x', Body: 'x' })).then(() => 1));
const sts = new STSClient({ endpoint: e.S3_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: e.S3_ACCESS_KEY, secretAccessKey: e.S3_SECRET_KEY } });
const c = (await sts.send(new AssumeRoleCommand({ RoleArn: e.S3_ROLE_ARN, RoleSessionName: 'probe', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: [`arn:aws:s3:::${B}/artists/a/*`] }] }), DurationSeconds: 900 }))).Credentials;
const t = new S3Client({ ...base, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } });
await tr('sts put after pab', () => t.send(new PutObjectCommand({ Bucket: B, Key: 'artists/a/y', Body: 'y' })).then(() => 1));
const pol = { Version: '2012-10-17', Statement: [{ Sid: 'CopperDenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${B}`, `arn:aws:s3:::${B}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] };
await tr('policy put', () => admin.send(new PutBucketPolicyCommand({ Bucket: B, Policy: JSON.stringify(pol) })).then(() => 1));
await tr('policy get', () => admin.send(new GetBucketPolicyCommand({ Bucket: B })).then(x => x.Policy));
await tr('admin put after tls policy (http)', () => admin.send(new PutObjectCommand({ Bucket: B, Key: 'artists/a/z', Body: 'x' })).then(() => 1));
await tr('lc put', () => admin.send(new PutBucketLifecycleConfigurationCommand({ Bucket: B, LifecycleConfiguration: { Rules: [
  { ID: 'copper-abort-incomplete-multipart', Status: 'Enabled', Filter: { Prefix: '' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
  { ID: 'copper-expire-noncurrent', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 30 } },
] } })).then(() => 1));
await tr('lc get', () => admin.send(new GetBucketLifecycleConfigurationCommand({ Bucket: B })).then(x => x.Rules));
