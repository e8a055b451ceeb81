import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import type { QueueRepository } from '../store/queue-repository';
import { abortUpload } from './multipart-upload';
import type { RequestRunner } from './request-runner';

/** What the sweep found and did. */
export interface SweepResult {
  readonly aborted: readonly { readonly key: string; readonly uploadId: string }[];
  /** Uploads it should abort but could not reach; the next sweep tries again. */
  readonly remaining: number;
}

/**
 * Aborts multipart uploads this profile started and no longer tracks, so nothing the engine
 * did is left half-written on S3:
 * 1. every uploadId recorded in `multipart_uploads` that no queue entry references;
 * 2. uploads on S3 for a key this profile queued, started after it was queued, that no entry
 *    references (a crash between CreateMultipartUpload's answer and recording it).
 * Uploads of keys this profile never queued are someone else's and are left alone.
 */
export async function sweepStaleUploads(deps: { repo: QueueRepository; runner: RequestRunner }, bucket: string, prefix: string): Promise<SweepResult> {
  const { repo, runner } = deps;
  const tracked = repo.trackedUploadIds();
  const aborted: { key: string; uploadId: string }[] = [];
  let remaining = 0;
  for (const u of repo.ownUploads()) {
    if (u.bucket !== bucket || tracked.has(u.uploadId)) continue;
    if (await abortUpload(deps, u.bucket, u.key, u.uploadId, u.key)) aborted.push({ key: u.key, uploadId: u.uploadId });
    else remaining++;
  }
  const known = repo.knownKeys(bucket);
  if (known.size === 0) return { aborted, remaining };
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  for (;;) {
    const page = await runner.send({ operation: 'ListMultipartUploads', path: bucket }, (client, s) =>
      client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix || undefined, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }), { abortSignal: s }));
    for (const u of page.Uploads ?? []) {
      if (!u.Key || !u.UploadId || tracked.has(u.UploadId)) continue;
      const addedAt = known.get(u.Key);
      // A minute of slack for clock skew between this machine and S3.
      if (addedAt === undefined || (u.Initiated && u.Initiated.getTime() < addedAt - 60_000)) continue;
      if (aborted.some((a) => a.uploadId === u.UploadId)) continue;
      if (await abortUpload(deps, bucket, u.Key, u.UploadId, u.Key)) aborted.push({ key: u.Key, uploadId: u.UploadId });
      else remaining++;
    }
    if (!page.IsTruncated) break;
    keyMarker = page.NextKeyMarker;
    uploadIdMarker = page.NextUploadIdMarker;
  }
  return { aborted, remaining };
}
