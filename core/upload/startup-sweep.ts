import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import type { QueueRepository } from '../db/queue-repository';
import { abortUpload } from './abort-upload';
import type { RequestRunner } from './request-runner';
import { CopperError } from '../../shared/errors';
import type { BucketTarget } from '../credentials/provider';
import { describeFailure, errorCode, httpStatus } from '../s3/s3-errors';
import { NETWORK_DOWN } from './request-runner';

/** What the sweep found and did. */
export interface SweepResult {
  readonly aborted: readonly { readonly key: string; readonly uploadId: string }[];
  /** Uploads it should abort but could not reach; the next sweep tries again. */
  readonly remaining: number;
  /**
   * Whether the bucket's in-progress uploads could be listed. `denied` is the normal answer
   * for an artist's scoped credential (ListMultipartUploads is deliberately not granted): only
   * the uploadIds this profile recorded were swept.
   */
  readonly listing: 'listed' | 'denied' | 'skipped';
}

/**
 * Aborts multipart uploads this profile started and no longer tracks, so nothing the engine
 * did is left half-written on S3:
 * 1. every uploadId recorded in `multipart_uploads` that no queue entry references;
 * 2. uploads on S3 for a key this profile queued, started after it was queued, that no entry
 *    references (a crash between CreateMultipartUpload's answer and recording it). This needs
 *    ListMultipartUploads; when S3 denies it (scoped credentials), step 2 is skipped quietly
 *    and the bucket's lifecycle rule is what cleans up that narrow case.
 * Uploads of keys this profile never queued are someone else's and are left alone.
 */
export async function sweepStaleUploads(
  deps: { repo: QueueRepository; runner: RequestRunner },
  bucket: string,
  prefix: string,
): Promise<SweepResult> {
  const { repo, runner } = deps;
  const aborter = { runner, store: repo };
  const tracked = repo.trackedUploadIds();
  const aborted: { key: string; uploadId: string }[] = [];
  let remaining = 0;
  for (const u of repo.ownUploads()) {
    if (u.bucket !== bucket || tracked.has(u.uploadId)) continue;
    if (await abortUpload(aborter, { bucket: u.bucket, key: u.key, path: u.key }, u.uploadId))
      aborted.push({ key: u.key, uploadId: u.uploadId });
    else remaining++;
  }
  const known = repo.knownKeys(bucket);
  if (known.size === 0) return { aborted, remaining, listing: 'skipped' };
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  for (;;) {
    let page;
    try {
      page = await runner.send(
        { operation: 'ListMultipartUploads', path: bucket, deniedIsFinal: true },
        (client, s) =>
          client.send(
            new ListMultipartUploadsCommand({
              Bucket: bucket,
              Prefix: prefix || undefined,
              KeyMarker: keyMarker,
              UploadIdMarker: uploadIdMarker,
            }),
            { abortSignal: s },
          ),
      );
    } catch (err) {
      if (errorCode(err) === 'AccessDenied' || httpStatus(err) === 403)
        return { aborted, remaining, listing: 'denied' };
      throw err;
    }
    // Read again now: uploads this run started while the page was on its way are tracked by
    // now (judged against the list from before the request, the sweep aborted a file's live
    // upload under a slow S3, and the file started over).
    const trackedNow = repo.trackedUploadIds();
    for (const u of page.Uploads ?? []) {
      if (!u.Key || !u.UploadId || trackedNow.has(u.UploadId)) continue;
      const addedAt = known.get(u.Key);
      // A minute of slack for clock skew between this machine and S3.
      if (addedAt === undefined || (u.Initiated && u.Initiated.getTime() < addedAt - 60_000)) continue;
      if (aborted.some((a) => a.uploadId === u.UploadId)) continue;
      if (await abortUpload(aborter, { bucket, key: u.Key, path: u.Key }, u.UploadId))
        aborted.push({ key: u.Key, uploadId: u.UploadId });
      else remaining++;
    }
    if (!page.IsTruncated) break;
    keyMarker = page.NextKeyMarker;
    uploadIdMarker = page.NextUploadIdMarker;
  }
  return { aborted, remaining, listing: 'listed' };
}

/**
 * The sweep as `start()` runs it, never throwing: its result; `offline` when neither S3 nor
 * the API that hands out credentials answers (the connectivity probe takes over); or a
 * failure, logged here (a CopperError or S3's answer in words; anything else, a bug, with its stack).
 */
export async function sweepAtStart(
  deps: { repo: QueueRepository; runner: RequestRunner },
  target: () => Promise<BucketTarget>,
): Promise<
  { kind: 'done'; result: SweepResult } | { kind: 'offline' } | { kind: 'failed'; message: string }
> {
  try {
    const t = await target();
    return { kind: 'done', result: await sweepStaleUploads(deps, t.bucket, t.prefix) };
  } catch (err) {
    if (err instanceof CopperError && (err.code === NETWORK_DOWN || err.code.startsWith('network.')))
      return { kind: 'offline' };
    // A CopperError or an answer from S3 (NoSuchBucket, AccessDenied…) is said in words; only
    // anything else, a bug, is logged with its stack.
    if (err instanceof CopperError || httpStatus(err) !== undefined)
      console.error(
        `copper: the startup sweep of stale multipart uploads failed: ${err instanceof CopperError ? err.message : describeFailure(err)}`,
      );
    else console.error('copper: the startup sweep of stale multipart uploads failed', err);
    return { kind: 'failed', message: `The startup sweep failed: ${describeFailure(err)}` };
  }
}
