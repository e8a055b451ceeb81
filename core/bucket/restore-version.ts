import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import type { HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import type { RestoreResult } from '../../shared/models/bucket';
import { CopperError } from '../../shared/errors';
import type { BucketContext } from './bucket-context';
import { copySource } from './copy-source';
import { RESTORED_FROM_META, UPLOADED_BY_META, listVersions } from './list-versions';
import { toBucketError } from './s3-error';
import { encodeMetadataText } from '../s3/metadata-text';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export interface RestoreOptions {
  /** Recorded as the new version's `uploaded-by` (who restored it); the source's is kept otherwise. */
  readonly restoredBy?: string;
  /** Objects larger than this are copied part by part (S3's single CopyObject limit is 5 GiB). */
  readonly singleCopyLimit?: number;
  /** Part size of a multipart copy (at least 5 MiB; grows so 10,000 parts suffice). */
  readonly copyPartSize?: number;
  /** Part copies in flight at once. */
  readonly copyConcurrency?: number;
}

/** The headers a copy with `MetadataDirective: REPLACE` must repeat so the restored object serves like the original. */
function carriedHeaders(head: HeadObjectCommandOutput, metadata: Record<string, string>) {
  return {
    Metadata: metadata,
    ...(head.ContentType ? { ContentType: head.ContentType } : {}),
    ...(head.CacheControl ? { CacheControl: head.CacheControl } : {}),
    ...(head.ContentDisposition ? { ContentDisposition: head.ContentDisposition } : {}),
    ...(head.ContentEncoding ? { ContentEncoding: head.ContentEncoding } : {}),
    ...(head.ContentLanguage ? { ContentLanguage: head.ContentLanguage } : {}),
  };
}

/**
 * Makes an older version the current one by a server-side copy: S3 stores it as a new
 * version, so the history (including the version that was current) is kept. The copy carries
 * the source's content type and metadata, plus `restored-from` naming the source version.
 */
export async function restoreVersion(
  ctx: BucketContext,
  key: string,
  versionId: string,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const what = `"${key}" version ${versionId}`;
  let head: HeadObjectCommandOutput;
  try {
    head = await ctx.client.send(
      new HeadObjectCommand({ Bucket: ctx.bucket, Key: key, VersionId: versionId }),
    );
  } catch (err) {
    const e = toBucketError(err, what);
    // AWS answers 405 for a delete marker; RGW answers 404, so look the version up to say which.
    if (
      e.code === 'is-delete-marker' ||
      (e.code === 'not-found' && (await isDeleteMarker(ctx, key, versionId)))
    ) {
      throw new CopperError(
        'is-delete-marker',
        `${what} is a delete marker; restore a real version instead.`,
      );
    }
    throw e;
  }
  const already = await currentRestoreOf(ctx, key, versionId, head.ContentLength);
  if (already) return { key, restoredFrom: versionId, versionId: already };
  const metadata: Record<string, string> = { ...(head.Metadata ?? {}), [RESTORED_FROM_META]: versionId };
  if (options.restoredBy) metadata[UPLOADED_BY_META] = encodeMetadataText(options.restoredBy);
  const size = head.ContentLength ?? 0;
  const limit = options.singleCopyLimit ?? 5 * GiB;
  try {
    const newVersionId =
      size > limit
        ? await multipartCopy(ctx, key, versionId, size, head, metadata, options)
        : await singleCopy(ctx, key, versionId, head, metadata);
    if (!newVersionId)
      throw new CopperError(
        'not-versioned',
        `The bucket did not return a version for the restored "${key}": is versioning on?`,
      );
    return { key, restoredFrom: versionId, versionId: newVersionId };
  } catch (err) {
    throw toBucketError(err, `the restore of ${what}`);
  }
}

/**
 * The current version, when it already is a restore of `versionId` (its `restored-from`, its
 * size): a restore asked again after its answer was lost (a reset, a timeout) must not write a
 * second copy of the same bytes. Anything else, a HEAD failure included, copies as usual.
 */
async function currentRestoreOf(
  ctx: BucketContext,
  key: string,
  versionId: string,
  size: number | undefined,
): Promise<string | undefined> {
  const current = await ctx.client
    .send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: key }))
    .catch(() => undefined);
  if (!current?.VersionId || current.VersionId === versionId) return undefined;
  const copy = current.Metadata?.[RESTORED_FROM_META] === versionId && current.ContentLength === size;
  return copy ? current.VersionId : undefined;
}

