import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListPartsCommand,
  type Part,
} from '@aws-sdk/client-s3';
import { CopperError } from '../../shared/errors';
import type { QueueRow } from '../db/queue-repository';
import { partBody } from './body-stream';
import { Semaphore } from './byte-budget';
import { contentTypeFor } from './content-type';
import { sendPut } from './fast-s3-request';
import { FILE_CHANGED, bareEtag, checkUnchanged, digestFile, multipartEtag, readRange } from './file-access';
import { verifyObject, type UploadContext, type UploadResult, type UploaderDeps } from './upload-context';
import { choosePartSize, partCount, partRange } from './part-size';
import { isUploadGone } from './s3-errors';

const md5Hex = /^[0-9a-f]{32}$/;

/**
 * The multipart path. The plan (uploadId, part size, file identity) is stored before the
 * first byte; on resume ListParts says which parts S3 already has, and each is kept only if
 * its size and MD5 match the file's bytes now (the file is read either way, for the content
 * hash). Parts are read in order (the sha256 needs that), each into a buffer reserved from
 * the shared budget, and sent `partConcurrency` at a time with Content-MD5.
 */
export class MultipartUpload {
  constructor(private readonly deps: UploaderDeps) {}

  async run(ctx: UploadContext): Promise<UploadResult> {
    const { row, identity } = ctx;
    const { repo } = this.deps;
    let plan: { uploadId: string; partSize: number } | undefined;
    let existing = new Map<number, Part>();
    if (
      row.uploadId &&
      row.partSize &&
      row.planSize === identity.size &&
      row.planMtimeMs === identity.mtimeMs
    ) {
      try {
        existing = await this.listParts(row, row.uploadId, ctx.signal);
        plan = { uploadId: row.uploadId, partSize: row.partSize };
      } catch (err) {
        if (!isUploadGone(err)) throw err;
        // The upload is gone: either it was completed just before a crash, or aborted/expired.
        const finished = await this.alreadyCompleted(ctx, row.partSize);
        if (finished) return finished;
        repo.forgetUpload(row.uploadId);
        repo.clearPlan(row.id);
      }
    } else if (row.uploadId) {
      // The file is not the one the plan was made for: that upload can never complete.
      await this.abandon(row);
    }
    if (!plan) {
      const partSize = choosePartSize(identity.size, this.deps.options.partSizeMin);
      const metadata = (await this.deps.objectMetadata?.()) ?? {};
      // Not aborted mid-flight: a pause or cancel that cut this small request after S3 had
      // created the upload would leave an uploadId nobody recorded (an orphan only the
      // lifecycle rule would clean up). Let it answer, record the plan, then honour the stop.
      const created = await this.deps.runner.send(
        {
          operation: 'CreateMultipartUpload',
          path: row.path,
          signal: ctx.signal,
          onRetry: (r) => ctx.observer.retry(r),
        },
        (client) =>
          client.send(
            new CreateMultipartUploadCommand({
              Bucket: row.bucket,
              Key: row.key,
              ContentType: contentTypeFor(row.key),
              Metadata: metadata,
            }),
          ),
      );
      if (!created.UploadId)
        throw new CopperError('upload-failed', `${row.path}: S3 gave no upload id.`, true);
      repo.setPlan(row.id, {
        uploadId: created.UploadId,
        partSize,
        size: identity.size,
        mtimeMs: identity.mtimeMs,
        bucket: row.bucket,
        key: row.key,
      });
      plan = { uploadId: created.UploadId, partSize };
    }
    return this.sendParts(ctx, plan, existing);
  }

