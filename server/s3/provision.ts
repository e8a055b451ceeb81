import {
  CreateBucketCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type LifecycleRule,
  type PublicAccessBlockConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3';
import { canonical } from './canonical';

/** What to provision. */
export interface ProvisionOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly region: string;
  /** The S3-compatible endpoint, when not AWS. */
  readonly endpoint: string | undefined;
  /** Expire non-current versions this many days after they stop being current; undefined keeps them. */
  readonly noncurrentVersionExpiryDays: number | undefined;
}

/** What `provision` did: each setting is either changed or unchanged; notes say what was skipped and why. */
export interface ProvisionReport {
  readonly bucket: string;
  readonly changed: string[];
  readonly unchanged: string[];
  readonly notes: string[];
}

export const ABORT_RULE_ID = 'copper-abort-incomplete-multipart';
export const NONCURRENT_RULE_ID = 'copper-expire-noncurrent';
export const TLS_SID = 'CopperDenyInsecureTransport';
const ABORT_DAYS = 7;

const errName = (err: unknown): string => (err as { name?: string }).name ?? '';
const httpStatus = (err: unknown): number | undefined =>
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const notSupported = (err: unknown): boolean =>
  ['NotImplemented', 'MethodNotAllowed'].includes(errName(err)) ||
  httpStatus(err) === 501 ||
  httpStatus(err) === 405;

async function ensureBucket(o: ProvisionOptions, r: ProvisionReport): Promise<void> {
  try {
    await o.s3.send(new HeadBucketCommand({ Bucket: o.bucket }));
    r.unchanged.push('bucket exists');
  } catch (err) {
    if (errName(err) !== 'NotFound' && httpStatus(err) !== 404) throw err;
    const location =
      !o.endpoint && o.region !== 'us-east-1'
        ? { CreateBucketConfiguration: { LocationConstraint: o.region as never } }
        : {};
    await o.s3.send(new CreateBucketCommand({ Bucket: o.bucket, ...location }));
    r.changed.push('bucket created');
  }
}

