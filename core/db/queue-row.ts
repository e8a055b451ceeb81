import type { QueueEntry, QueueState, QueueStateName, DoneReason } from '../../shared/models/queue';

/** A queue row as stored: the entry plus the upload plan the engine needs to resume. */
export interface QueueRow {
  readonly id: number;
  readonly path: string;
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly state: QueueStateName;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly errorRetryable: boolean | null;
  readonly doneReason: DoneReason | null;
  /** Multipart plan: the uploadId and part size, and the file identity it was made for. */
  readonly uploadId: string | null;
  readonly partSize: number | null;
  readonly planSize: number | null;
  readonly planMtimeMs: number | null;
  readonly sha256: string | null;
  readonly versionId: string | null;
  /** The object's ETag once done; while a single PUT is planned, the MD5 it was planned with. */
  readonly etag: string | null;
  readonly bytesDone: number;
  readonly addedAt: number;
  readonly updatedAt: number;
}

export interface RawRow {
  id: number;
  path: string;
  bucket: string;
  key: string;
  size: number;
  mtime_ms: number;
  state: string;
  error_code: string | null;
  error_message: string | null;
  error_retryable: number | null;
  done_reason: string | null;
  upload_id: string | null;
  part_size: number | null;
  plan_size: number | null;
  plan_mtime_ms: number | null;
  sha256: string | null;
  version_id: string | null;
  etag: string | null;
  bytes_done: number;
  added_at: number;
  updated_at: number;
}

export function fromRaw(r: RawRow): QueueRow {
  return {
    id: r.id,
    path: r.path,
    bucket: r.bucket,
    key: r.key,
    size: r.size,
    mtimeMs: r.mtime_ms,
    state: r.state as QueueStateName,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    errorRetryable: r.error_retryable === null ? null : r.error_retryable === 1,
    doneReason: r.done_reason as DoneReason | null,
    uploadId: r.upload_id,
    partSize: r.part_size,
    planSize: r.plan_size,
    planMtimeMs: r.plan_mtime_ms,
    sha256: r.sha256,
    versionId: r.version_id,
    etag: r.etag,
    bytesDone: r.bytes_done,
    addedAt: r.added_at,
    updatedAt: r.updated_at,
  };
}

/** The public view of a row (what the renderer and CLI see). */
export function toQueueEntry(r: QueueRow): QueueEntry {
  const base = {
    id: r.id,
    path: r.path,
    bucket: r.bucket,
    key: r.key,
    size: r.size,
    bytesDone: r.bytesDone,
    addedAt: new Date(r.addedAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
  let state: QueueState;
  switch (r.state) {
    case 'failed':
      state = {
        state: 'failed',
        code: r.errorCode ?? 'upload-failed',
        message: r.errorMessage ?? `${r.path}: upload failed.`,
        retryable: r.errorRetryable ?? true,
      };
      break;
    case 'done':
      state = r.versionId
        ? { state: 'done', reason: r.doneReason ?? 'uploaded', versionId: r.versionId }
        : { state: 'done', reason: r.doneReason ?? 'uploaded' };
      break;
    default:
      state = { state: r.state };
  }
  return { ...base, ...state };
}
