import type { UploadScreen } from './queue-add';
import type { QueueEntry, QueueProgress } from '../../shared/models/queue';
import type { CredentialProvider } from '../credentials/provider';
import type { CopperDatabase } from '../db/database';
import type { Clock } from './clock';
import type { UploadFs } from './file-access';
import type { UploadOptions } from './options';
import type { RetryInfo } from './request-runner';
import type { SweepResult } from './startup-sweep';

/** Events of the queue. Every `on` returns its unsubscribe. */
export interface QueueEvents {
  /** An entry was added or changed state. */
  entry: QueueEntry;
  /** An entry left the queue (cancel, clear done). */
  removed: { readonly id: number };
  /** Throttled (~10/s) byte-accurate progress while anything uploads. */
  progress: QueueProgress;
  /** A request failed and is being retried (or the credential renewed). */
  retry: RetryInfo & { readonly id: number; readonly path: string; readonly key: string };
  /** A part was attempted, finished, or found already on S3. */
  part: {
    readonly id: number;
    readonly partNumber: number;
    readonly size: number;
    readonly phase: 'attempt' | 'done' | 'skipped';
  };
  /** The S3 endpoint stopped or started answering. */
  connectivity: { readonly online: boolean };
  /** The startup sweep finished. */
  sweep: SweepResult;
  /** Something unexpected (a bug or an environment problem), already logged. */
  error: { readonly message: string };
}

/** What the queue is built from. */
export interface UploadQueueDeps {
  readonly db: CopperDatabase;
  readonly credentials: CredentialProvider;
  readonly clock?: Clock;
  readonly fs?: UploadFs;
  readonly options?: Partial<UploadOptions>;
  readonly random?: () => number;
  /** Recorded as each new object's `uploaded-by`; default: the target's `uploadedBy`. */
  readonly uploadedBy?: string;
  /**
   * How this process is named to another that finds the profile's queue already running
   * ("the Copper app (PID 123) is already uploading from this profile"). Default "the Copper app".
   */
  readonly runnerName?: string;
  /** Holds damaged or empty files back at add (see queue-add.ts); without it every file is queued. */
  readonly screen?: UploadScreen;
}

/** Why a running upload was stopped by the queue itself. */
export type StopReason = 'pause' | 'cancel' | 'close' | 'offline' | 'lost';
