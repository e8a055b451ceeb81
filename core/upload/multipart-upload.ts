import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  UploadPartCommand,
  type Part,
} from '@aws-sdk/client-s3';
import { CopperError } from '../../shared/errors';
import { isUploadGone } from '../s3/s3-errors';
import { abandonPlan } from './abort-upload';
import { partBody } from './body-stream';
import { contentTypeFor } from './content-type';
import { FILE_CHANGED } from './file-access';
import { runPartLoop } from './part-loop';
import { PartProgress } from './part-progress';
import { PartReader } from './part-reader';
import { choosePartSize, partCount } from './part-size';
import type { MultipartPlan } from './plan-store';
import { keepsPart, resumablePlan } from './resume-decisions';
import { verifyObject, type UploadContext, type UploadResult, type UploaderDeps } from './upload-context';
import { recogniseWritten } from './written-object';

type CompletedPart = { PartNumber: number; ETag: string };

/**
 * The multipart path. The plan (uploadId, part size, file identity) is stored before the
 * first byte; on resume ListParts says which parts S3 already has, and each is kept only if
 * its size and MD5 match the file's bytes now (the file is read either way, for the content
 * hash). The part loop (part-loop.ts) reads parts in order and writes `partConcurrency` at a
 * time; this class is its S3 chunk writer, plus the plan, the completion and the recognition
 * of an upload completed just before a crash.
 */
export class MultipartUpload {
  constructor(private readonly deps: UploaderDeps) {}

  async run(ctx: UploadContext): Promise<UploadResult> {
    const resumed = await this.resume(ctx);
    if (resumed && 'reason' in resumed) return resumed;
    const plan = resumed?.plan ?? (await this.createPlan(ctx));
    return this.sendParts(ctx, plan, resumed?.existing ?? new Map());
  }

  /** The stored plan and the parts S3 has for it; or the result when it was already completed. */
  private async resume(
    ctx: UploadContext,
  ): Promise<{ plan: MultipartPlan; existing: Map<number, Part> } | UploadResult | undefined> {
    const plan = resumablePlan(ctx.plan.current, ctx.identity);
    if (!plan) {
      // Not the file the plan was made for (or a single-PUT plan): that plan can never complete.
      if (ctx.plan.current) await abandonPlan(this.deps, ctx.plan);
      return undefined;
    }
    try {
      return { plan, existing: await this.listParts(ctx, plan.uploadId) };
    } catch (err) {
      if (!isUploadGone(err)) throw err;
      // The upload is gone: either it was completed just before a crash, or aborted/expired.
      const finished = await recogniseWritten(this.deps, ctx, plan.partSize);
      if (finished) return finished;
      this.deps.store.forgetUpload(plan.uploadId);
      ctx.plan.clear();
      return undefined;
    }
  }

  private async createPlan(ctx: UploadContext): Promise<MultipartPlan> {
    const { job, identity } = ctx;
    const partSize = choosePartSize(identity.size, this.deps.options.partSizeMin);
    const metadata = (await this.deps.objectMetadata?.()) ?? {};
    // Not aborted mid-flight: a pause or cancel that cut this small request after S3 had
    // created the upload would leave an uploadId nobody recorded (an orphan only the
    // lifecycle rule would clean up). Let it answer, record the plan, then honour the stop.
    const created = await this.deps.runner.send(
      {
        operation: 'CreateMultipartUpload',
        path: job.path,
        signal: ctx.signal,
        onRetry: (r) => ctx.observer.retry(r),
      },
      (client) =>
        client.send(
          new CreateMultipartUploadCommand({
            Bucket: job.bucket,
            Key: job.key,
            ContentType: contentTypeFor(job.key),
            Metadata: metadata,
          }),
        ),
    );
    if (!created.UploadId) throw new CopperError('upload-failed', `${job.path}: S3 gave no upload id.`, true);
    const plan: MultipartPlan = {
      kind: 'multipart',
      uploadId: created.UploadId,
      partSize,
      size: identity.size,
      mtimeMs: identity.mtimeMs,
    };
    ctx.plan.set(plan);
    return plan;
  }

