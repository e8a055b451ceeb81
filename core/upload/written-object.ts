import { checkUnchanged, digestFile } from './file-access';
import { couldBeOurs } from './resume-decisions';
import { headObject, type UploadContext, type UploadResult, type UploaderDeps } from './upload-context';

/**
 * Closes the window between "S3 has it" and "the queue knows it": after a kill right after
 * a PUT or a CompleteMultipartUpload succeeded, the object is on S3 but the entry still says
 * uploading. When the key's current object has this file's size, was written after the entry
 * was queued and has the ETag this file's bytes give (as one PUT when `partSize` is undefined,
 * else as parts of that size), it is this upload: recorded as done, and no second version is
 * written. `etagHint` (the MD5 stored before a PUT) rejects a mismatch without reading the file.
 */
export async function recogniseWritten(
  deps: Pick<UploaderDeps, 'runner' | 'fs'>,
  ctx: UploadContext,
  partSize: number | undefined,
  etagHint?: string,
): Promise<UploadResult | undefined> {
  const { job, identity } = ctx;
  const head = await headObject(deps.runner, job, ctx.signal);
  if (!head || !couldBeOurs(head, identity.size, job.addedAt, etagHint)) return undefined;
  const digest = await digestFile(ctx.fh, job.path, identity.size, partSize, ctx.signal);
  if (!couldBeOurs(head, identity.size, job.addedAt, digest.etag)) return undefined;
  await checkUnchanged(deps.fs, job.path, identity);
  ctx.plan.recordUploaded({
    sha256: digest.sha256,
    size: identity.size,
    versionId: head.VersionId ?? null,
    etag: digest.etag,
  });
  ctx.observer.progress(identity.size);
  return { reason: 'uploaded', versionId: head.VersionId, etag: digest.etag, sha256: digest.sha256 };
}
