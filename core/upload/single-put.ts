import { hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CopperError } from '../../shared/errors';
import { errorCode } from '../s3/s3-errors';
import { partBody } from './body-stream';
import { sendPut, type FastPut } from './fast-s3-request';
import { contentTypeFor } from './content-type';
import { BUFFERED_PUT_BYTES } from './file-slots';
import { FILE_BODY_BYTES, FileBody } from './file-body';
import {
  FILE_CHANGED,
  bareEtag,
  checkUnchanged,
  digestFile,
  fileError,
  readRange,
  shorterError,
} from './file-access';
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

/** S3's answers to bytes that do not match the checksum sent with them. */
const DIGEST_ERRORS = new Set(['BadDigest', 'XAmzContentSHA256Mismatch']);

/**
 * One PutObject whose bytes S3 checks before it stores them: the file's SHA-256 is signed as
 * the payload hash, and S3 refuses other bytes (XAmzContentSHA256Mismatch). It is the content
 * hash the queue keeps anyway, so no MD5 is computed (MD5 runs at ~735 MiB/s here, SHA-256 at
 * ~1,700). Median of alternated rounds against Content-MD5: 50 × 8 MiB 1.74 s instead of 1.89
 * at 0.83 s of client CPU instead of 1.36; 1,000 × 256 KiB 2.76 s instead of 2.93 at 0.35 s
 * less client CPU, the server spending ~0.15 s more for its second hash; 1,000 × 32 KiB the same.
 * The file's identity is stored as the job's plan before the PUT, so neither a kill after S3
 * stored the object nor a retry after a lost answer writes a second version: both look at the
 * key first and accept an object of this size, written after the entry was queued, whose ETag
 * is the MD5 of these bytes (read from the file for it only then).
 */
export async function singlePut(deps: UploaderDeps, ctx: UploadContext): Promise<UploadResult> {
  const { identity, signal } = ctx;
  const stored = ctx.plan.current;
  if (putPlanFits(stored, identity)) {
    const found = await recogniseWritten(deps, ctx, undefined, (stored as PutPlan).md5);
    if (found) return found;
  }
  const metadata = (await deps.objectMetadata?.()) ?? {};
  let sent: { result: { VersionId?: string; ETag?: string }; sha256: string };
  const digests: Digests = {};
  try {
    sent = await readAndPut(deps, ctx, metadata, digests);
  } catch (err) {
    if (signal.aborted) await recordIfStored(deps, ctx, digests);
    throw err;
  }
  const { result, sha256 } = sent;
  ctx.observer.part({ partNumber: 1, size: identity.size, phase: 'done' });
  // S3 checked the bytes against their signed SHA-256 before it stored them: the ETag it
  // answers is recorded without a HeadObject round trip (one per file mattered with thousands
  // of small files). An answer without one is checked with HEAD (the object's size).
  const etag =
    bareEtag(result.ETag) ||
    (await verifyObject(deps.runner, ctx.job, identity.size, undefined, result.VersionId, signal));
  ctx.plan.recordUploaded({ sha256, size: identity.size, versionId: result.VersionId ?? null, etag });
  ctx.observer.progress(identity.size);
  return { reason: 'uploaded', versionId: result.VersionId, etag, sha256 };
}

/** What a stopped PUT leaves to check: the bytes' SHA-256, and whether all of them went out. */
interface Digests {
  sha256?: string;
  allSent?: boolean;
}

/**
 * The ETag of `head` when it is this file as one PUT, written after the entry was queued: its
 * size and date are checked first, and only then is the file read for its MD5 (the ETag S3
 * gives those bytes).
 */
async function etagIfOurs(
  head: Parameters<typeof couldBeOurs>[0],
  ctx: UploadContext,
): Promise<string | undefined> {
  const { fh, job, identity } = ctx;
  if (!couldBeOurs(head, identity.size, job.addedAt)) return undefined;
  const etag = (await digestFile(fh, job.path, identity.size, undefined).catch(() => undefined))?.etag;
  return etag && couldBeOurs(head, identity.size, job.addedAt, etag) ? etag : undefined;
}

/**
 * Stopped (a cancel, a pause, a quit) while the PUT was out: S3 may have stored it before the
 * answer came. If the key now holds exactly these bytes, written after the entry was queued,
 * it is recorded, so the same file added again is `unchanged` instead of a second version.
 */
async function recordIfStored(deps: UploaderDeps, ctx: UploadContext, d: Digests): Promise<void> {
  if (!d.sha256 || !d.allSent) return;
  const { job, identity } = ctx;
  const head = await headObject(deps.runner, job, AbortSignal.timeout(10_000)).catch(() => undefined);
  const etag = head && (await etagIfOurs(head, ctx));
  if (!etag) return;
  ctx.plan.recordUploaded({ sha256: d.sha256, size: identity.size, versionId: head.VersionId ?? null, etag });
}

/** The request body of one attempt: a buffer, or a stream made anew per attempt. */
type BodyOf = (counted: (n: number) => void, signal: AbortSignal | undefined) => Buffer | Readable;

/**
 * Reads, hashes and sends the file: from a buffer under a MiB, otherwise hashed in a pass of its
 * own and streamed from the file.
 */
const readAndPut: typeof bufferedPut = (deps, ctx, metadata, digests) =>
  (ctx.identity.size >= BUFFERED_PUT_BYTES ? streamedPut : bufferedPut)(deps, ctx, metadata, digests);

