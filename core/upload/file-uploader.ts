import type { OpenFile } from '../common/open-file';
import { CopperError } from '../../shared/errors';
import { formatBytes } from '../../shared/format-bytes';
import { abandonPlan } from './abort-upload';
import {
  FILE_CHANGED,
  bareEtag,
  checkUnchanged,
  digestFile,
  fileError,
  statFile,
  type FileIdentity,
} from './file-access';
import { JobPlan } from './job-plan';
import { MultipartUpload } from './multipart-upload';
import { MAX_OBJECT_SIZE } from './part-size';
import type { UploadJob } from './plan-store';
import { singlePut } from './single-put';
import {
  headObject,
  type UploadContext,
  type UploadObserver,
  type UploadResult,
  type UploaderDeps,
} from './upload-context';

/**
 * Uploads one job: checks the file, skips it when its content equals the key's last upload,
 * sends it in one PUT or as a resumable multipart upload, verifies the result, and records it
 * through the plan store. A file that changes under the upload is started over (a few times
 * at most). Throws CopperError: `file-*` codes name the file; `network-down` means wait for
 * the network; S3 codes (AccessDenied, NoSuchBucket) are passed on with the file named.
 */
export class FileUploader {
  private readonly multipart: MultipartUpload;

  constructor(private readonly deps: UploaderDeps) {
    this.multipart = new MultipartUpload(deps);
  }

  async upload(job: UploadJob, signal: AbortSignal, observer: UploadObserver): Promise<UploadResult> {
    const plan = new JobPlan(this.deps.store, job);
    for (let restart = 0; ; restart++) {
      try {
        return await this.attempt(plan, signal, observer);
      } catch (err) {
        if (!(err instanceof CopperError) || err.code !== FILE_CHANGED) throw err;
        if (restart + 1 >= this.deps.options.maxRestartsOnChange) {
          throw new CopperError(
            'changed-too-often',
            `${job.path} kept changing while it was being uploaded; retry once it is saved and stable.`,
            true,
          );
        }
        observer.progress(0);
      }
    }
  }

  private async attempt(plan: JobPlan, signal: AbortSignal, observer: UploadObserver): Promise<UploadResult> {
    const { job } = plan;
    const identity = await statFile(this.deps.fs, job.path);
    if (identity.size > MAX_OBJECT_SIZE) {
      throw new CopperError(
        'file-too-large',
        `${job.path} is ${formatBytes(identity.size)}, over the 5 TiB S3 object maximum; it was not uploaded.`,
        false,
      );
    }
    this.deps.store.setIdentity(job.id, identity.size, identity.mtimeMs);
    let fh: OpenFile;
    try {
      fh = await this.deps.fs.open(job.path, 'r');
    } catch (err) {
      throw fileError(job.path, err);
    }
    const ctx: UploadContext = { job, plan, identity, fh, signal, observer };
    try {
      const unchanged = await this.unchanged(ctx);
      if (unchanged) return unchanged;
      if (identity.size < this.deps.options.multipartThreshold) {
        if (plan.uploadId) await abandonPlan(this.deps, plan);
        return await singlePut(this.deps, ctx);
      }
      return await this.multipart.run(ctx);
    } catch (err) {
      // Nothing half-done may stay on S3: the old plan is void.
      if (err instanceof CopperError && (err.code === FILE_CHANGED || err.code === 'file-vanished'))
        await abandonPlan(this.deps, plan);
      throw err;
    } finally {
      await fh.close().catch(() => undefined);
    }
  }

  /**
   * When the file's content equals the key's last upload from here and that upload is still
   * the key's current version, nothing is sent. Someone else may have changed the key since
   * (staff restored an older version, another machine uploaded): then "unchanged" would be
   * false, so one HEAD asks S3 first and the file is uploaded again.
   */
  private async unchanged(ctx: UploadContext): Promise<UploadResult | undefined> {
    const { job, identity, fh, signal } = ctx;
    const last = this.deps.store.lastUpload(job.bucket, job.key);
    if (!last || last.size !== identity.size) return undefined;
    const sha256 = (await digestFile(fh, job.path, identity.size, undefined, signal)).sha256;
    await checkUnchanged(this.deps.fs, job.path, identity as FileIdentity);
    if (sha256 !== last.sha256) return undefined;
    const head = await headObject(this.deps.runner, job, signal);
    // The same version, or the same bytes by ETag (a restore that copied this very content).
    const current =
      head !== undefined &&
      head.ContentLength === identity.size &&
      ((!!last.versionId && head.VersionId === last.versionId) || bareEtag(head.ETag) === last.etag);
    if (!current) return undefined;
    if (ctx.plan.current) await abandonPlan(this.deps, ctx.plan);
    ctx.observer.progress(identity.size);
    return {
      reason: 'unchanged',
      versionId: head?.VersionId ?? last.versionId ?? undefined,
      etag: last.etag ?? undefined,
      sha256,
    };
  }
}
