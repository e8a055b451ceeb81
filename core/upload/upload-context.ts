import type { FileHandle } from 'node:fs/promises';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { CopperError } from '../../shared/errors';
import type { QueueRepository, QueueRow } from '../db/queue-repository';
import type { BandwidthLimiter } from './bandwidth';
import type { ByteBudget } from './byte-budget';
import type { PartHasher } from './part-hasher';
import { bareEtag, type FileIdentity, type UploadFs } from './file-access';
import type { UploadOptions } from './options';
import type { RequestRunner, RetryInfo } from './request-runner';

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
  readonly repo: QueueRepository;
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
  readonly row: QueueRow;
  readonly identity: FileIdentity;
  readonly fh: FileHandle;
  readonly signal: AbortSignal;
  readonly observer: UploadObserver;
  /** sha256 already computed (skip-unchanged check), if any. */
  readonly knownSha256?: string;
}

/** Checks the stored object against what was sent; throws `verify-failed` when it differs. */
export async function verifyObject(
  runner: RequestRunner,
  row: QueueRow,
  size: number,
  expectedEtag: string,
  versionId: string | undefined,
  signal: AbortSignal,
): Promise<string> {
  const head = await runner.send({ operation: 'HeadObject', path: row.path, signal }, (client, s) =>
    client.send(new HeadObjectCommand({ Bucket: row.bucket, Key: row.key, VersionId: versionId }), {
      abortSignal: s,
    }),
  );
  const etag = bareEtag(head.ETag);
  if (head.ContentLength !== size || etag !== expectedEtag) {
    throw new CopperError(
      'verify-failed',
      `${row.path}: S3 holds ${head.ContentLength} bytes with ETag ${etag} for ${row.key}, expected ${size} bytes with ETag ${expectedEtag}. Retry to send it again.`,
      true,
    );
  }
  return etag;
}
