import { AbortMultipartUploadCommand } from '@aws-sdk/client-s3';
import { isUploadGone } from '../s3/s3-errors';
import type { JobPlan } from './job-plan';
import type { PlanStore, UploadJob } from './plan-store';
import type { RequestRunner } from './request-runner';

/** What aborting needs. */
export interface AbortDeps {
  readonly runner: RequestRunner;
  readonly store: Pick<PlanStore, 'forgetUpload'>;
}

/** AbortMultipartUpload, treating "already gone" as success; returns whether it is gone. */
export async function abortUpload(
  deps: AbortDeps,
  target: Pick<UploadJob, 'path' | 'bucket' | 'key'>,
  uploadId: string,
): Promise<boolean> {
  try {
    await deps.runner.send({ operation: 'AbortMultipartUpload', path: target.path }, (client, s) =>
      client.send(
        new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: target.key, UploadId: uploadId }),
        { abortSignal: s },
      ),
    );
  } catch (err) {
    if (!isUploadGone(err)) return false;
  }
  deps.store.forgetUpload(uploadId);
  return true;
}

/**
 * Forgets the job's plan and aborts its multipart upload on S3 (if it has one). Best effort:
 * when S3 cannot be reached the uploadId stays registered for the startup sweep.
 */
export async function abandonPlan(deps: AbortDeps, plan: JobPlan): Promise<void> {
  const uploadId = plan.uploadId;
  if (plan.current) plan.clear();
  if (uploadId) await abortUpload(deps, plan.job, uploadId);
}
