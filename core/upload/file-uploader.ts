import type { FileHandle } from 'node:fs/promises';
import { CopperError } from '../../shared/errors';
import type { QueueRow } from '../db/queue-repository';
import { partBody } from './body-stream';
import { contentTypeFor } from './content-type';
import { sendPut } from './fast-s3-request';
import {
  FILE_CHANGED,
  bareEtag,
  checkUnchanged,
  digestFile,
  fileError,
  readRange,
  statFile,
} from './file-access';
import { MultipartUpload } from './multipart-upload';
import { MAX_OBJECT_SIZE } from './part-size';
import type { UploadContext, UploadObserver, UploadResult, UploaderDeps } from './upload-context';
import { verifyObject } from './upload-context';

/**
 * Uploads one queue entry: checks the file, skips it when its content equals the key's last
 * upload, sends it in one PUT or as a resumable multipart upload, verifies the result, and
 * records it. A file that changes under the upload is started over (a few times at most).
 * Throws CopperError: `file-*` codes name the file; `network-down` means wait for the network;
 * S3 codes (AccessDenied, NoSuchBucket) are passed on with the file named.
 */
export class FileUploader {
  constructor(private readonly deps: UploaderDeps) {}

  async upload(rowId: number, signal: AbortSignal, observer: UploadObserver): Promise<UploadResult> {
    for (let restart = 0; ; restart++) {
      const row = this.deps.repo.get(rowId);
      if (!row) throw new CopperError('cancelled', `Entry ${rowId} is no longer in the queue.`, false);
      try {
        return await this.attempt(row, signal, observer);
      } catch (err) {
        if (err instanceof CopperError && err.code === FILE_CHANGED) {
          if (restart + 1 >= this.deps.options.maxRestartsOnChange) {
            throw new CopperError(
              'changed-too-often',
              `${row.path} kept changing while it was being uploaded; retry once it is saved and stable.`,
              true,
            );
          }
          observer.progress(0);
          continue;
        }
        throw err;
      }
    }
  }

  private async attempt(row: QueueRow, signal: AbortSignal, observer: UploadObserver): Promise<UploadResult> {
    const { repo, fs, options } = this.deps;
    const identity = await statFile(fs, row.path);
    if (identity.size > MAX_OBJECT_SIZE) {
      throw new CopperError(
        'file-too-large',
        `${row.path} is ${formatBytes(identity.size)}, over the 5 TiB S3 object maximum; it was not uploaded.`,
        false,
      );
    }
    repo.setIdentity(row.id, identity.size, identity.mtimeMs);
    let fh: FileHandle;
    try {
      fh = await fs.open(row.path, 'r');
    } catch (err) {
      throw fileError(row.path, err);
    }
    const multipart = new MultipartUpload(this.deps);
    try {
      let knownSha256: string | undefined;
      const last = repo.lastUpload(row.bucket, row.key);
      if (last && last.size === identity.size) {
        // Same size as the key's last upload: hash first, and send nothing if it is the same.
        knownSha256 = (await digestFile(fh, row.path, identity.size, undefined, signal)).sha256;
        await checkUnchanged(fs, row.path, identity);
        if (knownSha256 === last.sha256) {
          if (row.uploadId) await multipart.abandon(row);
          observer.progress(identity.size);
          return {
            reason: 'unchanged',
            versionId: last.versionId ?? undefined,
            etag: last.etag ?? undefined,
            sha256: knownSha256,
          };
        }
      }
      const ctx: UploadContext = { row, identity, fh, signal, observer, knownSha256 };
      if (identity.size < options.multipartThreshold) {
        if (row.uploadId) await multipart.abandon(row);
        return await this.single(ctx);
      }
      return await multipart.run(ctx);
    } catch (err) {
      if (err instanceof CopperError && (err.code === FILE_CHANGED || err.code === 'file-vanished')) {
        // Nothing half-done may stay on S3: the old plan is void.
        const current = repo.get(row.id);
        if (current?.uploadId) await multipart.abandon(current);
      }
      throw err;
    } finally {
      await fh.close().catch(() => undefined);
    }
  }

  /** One PutObject with Content-MD5; the answer's ETag (or a HeadObject) confirms what S3 holds. */
  private async single(ctx: UploadContext): Promise<UploadResult> {
    const { row, identity, fh, signal, observer } = ctx;
    const { budget, runner, limiter, repo, fs } = this.deps;
    const metadata = (await this.deps.objectMetadata?.()) ?? {};
    const release = await budget.acquire(identity.size, signal);
    let result: { VersionId?: string; ETag?: string };
    let sha256: string;
    let md5hex: string;
    let held: Buffer | undefined;
    try {
      const data = (held = this.deps.hasher.allocPart(identity.size));
      await readRange(fh, row.path, data, 0);
      await checkUnchanged(fs, row.path, identity);
      const hashing = this.deps.hasher.file(identity.size);
      const md5 = await hashing.part(data);
      sha256 = await hashing.digest();
      md5hex = md5.toString('hex');
      let sent = 0;
      result = await runner.send(
        {
          operation: 'PutObject',
          path: row.path,
          signal,
          onRetry: (r) => observer.retry(r),
          onFailedAttempt: () => {
            sent = 0;
            observer.progress(0);
          },
        },
        (client, s) => {
          sent = 0;
          observer.part({ partNumber: 1, size: data.length, phase: 'attempt' });
          const body =
            data.length === 0
              ? data
              : partBody(
                  data,
                  limiter,
                  (n) => {
                    sent += n;
                    observer.progress(sent);
                  },
                  s,
                );
          return sendPut(
            client,
            {
              bucket: row.bucket,
              key: row.key,
              body,
              contentLength: data.length,
              contentMd5: md5.toString('base64'),
              contentType: contentTypeFor(row.key),
              metadata,
            },
            s,
            this.deps.options.fastRequests,
          );
        },
      );
    } finally {
      if (held) this.deps.hasher.recycle(held);
      release();
    }
    observer.part({ partNumber: 1, size: identity.size, phase: 'done' });
    // S3 checked Content-MD5 against the bytes it stored, and a single PUT's ETag is that MD5:
    // when the answer carries it, the object is verified without a HeadObject round trip (one
    // per file mattered with thousands of small files). Anything else is checked with HEAD.
    const etag =
      bareEtag(result.ETag) === md5hex
        ? md5hex
        : await this.verify(row, identity.size, md5hex, result.VersionId, signal);
    repo.recordUploaded(row.id, {
      bucket: row.bucket,
      key: row.key,
      sha256,
      size: identity.size,
      versionId: result.VersionId ?? null,
      etag,
    });
    observer.progress(identity.size);
    return { reason: 'uploaded', versionId: result.VersionId, etag, sha256 };
  }

  /** HeadObject the version just written: its size and ETag must be what we sent. */
  async verify(
    row: QueueRow,
    size: number,
    expectedEtag: string,
    versionId: string | undefined,
    signal: AbortSignal,
  ): Promise<string> {
    return verifyObject(this.deps.runner, row, size, expectedEtag, versionId, signal);
  }
}

function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}