  private async sendParts(
    ctx: UploadContext,
    plan: MultipartPlan,
    existing: Map<number, Part>,
  ): Promise<UploadResult> {
    const { job, identity, fh } = ctx;
    const { budget, fs, options } = this.deps;
    const count = partCount(identity.size, plan.partSize);
    const parts: CompletedPart[] = new Array(count);
    const reader = new PartReader({ fh, path: job.path, identity, fs }, plan.partSize, count, budget);
    const progress = new PartProgress(ctx.observer);
    try {
      await runPartLoop(
        {
          count,
          concurrency: options.partConcurrency,
          read: (n, signal) => reader.read(n, signal),
          write: async (n, data, signal) => {
            const md5 = reader.md5(n);
            const have = existing.get(n);
            if (keepsPart(have, data.length, md5.toString('hex'))) {
              parts[n - 1] = { PartNumber: n, ETag: have!.ETag! };
              progress.confirm(n, data.length, 'skipped');
              return;
            }
            const etag = await this.sendPart(ctx, plan, n, data, md5, progress, signal);
            parts[n - 1] = { PartNumber: n, ETag: etag };
            progress.confirm(n, data.length, 'done');
            ctx.plan.partDone(progress.confirmed);
          },
        },
        ctx.signal,
      );
    } catch (err) {
      throw this.partFailure(ctx, plan, err);
    }
    return this.complete(ctx, plan, parts, reader);
  }

  /** UploadPart with Content-MD5 (S3 verifies it); the part's bytes are counted as they go. */
  private async sendPart(
    ctx: UploadContext,
    plan: MultipartPlan,
    n: number,
    data: Buffer,
    md5: Buffer,
    progress: PartProgress,
    signal: AbortSignal,
  ): Promise<string> {
    const { job } = ctx;
    try {
      const res = await this.deps.runner.send(
        {
          operation: 'UploadPart',
          partNumber: n,
          path: job.path,
          signal,
          onRetry: (r) => ctx.observer.retry(r),
          onFailedAttempt: () => progress.rollback(n),
        },
        (client, s) => {
          progress.attempt(n, data.length);
          const body = partBody(data, this.deps.limiter, (bytes) => progress.sent(n, bytes), s);
          return client.send(
            new UploadPartCommand({
              Bucket: job.bucket,
              Key: job.key,
              UploadId: plan.uploadId,
              PartNumber: n,
              Body: body,
              ContentLength: data.length,
              ContentMD5: md5.toString('base64'),
            }),
            { abortSignal: s },
          );
        },
      );
      return res.ETag ?? `"${md5.toString('hex')}"`;
    } catch (err) {
      progress.drop(n);
      throw err;
    }
  }

  /** What a failed part loop becomes: the caller's stop, a restart, or the failure itself. */
  private partFailure(ctx: UploadContext, plan: MultipartPlan, err: unknown): unknown {
    if (ctx.signal.aborted) return ctx.signal.reason;
    if (!isUploadGone(err)) return err;
    // Aborted behind our back (lifecycle rule, another tool): start this file over.
    this.deps.store.forgetUpload(plan.uploadId);
    ctx.plan.clear();
    return new CopperError(
      FILE_CHANGED,
      `${ctx.job.path}: its multipart upload disappeared from S3; starting it over.`,
      true,
    );
  }

  /**
   * CompleteMultipartUpload, then the object is checked and recorded. The request is not cut
   * by a pause or cancel: once every part is on S3, the finish wins over a stop racing it
   * (cutting it could leave an object S3 holds and the queue forgot). A retried Complete whose
   * first try succeeded answers NoSuchUpload: the object is then looked at instead.
   */
  private async complete(
    ctx: UploadContext,
    plan: MultipartPlan,
    parts: CompletedPart[],
    reader: PartReader,
  ): Promise<UploadResult> {
    const { job, identity } = ctx;
    const { runner } = this.deps;
    const expectedEtag = reader.etag();
    let versionId: string | undefined;
    try {
      const done = await runner.send(
        { operation: 'CompleteMultipartUpload', path: job.path, onRetry: (r) => ctx.observer.retry(r) },
        (client) =>
          client.send(
            new CompleteMultipartUploadCommand({
              Bucket: job.bucket,
              Key: job.key,
              UploadId: plan.uploadId,
              MultipartUpload: { Parts: parts },
            }),
          ),
      );
      versionId = done.VersionId;
    } catch (err) {
      if (!isUploadGone(err)) throw err;
      const found = await recogniseWritten(this.deps, ctx, plan.partSize, expectedEtag);
      if (!found) throw err;
      return found;
    }
    const etag = await verifyObject(
      runner,
      job,
      identity.size,
      expectedEtag,
      versionId,
      new AbortController().signal,
    );
    const sha256 = reader.sha256();
    ctx.plan.recordUploaded({ sha256, size: identity.size, versionId: versionId ?? null, etag });
    return { reason: 'uploaded', versionId, etag, sha256 };
  }

  /** Every part S3 has for the upload (ListParts pages through up to 10,000). */
  private async listParts(ctx: UploadContext, uploadId: string): Promise<Map<number, Part>> {
    const { job } = ctx;
    const parts = new Map<number, Part>();
    let marker: string | undefined;
    for (;;) {
      const page = await this.deps.runner.send(
        { operation: 'ListParts', path: job.path, signal: ctx.signal },
        (client, s) =>
          client.send(
            new ListPartsCommand({
              Bucket: job.bucket,
              Key: job.key,
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
}
