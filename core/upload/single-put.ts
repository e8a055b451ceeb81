import { partBody } from './body-stream';
import { sendPut } from './fast-s3-request';
import { contentTypeFor } from './content-type';
import { bareEtag, checkUnchanged, readRange } from './file-access';
import type { PutPlan } from './plan-store';
import { couldBeOurs, putPlanFits } from './resume-decisions';
import {
  headWith,
  verifyObject,
  type UploadContext,
  type UploadResult,
  type UploaderDeps,
} from './upload-context';
import { recogniseWritten } from './written-object';

/**
 * One PutObject with Content-MD5. Its MD5 and size are stored as the job's plan before the
 * PUT is sent, so neither a kill after S3 stored the object nor a retry after a lost answer
 * writes a second version: both look at the key first and accept an object with that ETag
 * and size, written after the entry was queued.
 */
export async function singlePut(deps: UploaderDeps, ctx: UploadContext): Promise<UploadResult> {
  const { identity, signal } = ctx;
  const stored = ctx.plan.current;
  if (putPlanFits(stored, identity)) {
    const found = await recogniseWritten(deps, ctx, undefined, (stored as PutPlan).md5);
    if (found) return found;
  }
  const metadata = (await deps.objectMetadata?.()) ?? {};
  const release = await deps.budget.acquire(identity.size, signal);
  let sent: { result: { VersionId?: string; ETag?: string }; sha256: string; md5hex: string };
  try {
    sent = await readAndPut(deps, ctx, metadata);
  } finally {
    release();
  }
  const { result, sha256, md5hex } = sent;
  ctx.observer.part({ partNumber: 1, size: identity.size, phase: 'done' });
  // S3 checked Content-MD5 against the bytes it stored, and a single PUT's ETag is that MD5:
  // when the answer carries it, the object is verified without a HeadObject round trip (one
  // per file mattered with thousands of small files). Anything else is checked with HEAD.
  const etag =
    bareEtag(result.ETag) === md5hex
      ? md5hex
      : await verifyObject(deps.runner, ctx.job, identity.size, md5hex, result.VersionId, signal);
  ctx.plan.recordUploaded({ sha256, size: identity.size, versionId: result.VersionId ?? null, etag });
  ctx.observer.progress(identity.size);
  return { reason: 'uploaded', versionId: result.VersionId, etag, sha256 };
}

async function readAndPut(deps: UploaderDeps, ctx: UploadContext, metadata: Record<string, string>) {
  const { identity } = ctx;
  // An 8 MiB file is hashed as a multipart part is: in a worker, from a reused buffer (fresh
  // 8 MiB buffers per file piled up faster than GC freed them: 210 MB peak RSS on 8 MiB files).
  const data = deps.hasher.allocPart(identity.size);
  try {
    await readRange(ctx.fh, ctx.job.path, data, 0);
    await checkUnchanged(deps.fs, ctx.job.path, identity);
    const hashing = deps.hasher.file(identity.size);
    const md5 = await hashing.part(data);
    const sha256 = await hashing.digest();
    const md5hex = md5.toString('hex');
    ctx.plan.set({ kind: 'put', md5: md5hex, size: identity.size, mtimeMs: identity.mtimeMs });
    const result = await putObject(deps, ctx, data, md5, metadata);
    return { result, sha256, md5hex };
  } finally {
    deps.hasher.recycle(data);
  }
}

/** The PutObject with the engine's retries; a retry first looks for what a lost answer stored. */
async function putObject(
  deps: UploaderDeps,
  ctx: UploadContext,
  data: Buffer,
  md5: Buffer,
  metadata: Record<string, string>,
) {
  const { job, identity, signal, observer } = ctx;
  const md5hex = md5.toString('hex');
  let sent = 0;
  let attempts = 0;
  const counted = (n: number) => {
    sent += n;
    observer.progress(sent);
  };
  return deps.runner.send(
    {
      operation: 'PutObject',
      path: job.path,
      signal,
      onRetry: (r) => observer.retry(r),
      onFailedAttempt: () => {
        sent = 0;
        observer.progress(0);
      },
    },
    async (client, s) => {
      // A retry after a lost answer: the first attempt may have been stored.
      if (attempts++ > 0) {
        const head = await headWith(client, job, s);
        if (head && couldBeOurs(head, identity.size, job.addedAt, md5hex)) return head;
      }
      sent = 0;
      observer.part({ partNumber: 1, size: data.length, phase: 'attempt' });
      const body = data.length === 0 ? data : partBody(data, deps.limiter, counted, s);
      return sendPut(
        client,
        {
          bucket: job.bucket,
          key: job.key,
          body,
          contentLength: data.length,
          contentMd5: md5.toString('base64'),
          contentType: contentTypeFor(job.key),
          metadata,
        },
        s,
        deps.options.fastRequests,
      );
    },
  );
}
