import type { S3Client } from '@aws-sdk/client-s3';
import { CopperError } from '../../shared/errors';
import type { Clock } from './clock';
import type { UploadOptions } from './options';
import { backoffDelay } from './retry';
import type { S3Session } from './s3-session';
import { classifyFailure, describeFailure, errorCode, type FailureKind } from '../s3/s3-errors';

/** A retry the engine made; the queue forwards it as an event (so tests and logs can see it). */
export interface RetryInfo {
  readonly operation: string;
  readonly partNumber?: number;
  /** The attempt that failed (1 = first). */
  readonly attempt: number;
  readonly kind: FailureKind;
  readonly code: string;
  readonly message: string;
  readonly delayMs: number;
}

/** One request as the runner sees it: what it is (for events and messages) and how to report. */
export interface RequestInfo {
  readonly operation: string;
  readonly partNumber?: number;
  readonly path: string;
  readonly signal?: AbortSignal;
  readonly onRetry?: (r: RetryInfo) => void;
  readonly onFailedAttempt?: () => void;
  /** AccessDenied is an expected answer (a permission not granted): no credential renewal first. */
  readonly deniedIsFinal?: boolean;
}

/** Failures of one request so far. */
interface Tally {
  network: number;
  credential: number;
  deniedRenewed: boolean;
}

/** Internal code: the endpoint did not answer; the queue waits for the network. */
export const NETWORK_DOWN = 'network-down';

/**
 * Sends one S3 request with the engine's retry rules: server errors back off and retry up to
 * `maxAttempts`; network errors retry a few times then raise `network-down`; a refused
 * credential is invalidated, fetched again and the request retried at once. Anything else is
 * thrown as is for the caller to judge.
 */
export class RequestRunner {
  constructor(
    private readonly session: S3Session,
    private readonly clock: Clock,
    private readonly options: UploadOptions,
    private readonly random: () => number = Math.random,
  ) {}

  async send<T>(
    req: RequestInfo,
    fn: (client: S3Client, signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    const tally: Tally = { network: 0, credential: 0, deniedRenewed: false };
    for (let attempt = 1; ; attempt++) {
      req.signal?.throwIfAborted();
      const { client, generation } = await this.session.client();
      try {
        return await fn(client, req.signal);
      } catch (err) {
        req.onFailedAttempt?.();
        const { info, delayMs } = this.judge(err, req, attempt, tally, generation);
        req.onRetry?.({ ...info, delayMs: delayMs ?? 0 });
        // A refused credential was renewed: the request goes again at once.
        if (delayMs === undefined) continue;
        await this.clock.sleep(delayMs, req.signal);
      }
    }
  }

  /**
   * What a failed attempt means: throws when it is final; otherwise the delay before the next
   * attempt (undefined: the credential was renewed, retry at once).
   */
  private judge(
    err: unknown,
    req: RequestInfo,
    attempt: number,
    tally: Tally,
    generation: number,
  ): { info: Omit<RetryInfo, 'delayMs'>; delayMs?: number } {
    let kind = classifyFailure(err, req.signal);
    // Ceph answers AccessDenied (not ExpiredToken) for an expired or revoked session
    // credential: renew once; if S3 still says no, it is a real denial.
    if (kind === 'fatal' && errorCode(err) === 'AccessDenied' && !tally.deniedRenewed && !req.deniedIsFinal) {
      tally.deniedRenewed = true;
      kind = 'credential';
    }
    const info = {
      operation: req.operation,
      partNumber: req.partNumber,
      attempt,
      kind,
      code: errorCode(err),
      message: describeFailure(err),
    };
    const fail = (code: string, message: string) => new CopperError(code, message, true, { cause: err });
    if (kind === 'aborted') throw req.signal?.reason ?? err;
    if (kind === 'credential') {
      if (++tally.credential > 3)
        throw fail(
          'credentials-refused',
          `${req.path}: S3 keeps refusing the credential (${info.message}). Sign in again.`,
        );
      this.session.renew(generation);
      return { info };
    }
    if (kind === 'network') {
      // Ceph rejects a bad credential as soon as it reads the headers and closes the
      // connection while the body is still being sent: the client sees EPIPE/ECONNRESET,
      // never the 403. A second cut in a row therefore also renews the credential.
      if (++tally.network === 2) this.session.renew(generation);
      if (tally.network >= this.options.networkAttempts)
        throw fail(NETWORK_DOWN, `${req.path}: cannot reach S3 (${info.message}); waiting for the network.`);
    } else if (kind === 'server') {
      tally.network = 0;
      if (attempt >= this.options.maxAttempts)
        throw fail(
          'upload-failed',
          `${req.path}: S3 kept failing after ${attempt} attempts (${info.message}).`,
        );
    } else {
      throw err;
    }
    const { retryBaseDelayMs, retryMaxDelayMs } = this.options;
    return { info, delayMs: backoffDelay(attempt, retryBaseDelayMs, retryMaxDelayMs, this.random) };
  }
}