/**
 * A small file: read once into a reused buffer, hashed, and sent as that buffer (one socket
 * write). Fresh buffers per file piled up faster than GC freed them.
 */
async function bufferedPut(
  deps: UploaderDeps,
  ctx: UploadContext,
  metadata: Record<string, string>,
  digests: Digests,
) {
  const { identity } = ctx;
  const release = await deps.budget.acquire(identity.size, ctx.signal);
  const data = deps.hasher.allocPart(identity.size);
  try {
    await readRange(ctx.fh, ctx.job.path, data, 0);
    await checkUnchanged(deps.fs, ctx.job.path, identity);
    const body: BodyOf = (counted, s) =>
      data.length === 0 ? data : partBody(data, deps.limiter, counted, s);
    return await hashedPut(deps, ctx, hash('sha256', data), body, metadata, digests);
  } finally {
    deps.hasher.recycle(data);
    release();
  }
}

/**
 * A file of a MiB or more (up to the multipart threshold): hashed in a worker that reads it
 * itself, then streamed from the file as the request body, so a file in flight holds two
 * chunks instead of all its bytes and many can be in flight at once (8 MiB files held whole
 * allowed five at a time in the memory budget and left the S3 server waiting). Bytes that
 * change between the two reads no longer match the signed SHA-256: S3 refuses them and the
 * file is started over, as any file that changes under its upload is.
 */
async function streamedPut(
  deps: UploaderDeps,
  ctx: UploadContext,
  metadata: Record<string, string>,
  digests: Digests,
) {
  const { identity, job, fh } = ctx;
  const release = await deps.budget.acquire(Math.min(identity.size, FILE_BODY_BYTES), ctx.signal);
  try {
    const sha256 = await sha256OfFile(deps, ctx);
    await checkUnchanged(deps.fs, job.path, identity);
    const body: BodyOf = (onBytes, signal) =>
      new FileBody({
        fh,
        path: job.path,
        size: identity.size,
        limiter: deps.limiter,
        onBytes,
        signal,
        pool: deps.hasher,
      });
    return await hashedPut(deps, ctx, sha256, body, metadata, digests, true);
  } finally {
    release();
  }
}

/** The whole file's SHA-256: in a hashing worker, or here when hashing is inline. */
async function sha256OfFile(deps: UploaderDeps, ctx: UploadContext): Promise<string> {
  const { fh, job, identity } = ctx;
  const inWorker = deps.hasher.wholeFile(fh.fd, identity.size);
  if (!inWorker) return (await digestFile(fh, job.path, identity.size, undefined, ctx.signal)).sha256;
  const hashes = await inWorker.catch((err: unknown) => {
    throw fileError(job.path, err);
  });
  if (hashes.bytes < identity.size) throw shorterError(job.path);
  return hashes.sha256;
}

/** Records the file's identity as the job's plan, then sends the PUT. */
async function hashedPut(
  deps: UploaderDeps,
  ctx: UploadContext,
  sha256: string,
  body: BodyOf,
  metadata: Record<string, string>,
  digests: Digests,
  streamed = false,
) {
  const { identity } = ctx;
  ctx.plan.set({ kind: 'put', size: identity.size, mtimeMs: identity.mtimeMs });
  digests.sha256 = sha256;
  const result = await putObject(deps, ctx, body, sha256, metadata, digests, streamed);
  return { result, sha256 };
}

/**
 * The PutObject with the engine's retries; a retry first looks for what a lost answer stored
 * (an object of this size, written since the entry was queued, whose ETag is the file's MD5).
 */
async function putObject(
  deps: UploaderDeps,
  ctx: UploadContext,
  bodyOf: BodyOf,
  sha256: string,
  metadata: Record<string, string>,
  digests: Digests,
  streamed: boolean,
) {
  const { job, identity, signal, observer } = ctx;
  const size = identity.size;
  let sent = 0;
  let attempts = 0;
  const counted = (n: number) => {
    sent += n;
    if (sent === size) digests.allSent = true;
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
        if (head && (await etagIfOurs(head, ctx))) return head;
      }
      sent = 0;
      if (size === 0) digests.allSent = true;
      observer.part({ partNumber: 1, size, phase: 'attempt' });
      const req = {
        bucket: job.bucket,
        key: job.key,
        contentLength: size,
        payloadSha256: sha256,
        contentType: contentTypeFor(job.key),
        metadata,
      };
      const body = bodyOf(counted, s);
      if (!streamed) return sendPut(client, { ...req, body }, s, deps.options.fastRequests);
      return sendStreamed(client, req, body as Readable, s, deps.options.fastRequests, job.path);
    },
  );
}

/**
 * A PUT whose body streams from the file: a body that fails (the file got shorter, a read
 * error) fails the request with its own error. S3 finding other bytes than the hashed ones
 * (XAmzContentSHA256Mismatch; BadDigest on a server that checks an MD5) means the file changed
 * between the hash pass and this one: it is started over.
 */
async function sendStreamed(
  client: Parameters<typeof sendPut>[0],
  req: Omit<FastPut, 'body'>,
  body: Readable,
  signal: AbortSignal | undefined,
  fast: boolean,
  path: string,
) {
  try {
    return await sendPut(client, { ...req, body }, signal, fast);
  } catch (err) {
    // No `cause`: the request runner would judge the error by it (a digest error: retry the same bytes).
    if (DIGEST_ERRORS.has(errorCode(err)))
      throw new CopperError(FILE_CHANGED, `${path} changed while it was being uploaded.`, true);
    throw err;
  } finally {
    body.destroy();
  }
}
