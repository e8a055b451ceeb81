import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DownloadResult } from '../../shared/models/bucket';
import { CopperError } from '../../shared/errors';
import type { BucketContext } from './bucket-context';
import { toBucketError } from './s3-error';

export interface DownloadOptions {
  /** The version to fetch; the current one when omitted. */
  readonly versionId?: string;
  readonly signal?: AbortSignal;
  /** Called as bytes arrive (not throttled: the caller decides how often to show it). */
  readonly onProgress?: (received: number, total: number) => void;
}

/**
 * Streams one version into `destination` (memory stays flat in object size). Bytes go to a
 * temporary file beside it that is renamed only once complete and of the announced length,
 * so a failed download never leaves a truncated file under the final name.
 */
export async function downloadVersion(
  ctx: BucketContext,
  key: string,
  destination: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const what = options.versionId ? `"${key}" version ${options.versionId}` : `"${key}"`;
  const partial = join(dirname(destination), `.${basename(destination)}.copper-partial-${process.pid}`);
  try {
    const out = await ctx.client.send(
      new GetObjectCommand({
        Bucket: ctx.bucket,
        Key: key,
        ...(options.versionId ? { VersionId: options.versionId } : {}),
      }),
      options.signal ? { abortSignal: options.signal } : {},
    );
    if (!(out.Body instanceof Readable))
      throw new CopperError('s3-error', `S3 returned no readable body for ${what}.`);
    const total = out.ContentLength ?? -1;
    let received = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        received += chunk.length;
        options.onProgress?.(received, total);
        done(null, chunk);
      },
    });
    await pipeline(
      out.Body,
      counter,
      createWriteStream(partial),
      options.signal ? { signal: options.signal } : {},
    );
    if (total >= 0 && received !== total) {
      throw new CopperError(
        'download-incomplete',
        `The download of ${what} stopped at ${received} of ${total} bytes.`,
        true,
      );
    }
    await rename(partial, destination);
    return {
      key,
      path: destination,
      bytes: received,
      ...((out.VersionId ?? options.versionId) ? { versionId: out.VersionId ?? options.versionId } : {}),
    };
  } catch (err) {
    await rm(partial, { force: true });
    throw downloadError(err, what, destination);
  }
}

/** Why a download failed, in words: cancelled, the local file, or S3 (`what` names the version). */
function downloadError(err: unknown, what: string, destination: string): CopperError {
  if (err instanceof CopperError) return err;
  if ((err as { name?: string }).name === 'AbortError')
    return new CopperError('cancelled', `The download of ${what} was cancelled.`, false, { cause: err });
  if ((err as { code?: string }).code?.startsWith('E') && (err as { syscall?: string }).syscall) {
    return new CopperError('local-file', `Cannot write ${destination}: ${(err as Error).message}`, false, {
      cause: err,
    });
  }
  return toBucketError(err, what);
}
