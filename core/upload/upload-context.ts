import type { OpenFile } from '../common/open-file';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CopperError } from '../../shared/errors';
import type { BandwidthLimiter } from './bandwidth';
import type { ByteBudget } from './byte-budget';
import type { PartHasher } from './part-hasher';
import { bareEtag, type FileIdentity, type UploadFs } from './file-access';
import type { JobPlan } from './job-plan';
import type { UploadOptions } from './options';
import type { PlanStore, UploadJob } from './plan-store';
import type { RequestRunner, RetryInfo } from './request-runner';
import { httpStatus } from '../s3/s3-errors';

/** What the uploader tells the queue while it works. */
export interface UploadObserver {
  /** Bytes of this file sent or confirmed so far (goes down when a failed attempt is rolled back). */
  progress(bytes: number): void;
  retry(info: RetryInfo): void;
  /** A part was started, finished, or found already on S3 (resume). */
  part(info: {
    readonly partNumber: number;
    readonly size: number;
    readonly phase: 'attempt' | 'done' | 'skipped';
  }): void;
}

/** How a file's upload ended well. */
export interface UploadResult {
  readonly reason: 'uploaded' | 'unchanged';
  readonly versionId?: string;
  readonly etag?: string;
  readonly sha256: string;
}

/** Everything an upload needs, shared by every file of the queue. */
export interface UploaderDeps {
  readonly store: PlanStore;
  readonly runner: RequestRunner;
  readonly fs: UploadFs;
  readonly limiter: BandwidthLimiter;
  readonly budget: ByteBudget;
  readonly options: UploadOptions;
  /** Where part MD5s and the content SHA-256 are computed (worker threads). */
  readonly hasher: PartHasher;
  /**
   * User metadata for every new object (without `x-amz-meta-`, values already header-safe):
   * who uploaded it. Asked per file, so a new sign-in's identity applies from the next file.
   */
  readonly objectMetadata?: () => Promise<Record<string, string>>;
}

/** The per-upload context handed to the single-PUT and multipart paths. */
export interface UploadContext {
  readonly job: UploadJob;
  /** The job's plan as it is now (persisted through the store). */
  readonly plan: JobPlan;
  readonly identity: FileIdentity;
  readonly fh: OpenFile;
  readonly signal: AbortSignal;
  readonly observer: UploadObserver;
}

/** Where a request goes and which file it is for (for error messages). */
type ObjectTarget = Pick<UploadJob, 'path' | 'bucket' | 'key'>;

/** HeadObject of the key's current (or given) version; undefined when there is none. */
export async function headObject(
  runner: RequestRunner,
  target: ObjectTarget,
  signal: AbortSignal,
  versionId?: string,
) {
  return runner.send({ operation: 'HeadObject', path: target.path, signal }, (client, s) =>
    headWith(client, target, s, versionId),
  );
}

/** HeadObject with a client already in hand (inside another request's attempt); undefined on 404. */
export async function headWith(
  client: S3Client,
  target: ObjectTarget,
  signal: AbortSignal | undefined,
  versionId?: string,
) {
  try {
    return await client.send(
      new HeadObjectCommand({ Bucket: target.bucket, Key: target.key, VersionId: versionId }),
      { abortSignal: signal },
    );
  } catch (err) {
    if (httpStatus(err) === 404) return undefined;
    throw err;
  }
}

/**
 * Checks the stored object against what was sent (its size, and its ETag when one is expected);
 * throws `verify-failed` when it differs. Returns the object's ETag.
 */
export async function verifyObject(
  runner: RequestRunner,
  target: ObjectTarget,
  size: number,
  expectedEtag: string | undefined,
  versionId: string | undefined,
  signal: AbortSignal,
): Promise<string> {
  const head = await runner.send({ operation: 'HeadObject', path: target.path, signal }, (client, s) =>
    client.send(new HeadObjectCommand({ Bucket: target.bucket, Key: target.key, VersionId: versionId }), {
      abortSignal: s,
    }),
  );
  const etag = bareEtag(head.ETag);
  if (head.ContentLength !== size || (expectedEtag !== undefined && etag !== expectedEtag)) {
    const expected = expectedEtag === undefined ? '' : ` with ETag ${expectedEtag}`;
    throw new CopperError(
      'verify-failed',
      `${target.path}: S3 holds ${head.ContentLength} bytes with ETag ${etag} for ${target.key}, expected ${size} bytes${expected}. Retry to send it again.`,
      true,
    );
  }
  return etag;
}
