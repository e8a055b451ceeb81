/**
 * The upload queue as the renderer, the CLI and the web host see it. Pure data: the engine
 * (core/queue) owns the behaviour; these are the shapes it reports.
 */

/** Why a file is `done`: it was sent, or its content equals the last upload of its key. */
export type DoneReason = 'uploaded' | 'unchanged';

/**
 * A file's state. Discriminated on `state`:
 * - `queued`: waiting for a free slot.
 * - `uploading`: bytes are moving (or the plan/ListParts is being prepared).
 * - `paused`: stopped by the person; resumes from the parts already on S3.
 * - `waiting-for-network`: the S3 endpoint is unreachable; resumes by itself when it answers.
 * - `failed`: a stable `code`, words naming the file, and whether `retry` can help.
 * - `done`: on S3 and verified (size + ETag); `versionId` is the version it created.
 */
export type QueueState =
  | { readonly state: 'queued' }
  | { readonly state: 'uploading' }
  | { readonly state: 'paused' }
  | { readonly state: 'waiting-for-network' }
  | {
      readonly state: 'failed';
      readonly code: QueueFailureCode | string;
      readonly message: string;
      readonly retryable: boolean;
    }
  | { readonly state: 'done'; readonly reason: DoneReason; readonly versionId?: string };

/** Every state name, for filters and schemas. */
export const queueStateNames = [
  'queued',
  'uploading',
  'paused',
  'waiting-for-network',
  'failed',
  'done',
] as const;
export type QueueStateName = (typeof queueStateNames)[number];

/**
 * Failure codes the engine uses (others may come from S3 itself, e.g. `AccessDenied`).
 * - `file-vanished`: the file was deleted or moved before or during its upload (not retryable
 *   unless it comes back).
 * - `file-unreadable`: permissions or an I/O error stopped the read (retryable once fixed).
 * - `file-too-large`: over the 5 TiB S3 object maximum; refused before anything is sent.
 * - `not-a-file`: the path is a directory, device, socket or FIFO by the time it is read.
 * - `changed-too-often`: the file kept changing while being uploaded; retry once it is stable.
 * - `upload-failed`: retries exhausted for a server-side error.
 */
export type QueueFailureCode =
  | 'file-vanished'
  | 'file-unreadable'
  | 'file-too-large'
  | 'not-a-file'
  | 'changed-too-often'
  | 'upload-failed'
  | 'AccessDenied'
  | 'NoSuchBucket';

/** One file in the queue. */
export type QueueEntry = {
  readonly id: number;
  /** Absolute local path (NFC). */
  readonly path: string;
  readonly bucket: string;
  /** Full S3 key, prefix included. */
  readonly key: string;
  /** Size in bytes when last looked at. */
  readonly size: number;
  /** Bytes confirmed on S3 (parts finished, or the whole object when done). */
  readonly bytesDone: number;
  /** ISO time the file was added. */
  readonly addedAt: string;
  /** ISO time of the last state change. */
  readonly updatedAt: string;
  /**
   * Set on an unfinished entry whose key's last upload from this profile had this very size:
   * the engine compares the content with it (and with the bucket's current version) before
   * sending anything, and most such files turn out unchanged. Progress does not count them as
   * bytes to send until bytes really move.
   */
  readonly recheck?: true;
} & QueueState;

/**
 * A file the walk did not queue, and why (hidden/system file, symlink loop, unreadable folder,
 * already queued, or a key outside every folder this person may write: staff upload only into
 * an existing artist's folder).
 */
export interface AddSkip {
  readonly path: string;
  readonly reason:
    | 'hidden'
    | 'symlink-loop'
    | 'unreadable'
    | 'vanished'
    | 'not-a-file'
    | 'already-queued'
    | 'outside-artist-folder';
  readonly message: string;
}

/** What `add` did with the paths it was given. */
export interface AddResult {
  readonly added: readonly QueueEntry[];
  readonly skipped: readonly AddSkip[];
}

/** Byte-accurate progress of one file, throttled for the UI. */
export interface FileProgress {
  readonly id: number;
  /** Bytes sent or confirmed, including the part in flight. */
  readonly bytes: number;
  readonly size: number;
  /** Bytes per second over the last few seconds. */
  readonly rate: number;
  /** Seconds left at the current rate; undefined while the rate is unknown. */
  readonly etaSeconds?: number;
}

/** The queue's progress event: the active files plus the totals of everything not yet done. */
export interface QueueProgress {
  readonly files: readonly FileProgress[];
  readonly overall: {
    readonly bytes: number;
    readonly total: number;
    readonly rate: number;
    readonly etaSeconds?: number;
  };
}

/** Counts and bytes over the whole queue, for the overall bar and the sidebar badge. */
export interface QueueTotals {
  readonly entries: number;
  /** Entries per state. */
  readonly byState: { readonly [K in QueueStateName]: number };
  /** Queued, uploading or waiting for the network: what the sidebar badge counts. */
  readonly active: number;
  /** Bytes confirmed on S3 / bytes in total, over entries not yet done or failed (re-checks left out). */
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

/**
 * Whether the queue can upload now. `signed-out`/`session-expired`: entries are kept and wait
 * for a sign-in; `online` false: the S3 endpoint (or the OS) says the network is gone.
 */
export interface QueueStatus {
  readonly online: boolean;
  readonly account: 'ready' | 'signed-out' | 'session-expired';
  /** The bandwidth limit in bytes/s, or null when unlimited. */
  readonly bandwidthLimit: number | null;
  /** Why uploads cannot start although signed in (e.g. `queue.locked`: `copper upload` runs this profile). */
  readonly blocked?: { readonly code: string; readonly message: string; readonly retryable: boolean };
}

/** `queue.list`: every entry (oldest first), the totals and the status. */
export interface QueueSnapshot {
  readonly entries: readonly QueueEntry[];
  readonly totals: QueueTotals;
  readonly status: QueueStatus;
}

/**
 * Failure codes of files held back at add: `held-back` (damaged or empty) and `duplicate` (the
 * same content twice in one add, or already in the bucket under another key). Such a file is
 * sent only when asked for by itself ("Upload anyway", `copper upload --include-damaged`).
 */
export const HELD_BACK_CODES: ReadonlySet<string> = new Set(['held-back', 'duplicate']);

/** True for an entry held back at add (see HELD_BACK_CODES). */
export function isHeldBack(e: QueueEntry): boolean {
  return e.state === 'failed' && HELD_BACK_CODES.has(e.code);
}