  private async sendParts(
    ctx: UploadContext,
    plan: { uploadId: string; partSize: number },
    existing: Map<number, Part>,
  ): Promise<UploadResult> {
    const { row, identity, fh, observer } = ctx;
    const { repo, budget, runner, limiter, fs, options, hasher } = this.deps;
    const count = partCount(identity.size, plan.partSize);
    const parts: { PartNumber: number; ETag: string }[] = new Array(count);
    const md5s: Buffer[] = new Array(count);
    const hashing = hasher.file(plan.partSize);
    const slots = new Semaphore(options.partConcurrency);
    // Parts stop at the first failure: one controller for the whole file, tied to the caller's.
    const stop = new AbortController();
    const onOuterAbort = () => stop.abort(ctx.signal.reason);
    ctx.signal.addEventListener('abort', onOuterAbort, { once: true });
    if (ctx.signal.aborted) stop.abort(ctx.signal.reason);
    let confirmed = 0;
    const inFlight = new Map<number, number>();
    const report = () => observer.progress(confirmed + [...inFlight.values()].reduce((a, b) => a + b, 0));
    let failure: unknown;
    const running = new Set<Promise<void>>();
    try {
      for (let n = 1; n <= count && failure === undefined; n++) {
        const { start, end } = partRange(n, identity.size, plan.partSize);
        const releaseSlot = await slots.acquire();
        let releaseMemory: () => void;
        try {
          releaseMemory = await budget.acquire(end - start, stop.signal);
        } catch (err) {
          releaseSlot();
          failure ??= err;
          break;
        }
        let held: Buffer | undefined;
        const release = () => {
          if (held) hasher.recycle(held);
          releaseMemory();
          releaseSlot();
        };
        let data: Buffer;
        let md5: Buffer;
        try {
          if (failure !== undefined) throw failure;
          data = held = hasher.allocPart(end - start);
          await readRange(fh, row.path, data, start);
          await checkUnchanged(fs, row.path, identity);
          md5 = await hashing.part(data);
        } catch (err) {
          release();
          failure ??= err;
          break;
        }
        md5s[n - 1] = md5;
        const have = existing.get(n);
        const haveEtag = bareEtag(have?.ETag);
        if (
          have &&
          have.Size === data.length &&
          (haveEtag === md5.toString('hex') || !md5Hex.test(haveEtag))
        ) {
          parts[n - 1] = { PartNumber: n, ETag: have.ETag! };
          confirmed += data.length;
          release();
          observer.part({ partNumber: n, size: data.length, phase: 'skipped' });
          report();
          continue;
        }
        const task = runner
          .send(
            {
              operation: 'UploadPart',
              partNumber: n,
              path: row.path,
              signal: stop.signal,
              onRetry: (r) => observer.retry(r),
              onFailedAttempt: () => {
                inFlight.set(n, 0);
                report();
              },
            },
            (client, s) => {
              inFlight.set(n, 0);
              observer.part({ partNumber: n, size: data.length, phase: 'attempt' });
              const body = partBody(
                data,
                limiter,
                (bytes) => {
                  inFlight.set(n, (inFlight.get(n) ?? 0) + bytes);
                  report();
                },
                s,
              );
              return sendPut(
                client,
                {
                  bucket: row.bucket,
                  key: row.key,
                  uploadId: plan.uploadId,
                  partNumber: n,
                  body,
                  contentLength: data.length,
                  contentMd5: md5.toString('base64'),
                },
                s,
                options.fastRequests,
              );
            },
          )
          .then(
            (res) => {
              parts[n - 1] = { PartNumber: n, ETag: res.ETag ?? `"${md5.toString('hex')}"` };
              inFlight.delete(n);
              confirmed += data.length;
              repo.setBytesDone(row.id, confirmed);
              observer.part({ partNumber: n, size: data.length, phase: 'done' });
              report();
            },
            (err: unknown) => {
              inFlight.delete(n);
              if (failure === undefined) {
                failure = err;
                stop.abort(err);
              }
            },
          )
          .finally(release);
        running.add(task);
        void task.finally(() => running.delete(task));
      }
      await Promise.allSettled([...running]);
    } finally {
      ctx.signal.removeEventListener('abort', onOuterAbort);
    }
    // Also on failure: the worker drops this file's running hash.
    const sha256 = hashing.digest();
    sha256.catch(() => undefined); // awaited below; a failed upload never reads it
    if (failure !== undefined) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      if (isUploadGone(failure)) {
        // Aborted behind our back (lifecycle rule, another tool): start this file over.
        repo.forgetUpload(plan.uploadId);
        repo.clearPlan(row.id);
        throw new CopperError(
          FILE_CHANGED,
          `${row.path}: its multipart upload disappeared from S3; starting it over.`,
          true,
        );
      }
      throw failure;
    }
    const expectedEtag = multipartEtag(md5s);
    let versionId: string | undefined;
    try {
      const done = await runner.send(
        {
          operation: 'CompleteMultipartUpload',
          path: row.path,
          signal: ctx.signal,
          onRetry: (r) => observer.retry(r),
        },
        (client, s) =>
          client.send(
            new CompleteMultipartUploadCommand({
              Bucket: row.bucket,
              Key: row.key,
              UploadId: plan.uploadId,
              MultipartUpload: { Parts: parts },
            }),
            { abortSignal: s },
          ),
      );
      versionId = done.VersionId;
    } catch (err) {
      // A retried Complete whose first try succeeded answers NoSuchUpload: look at the object.
      if (!isUploadGone(err)) throw err;
      const head = await this.head(row, ctx.signal);
      if (!head || bareEtag(head.ETag) !== expectedEtag || head.ContentLength !== identity.size) throw err;
      versionId = head.VersionId;
    }
    const etag = await verifyObject(runner, row, identity.size, expectedEtag, versionId, ctx.signal);
    repo.recordUploaded(
      row.id,
      {
        bucket: row.bucket,
        key: row.key,
        sha256: await sha256,
        size: identity.size,
        versionId: versionId ?? null,
        etag,
      },
      plan.uploadId,
    );
    return { reason: 'uploaded', versionId, etag, sha256: await sha256 };
  }

  /** Every part S3 has for the upload (ListParts pages through up to 10,000). */
  private async listParts(row: QueueRow, uploadId: string, signal: AbortSignal): Promise<Map<number, Part>> {
    const parts = new Map<number, Part>();
    let marker: string | undefined;
    for (;;) {
      const page = await this.deps.runner.send(
        { operation: 'ListParts', path: row.path, signal },
        (client, s) =>
          client.send(
            new ListPartsCommand({
              Bucket: row.bucket,
              Key: row.key,
              UploadId: uploadId,
              PartNumberMarker: marker,
              MaxParts: 1000,
            }),
            { abortSignal: s },
          ),
      );
      for (const p of page.Parts ?? []) if (p.PartNumber) parts.set(p.PartNumber, p);
      if (!page.IsTruncated || !page.NextPartNumberMarker) return parts;
      marker = String(page.NextPartNumberMarker);
    }
  }

  /**
   * After a crash between CompleteMultipartUpload and recording it, the uploadId is gone but
   * the object is there: if its size and multipart ETag match this file, it is done (no
   * second version is written).
   */
  private async alreadyCompleted(ctx: UploadContext, partSize: number): Promise<UploadResult | undefined> {
    const { row, identity } = ctx;
    const head = await this.head(row, ctx.signal);
    if (!head || head.ContentLength !== identity.size || head.LastModified === undefined) return undefined;
    if (head.LastModified.getTime() < row.addedAt - 60_000) return undefined;
    const digest = await digestFile(ctx.fh, row.path, identity.size, partSize, ctx.signal);
    if (bareEtag(head.ETag) !== digest.etag) return undefined;
    await checkUnchanged(this.deps.fs, row.path, identity);
    this.deps.repo.recordUploaded(
      row.id,
      {
        bucket: row.bucket,
        key: row.key,
        sha256: digest.sha256,
        size: identity.size,
        versionId: head.VersionId ?? null,
        etag: digest.etag,
      },
      row.uploadId ?? undefined,
    );
    ctx.observer.progress(identity.size);
    return { reason: 'uploaded', versionId: head.VersionId, etag: digest.etag, sha256: digest.sha256 };
  }

  private async head(row: QueueRow, signal: AbortSignal) {
    try {
      return await this.deps.runner.send({ operation: 'HeadObject', path: row.path, signal }, (client, s) =>
        client.send(new HeadObjectCommand({ Bucket: row.bucket, Key: row.key }), { abortSignal: s }),
      );
    } catch (err) {
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
        return undefined;
      throw err;
    }
  }

  /**
   * Aborts the entry's multipart upload on S3 and forgets its plan. Best effort: when S3
   * cannot be reached the uploadId stays in `multipart_uploads` for the startup sweep.
   */
  async abandon(row: QueueRow): Promise<void> {
    const uploadId = row.uploadId;
    if (!uploadId) return;
    this.deps.repo.clearPlan(row.id);
    await abortUpload(this.deps, row.bucket, row.key, uploadId, row.path);
  }
}

/** AbortMultipartUpload, treating "already gone" as success; returns whether it is gone. */
export async function abortUpload(
  deps: Pick<UploaderDeps, 'runner' | 'repo'>,
  bucket: string,
  key: string,
  uploadId: string,
  path: string,
): Promise<boolean> {
  try {
    await deps.runner.send({ operation: 'AbortMultipartUpload', path }, (client, s) =>
      client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }), {
        abortSignal: s,
      }),
    );
  } catch (err) {
    if (!isUploadGone(err)) return false;
  }
  deps.repo.forgetUpload(uploadId);
  return true;
}
