import type { AddResult, QueueEntry, QueueProgress, QueueStateName } from '../../shared/models/queue';
import type { CredentialProvider } from '../../core/credentials/provider';

/** The slice of the durable upload queue (core/queue) the CLI drives. */
export interface QueueGateway {
  /** Queues files and folders (recursively); reports what was queued and what was skipped. */
  add(paths: readonly string[]): Promise<AddResult>;
  /** Every entry, in queue order. */
  list(): readonly QueueEntry[];
  /** The entries not done yet, in queue order (what a run's end names). */
  unfinished(): readonly QueueEntry[];
  /** How many entries are in each state (no entry is read). */
  counts(): Record<QueueStateName, number>;
  /** Queues the files held back as damaged or empty after all ("upload anyway"); returns how many. */
  uploadHeldBack(): number;
  /** Starts uploading what is queued. */
  start(): void;
  /**
   * Resolves once nothing is queued or uploading. With `untilSettled` false it also resolves
   * when the only work left is waiting for the network (a run without --wait stops there).
   */
  waitForIdle(options: { untilSettled: boolean }): Promise<void>;
  /** Throttled progress; returns the unsubscribe. */
  onProgress(listener: (progress: QueueProgress) => void): () => void;
  /** Stops work in flight cleanly (state kept for the next run) and closes the database. */
  close(): Promise<void>;
}

/** Reads a data folder's queue entries without opening the engine (for `status`). */
export type ReadQueue = (dataDir: string) => Promise<readonly QueueEntry[]>;

/** Opens the queue of a data folder with the given credentials (wired in queue-adapter.ts). */
export type OpenQueue = (args: {
  readonly dataDir: string;
  readonly credentials: CredentialProvider;
  readonly env: Readonly<Record<string, string | undefined>>;
}) => Promise<QueueGateway>;