async function ensureVersioning(o: ProvisionOptions, r: ProvisionReport): Promise<void> {
  const v = await o.s3.send(new GetBucketVersioningCommand({ Bucket: o.bucket }));
  if (v.Status === 'Enabled') {
    r.unchanged.push('versioning enabled');
    return;
  }
  await o.s3.send(
    new PutBucketVersioningCommand({ Bucket: o.bucket, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  r.changed.push('versioning enabled');
}

// Ceph RGW (at least 15–17) refuses *every* PutObject on a bucket with BlockPublicAcls set,
// even without an ACL header (verified against RGW 16.2; Red Hat bug 2344639). IgnorePublicAcls
// already makes any public ACL ineffective, so on S3-compatible endpoints we leave
// BlockPublicAcls off and say so; on AWS all four are on.
function desiredPublicAccessBlock(
  o: ProvisionOptions,
): Required<
  Pick<
    PublicAccessBlockConfiguration,
    'BlockPublicAcls' | 'IgnorePublicAcls' | 'BlockPublicPolicy' | 'RestrictPublicBuckets'
  >
> {
  return {
    BlockPublicAcls: !o.endpoint,
    IgnorePublicAcls: true,
    BlockPublicPolicy: true,
    RestrictPublicBuckets: true,
  };
}

async function ensurePublicAccessBlock(o: ProvisionOptions, r: ProvisionReport): Promise<void> {
  const want = desiredPublicAccessBlock(o);
  if (o.endpoint)
    r.notes.push(
      'public access block: BlockPublicAcls left off on an S3-compatible endpoint (Ceph RGW refuses all uploads with it); IgnorePublicAcls makes public ACLs ineffective',
    );
  let have: PublicAccessBlockConfiguration = {};
  try {
    have =
      (await o.s3.send(new GetPublicAccessBlockCommand({ Bucket: o.bucket })))
        .PublicAccessBlockConfiguration ?? {};
  } catch (err) {
    if (notSupported(err)) {
      r.notes.push('public access block: not supported by this store, skipped');
      return;
    }
    if (errName(err) !== 'NoSuchPublicAccessBlockConfiguration' && httpStatus(err) !== 404) throw err;
  }
  const same = (Object.keys(want) as (keyof typeof want)[]).every((k) => Boolean(have[k]) === want[k]);
  if (same) {
    r.unchanged.push('public access blocked');
    return;
  }
  try {
    await o.s3.send(
      new PutPublicAccessBlockCommand({ Bucket: o.bucket, PublicAccessBlockConfiguration: want }),
    );
    r.changed.push('public access blocked');
  } catch (err) {
    if (!notSupported(err)) throw err;
    r.notes.push('public access block: not supported by this store, skipped');
  }
}

interface PolicyStatement {
  Sid?: string;
  [k: string]: unknown;
}

function tlsStatement(bucket: string): PolicyStatement {
  return {
    Sid: TLS_SID,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

async function ensureTlsPolicy(o: ProvisionOptions, r: ProvisionReport): Promise<void> {
  if (o.endpoint?.startsWith('http://')) {
    r.notes.push(
      'TLS-only bucket policy: skipped, the endpoint is plain http (a local store); it would refuse every request',
    );
    return;
  }
  let statements: PolicyStatement[] = [];
  let doc: Record<string, unknown> = { Version: '2012-10-17' };
  try {
    const got = await o.s3.send(new GetBucketPolicyCommand({ Bucket: o.bucket }));
    if (got.Policy) {
      doc = JSON.parse(got.Policy) as Record<string, unknown>;
      const s = doc.Statement;
      statements = Array.isArray(s) ? (s as PolicyStatement[]) : s ? [s as PolicyStatement] : [];
    }
  } catch (err) {
    if (errName(err) !== 'NoSuchBucketPolicy' && httpStatus(err) !== 404) throw err;
  }
  const want = tlsStatement(o.bucket);
  const current = statements.find((s) => s.Sid === TLS_SID);
  if (current && canonical(current) === canonical(want)) {
    r.unchanged.push('TLS-only bucket policy');
    return;
  }
  // Keep any statements the gallery added itself; replace only ours.
  const merged = {
    ...doc,
    Version: '2012-10-17',
    Statement: [...statements.filter((s) => s.Sid !== TLS_SID), want],
  };
  await o.s3.send(new PutBucketPolicyCommand({ Bucket: o.bucket, Policy: JSON.stringify(merged) }));
  r.changed.push('TLS-only bucket policy');
}

/** The lifecycle rules provision owns (IDs starting `copper-`). */
export function desiredLifecycleRules(noncurrentDays: number | undefined): LifecycleRule[] {
  const rules: LifecycleRule[] = [
    {
      ID: ABORT_RULE_ID,
      Status: 'Enabled',
      Filter: { Prefix: '' },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: ABORT_DAYS },
    },
  ];
  if (noncurrentDays !== undefined) {
    rules.push({
      ID: NONCURRENT_RULE_ID,
      Status: 'Enabled',
      Filter: { Prefix: '' },
      NoncurrentVersionExpiration: { NoncurrentDays: noncurrentDays },
    });
  }
  return rules;
}

// What a rule means, whatever shape the store returned it in (RGW answers with the legacy
// top-level Prefix instead of Filter).
function ruleMeaning(rule: LifecycleRule): string {
  return canonical({
    id: rule.ID,
    status: rule.Status,
    prefix: rule.Filter?.Prefix ?? rule.Prefix ?? '',
    abort: rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation ?? null,
    noncurrent: rule.NoncurrentVersionExpiration?.NoncurrentDays ?? null,
    expiration: rule.Expiration ? canonical(rule.Expiration) : null,
    transitions: rule.Transitions?.length ?? 0,
  });
}

async function ensureLifecycle(o: ProvisionOptions, r: ProvisionReport): Promise<void> {
  let existing: LifecycleRule[] = [];
  try {
    existing =
      (await o.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: o.bucket }))).Rules ?? [];
  } catch (err) {
    if (errName(err) !== 'NoSuchLifecycleConfiguration' && httpStatus(err) !== 404) throw err;
  }
  const ours = existing.filter((x) => x.ID?.startsWith('copper-'));
  const want = desiredLifecycleRules(o.noncurrentVersionExpiryDays);
  const sortById = (a: LifecycleRule, b: LifecycleRule): number => (a.ID ?? '').localeCompare(b.ID ?? '');
  const same =
    ours.length === want.length &&
    [...ours]
      .sort(sortById)
      .every((rule, i) => ruleMeaning(rule) === ruleMeaning([...want].sort(sortById)[i]!));
  const label = `lifecycle: abort incomplete multipart uploads after ${ABORT_DAYS} days${o.noncurrentVersionExpiryDays !== undefined ? `, expire non-current versions after ${o.noncurrentVersionExpiryDays} days` : ''}`;
  if (same) {
    r.unchanged.push(label);
    return;
  }
  const theirs = existing.filter((x) => !x.ID?.startsWith('copper-'));
  await o.s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: o.bucket,
      LifecycleConfiguration: { Rules: [...theirs, ...want] },
    }),
  );
  r.changed.push(label);
}

/**
 * Creates or updates the gallery bucket: versioning on, public access blocked, TLS-only
 * bucket policy (not on a plain-http endpoint), lifecycle rules. Reads each setting first and
 * writes only what differs, so a second run changes nothing. Settings the gallery added
 * itself (other policy statements, other lifecycle rules) are kept.
 */
export async function provisionBucket(o: ProvisionOptions): Promise<ProvisionReport> {
  const report: ProvisionReport = { bucket: o.bucket, changed: [], unchanged: [], notes: [] };
  await ensureBucket(o, report);
  await ensureVersioning(o, report);
  await ensureTlsPolicy(o, report);
  await ensurePublicAccessBlock(o, report);
  await ensureLifecycle(o, report);
  return report;
}
