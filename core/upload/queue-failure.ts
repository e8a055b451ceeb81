import { CopperError } from '../../shared/errors';
import type { QueueRepository, QueueRow, StateChange } from '../db/queue-repository';
import { abortUpload, type AbortDeps } from './abort-upload';
import { describeFailure, errorCode, httpStatus } from '../s3/s3-errors';
import { NETWORK_DOWN } from './request-runner';
import type { StopReason } from './queue-events';

/** What a failed upload means for its entry. */
export type FailureOutcome =
  /** Stopped by the queue: cancel discards it, pause keeps it paused, close re-queues it, lost leaves it. */
  | { readonly kind: 'stopped'; readonly reason: 'cancel' | 'pause' | 'close' | 'lost' }
  /** The network is gone: the entry waits and the queue goes offline. */
  | { readonly kind: 'offline' }
  /** The entry fails; `abortPlan` when S3 refused (its multipart upload can never finish). */
  | {
      readonly kind: 'failed';
      readonly state: StateChange;
      readonly abortPlan: boolean;
      readonly unexpected: boolean;
    };

/**
 * Sorts an upload's failure: the queue's own stops, the network, a CopperError that already
 * says what happened, S3 refusing (AccessDenied, NoSuchBucket: this file fails, the others go
 * on), or something unexpected (a bug: logged, and the entry fails retryably).
 */
export function failureOutcome(
  row: { readonly path: string; readonly key: string },
  reason: StopReason | undefined,
  err: unknown,
): FailureOutcome {
  if (reason === 'cancel' || reason === 'pause' || reason === 'close' || reason === 'lost')
    return { kind: 'stopped', reason };
  if (reason === 'offline' || (err instanceof CopperError && err.code === NETWORK_DOWN))
    return { kind: 'offline' };
  if (err instanceof CopperError) {
    return {
      kind: 'failed',
      state: { state: 'failed', code: err.code, message: err.message, retryable: err.retryable },
      abortPlan: false,
      unexpected: false,
    };
  }
  if (httpStatus(err)) {
    return {
      kind: 'failed',
      state: {
        state: 'failed',
        code: errorCode(err),
        message: `${row.path}: S3 refused the upload to ${row.key} (${describeFailure(err)}).`,
        retryable: false,
      },
      abortPlan: true,
      unexpected: false,
    };
  }
  return {
    kind: 'failed',
    state: {
      state: 'failed',
      code: 'internal',
      message: `${row.path} could not be uploaded because of an unexpected error (details in the log).`,
      retryable: true,
    },
    abortPlan: false,
    unexpected: true,
  };
}

/** What settling a failure may do to the queue. */
export interface SettleDeps {
  readonly repo: QueueRepository;
  readonly aborter: AbortDeps;
  /** Changes an entry's state and tells the listeners. */
  readonly setState: (id: number, state: StateChange) => void;
  readonly goOffline: () => void;
  /** An entry was removed. */
  readonly removed: (id: number) => void;
  /** Something unexpected happened (already logged). */
  readonly unexpected: (message: string) => void;
}

/** Puts each failed upload's entry where its failure says (see failureOutcome). */
export class FailureSettler {
  constructor(private readonly deps: SettleDeps) {}

  async settle(row: QueueRow, reason: StopReason | undefined, err: unknown): Promise<void> {
    const { repo, setState } = this.deps;
    const outcome = failureOutcome(row, reason, err);
    if (outcome.kind === 'stopped') {
      if (outcome.reason === 'cancel') await this.discard(row.id);
      // A pause already marked it paused; a close leaves it queued for the next start; a lost
      // lock leaves the row to the runner that took it.
      else if (outcome.reason === 'close') repo.setState(row.id, { state: 'queued' });
      return;
    }
    if (outcome.kind === 'offline') {
      setState(row.id, { state: 'waiting-for-network' });
      this.deps.goOffline();
      return;
    }
    if (outcome.abortPlan) {
      const current = repo.get(row.id);
      if (current?.uploadId) {
        repo.clearPlan(row.id);
        await abortUpload(this.deps.aborter, row, current.uploadId);
      }
    }
    if (outcome.unexpected) {
      console.error(`copper: unexpected failure uploading ${row.path}`, err);
      this.deps.unexpected(`${row.path}: ${(err as Error)?.message ?? String(err)}`);
    }
    setState(row.id, outcome.state);
  }

  /** Aborts the entry's multipart upload (if any) and removes it. */
  async discard(id: number): Promise<void> {
    const row = this.deps.repo.get(id);
    if (!row) return;
    if (row.uploadId) await abortUpload(this.deps.aborter, row, row.uploadId);
    this.deps.repo.remove(id);
    this.deps.removed(id);
  }
}
