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
  let sent: { result: { VersionId?: string; ETag?: string }; sha256: string; md5hex: string };
  const digests: Digests = {};
  try {
    sent = await readAndPut(deps, ctx, metadata, digests);
  } catch (err) {
    if (signal.aborted) await recordIfStored(deps, ctx, digests);
    throw err;
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
    const hashing = deps.hasher.file(identity.size);
    const md5 = await hashing.part(data);
    const sha256 = await hashing.digest();
    const body: BodyOf = (counted, s) =>
      data.length === 0 ? data : partBody(data, deps.limiter, counted, s);
    return await hashedPut(deps, ctx, { md5, sha256 }, body, metadata, digests);
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
 * change between the two reads no longer match the Content-MD5: S3 answers BadDigest and the
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
    const hashes = await hashWhole(deps, ctx);
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
    return await hashedPut(deps, ctx, hashes, body, metadata, digests, true);
  } finally {
    release();
  }
}

/** The whole file's MD5 and SHA-256: in a hashing worker, or here when hashing is inline. */
async function hashWhole(deps: UploaderDeps, ctx: UploadContext): Promise<{ md5: Buffer; sha256: string }> {
  const { fh, job, identity } = ctx;
  const inWorker = deps.hasher.wholeFile(fh.fd, identity.size);
  if (!inWorker) {
    const { sha256, etag } = await digestFile(fh, job.path, identity.size, undefined, ctx.signal);
    return { md5: Buffer.from(etag, 'hex'), sha256 };
  }
  const hashes = await inWorker.catch((err: unknown) => {
    throw fileError(job.path, err);
  });
  if (hashes.bytes < identity.size) throw shorterError(job.path);
  return hashes;
}

/** Records the hashes as the job's plan, then sends the PUT. */
async function hashedPut(
  deps: UploaderDeps,
  ctx: UploadContext,
  hashes: { md5: Buffer; sha256: string },
  body: BodyOf,
  metadata: Record<string, string>,
  digests: Digests,
  streamed = false,
) {
  const { identity } = ctx;
  const md5hex = hashes.md5.toString('hex');
  ctx.plan.set({ kind: 'put', md5: md5hex, size: identity.size, mtimeMs: identity.mtimeMs });
  Object.assign(digests, { sha256: hashes.sha256, md5hex });
  const result = await putObject(deps, ctx, body, hashes.md5, metadata, digests, streamed);
  return { result, sha256: hashes.sha256, md5hex };
}

/** The PutObject with the engine's retries; a retry first looks for what a lost answer stored. */
async function putObject(
  deps: UploaderDeps,
  ctx: UploadContext,
  bodyOf: BodyOf,
  md5: Buffer,
  metadata: Record<string, string>,
  digests: Digests,
  streamed: boolean,
) {
  const { job, identity, signal, observer } = ctx;
  const md5hex = md5.toString('hex');
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
        if (head && couldBeOurs(head, identity.size, job.addedAt, md5hex)) return head;
      }
      sent = 0;
      if (size === 0) digests.allSent = true;
      observer.part({ partNumber: 1, size, phase: 'attempt' });
      const req = {
        bucket: job.bucket,
        key: job.key,
        contentLength: size,
        contentMd5: md5.toString('base64'),
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
 * (BadDigest) means the file changed between the hash pass and this one: it is started over.
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
    // No `cause`: the request runner would judge the error by it (BadDigest: retry the same bytes).
    if (errorCode(err) === 'BadDigest')
      throw new CopperError(FILE_CHANGED, `${path} changed while it was being uploaded.`, true);
    throw err;
  } finally {
    body.destroy();
  }
}
