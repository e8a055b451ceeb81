import { S3Client, CreateBucketCommand, PutPublicAccessBlockCommand, PutObjectCommand, GetObjectCommand, CopyObjectCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
const e = process.env;
const base = { endpoint: e.S3_ENDPOINT, region: 'us-east-1', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' };
const admin = new S3Client({ ...base, credentials: { accessKeyId: e.S3_ACCESS_KEY, secretAccessKey: e.S3_SECRET_KEY } });
for (const flag of ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets']) {
  const B = 'probe-' + flag.toLowerCase() + Date.now();
  await admin.send(new CreateBucketCommand({ Bucket: B }));
  await admin.send(new PutBucketVersioningCommand({ Bucket: B, VersioningConfiguration: { Status: 'Enabled' } }));
  await admin.send(new PutPublicAccessBlockCommand({ Bucket: B, PublicAccessBlockConfiguration: { [flag]: true } }));
  const r = [];
  for (const [n, f] of [['put', () => admin.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'x' }))], ['get', () => admin.send(new GetObjectCommand({ Bucket: B, Key: 'k' }))], ['copy', () => admin.send(new CopyObjectCommand({ Bucket: B, Key: 'k2', CopySource: `${B}/k` }))]]) {
    try { await f(); r.push(n + ' ok'); } catch (err) { r.push(n + ' ' + err.name); }
  }
  console.log(flag, r.join(', '));
}