async function isDeleteMarker(ctx: BucketContext, key: string, versionId: string): Promise<boolean> {
  const history = await listVersions(ctx, key, { withUploader: false });
  return history.some((v) => v.versionId === versionId && v.isDeleteMarker);
}

/** One CopyObject; finds the new version when the server does not say it. */
async function singleCopy(
  ctx: BucketContext,
  key: string,
  versionId: string,
  head: HeadObjectCommandOutput,
  metadata: Record<string, string>,
): Promise<string | undefined> {
  const out = await ctx.client.send(
    new CopyObjectCommand({
      Bucket: ctx.bucket,
      Key: key,
      CopySource: copySource(ctx.bucket, key, versionId),
      MetadataDirective: 'REPLACE',
      ...carriedHeaders(head, metadata),
    }),
  );
  return out.VersionId ?? findCopiedVersion(ctx, key, out.CopyObjectResult?.ETag, versionId);
}

/**
 * Ceph RGW leaves `x-amz-version-id` out of CopyObject responses (ceph/ceph#38710, also
 * worked around by scality/cloudserver#1651). The copy is then the current version — unless
 * someone wrote the key in the meantime — so take the newest version carrying the copy's
 * ETag that is not the source itself.
 */
async function findCopiedVersion(
  ctx: BucketContext,
  key: string,
  etag: string | undefined,
  sourceVersionId: string,
): Promise<string | undefined> {
  const current = await ctx.client.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: key }));
  if (current.VersionId && current.VersionId !== sourceVersionId && sameEtag(current.ETag, etag))
    return current.VersionId;
  const history = await listVersions(ctx, key, { withUploader: false });
  return history.find((v) => !v.isDeleteMarker && sameEtag(v.etag, etag) && v.versionId !== sourceVersionId)
    ?.versionId;
}

/** RGW quotes ETags in HEAD and listings but not in a copy result. */
function sameEtag(a: string | undefined, b: string | undefined): boolean {
  if (b === undefined) return true;
  return a !== undefined && a.replace(/"/g, '') === b.replace(/"/g, '');
}

/** UploadPartCopy in byte ranges; aborts the multipart upload on any failure so nothing is left behind. */
async function multipartCopy(
  ctx: BucketContext,
  key: string,
  versionId: string,
  size: number,
  head: HeadObjectCommandOutput,
  metadata: Record<string, string>,
  options: RestoreOptions,
): Promise<string | undefined> {
  const partSize = Math.max(options.copyPartSize ?? 512 * MiB, 5 * MiB, Math.ceil(size / 10_000));
  const partCount = Math.ceil(size / partSize);
  const { UploadId } = await ctx.client.send(
    new CreateMultipartUploadCommand({ Bucket: ctx.bucket, Key: key, ...carriedHeaders(head, metadata) }),
  );
  if (!UploadId) throw new CopperError('s3-error', `S3 gave no upload id for the copy of "${key}".`);
  try {
    const etags: string[] = new Array<string>(partCount);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < partCount) {
        const i = next++;
        const start = i * partSize;
        const end = Math.min(size, start + partSize) - 1;
        const out = await ctx.client.send(
          new UploadPartCopyCommand({
            Bucket: ctx.bucket,
            Key: key,
            UploadId,
            PartNumber: i + 1,
            CopySource: copySource(ctx.bucket, key, versionId),
            CopySourceRange: `bytes=${start}-${end}`,
          }),
        );
        const etag = out.CopyPartResult?.ETag;
        if (!etag)
          throw new CopperError('s3-error', `S3 gave no ETag for part ${i + 1} of the copy of "${key}".`);
        etags[i] = etag;
      }
    };
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(options.copyConcurrency ?? 4, partCount)) }, worker),
    );
    const done = await ctx.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: ctx.bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    return done.VersionId;
  } catch (err) {
    await ctx.client
      .send(new AbortMultipartUploadCommand({ Bucket: ctx.bucket, Key: key, UploadId }))
      .catch(() => {
        // The original failure is the one to report; the bucket's lifecycle rule aborts leftovers after 7 days.
      });
    throw err;
  }
}
