import { partBody } from './body-stream';
import { sendPut } from './fast-s3-request';
import { contentTypeFor } from './content-type';
import { bareEtag, checkUnchanged, readRange } from './file-access';
import type { PutPlan } from './plan-store';
import { couldBeOurs, putPlanFits } from './resume-decisions';
import {
  headObject,
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
  const digests: Digests = {};
  try {
    sent = await readAndPut(deps, ctx, metadata, digests);
  } catch (err) {
    if (signal.aborted) await recordIfStored(deps, ctx, digests);
    throw err;
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

/** What a stopped PUT leaves to check: the bytes' hashes, and whether all of them went out. */
interface Digests {
  sha256?: string;
  md5hex?: string;
  allSent?: boolean;
}

/**
 * Stopped (a cancel, a pause, a quit) while the PUT was out: S3 may have stored it before the
 * answer came. If the key now holds exactly these bytes, written after the entry was queued,
 * it is recorded, so the same file added again is `unchanged` instead of a second version.
 */
async function recordIfStored(deps: UploaderDeps, ctx: UploadContext, d: Digests): Promise<void> {
  if (!d.sha256 || !d.md5hex || !d.allSent) return;
  const { job, identity } = ctx;
  const head = await headObject(deps.runner, job, AbortSignal.timeout(10_000)).catch(() => undefined);
  if (!head || !couldBeOurs(head, identity.size, job.addedAt, d.md5hex)) return;
  ctx.plan.recordUploaded({
    sha256: d.sha256,
    size: identity.size,
    versionId: head.VersionId ?? null,
    etag: d.md5hex,
  });
}

async function readAndPut(
  deps: UploaderDeps,
  ctx: UploadContext,
  metadata: Record<string, string>,
  digests: Digests,
) {
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
    Object.assign(digests, { sha256, md5hex });
    const result = await putObject(deps, ctx, data, md5, metadata, digests);
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
  digests: Digests,
) {
  const { job, identity, signal, observer } = ctx;
  const md5hex = md5.toString('hex');
  let sent = 0;
  let attempts = 0;
  const counted = (n: number) => {
    sent += n;
    if (sent === data.length) digests.allSent = true;
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
      if (data.length === 0) digests.allSent = true;
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
