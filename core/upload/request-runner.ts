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
    req: {
      operation: string;
      partNumber?: number;
      path: string;
      signal?: AbortSignal;
      onRetry?: (r: RetryInfo) => void;
      onFailedAttempt?: () => void;
      /** AccessDenied is an expected answer (a permission not granted): no credential renewal first. */
      deniedIsFinal?: boolean;
    },
    fn: (client: S3Client, signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    let networkFailures = 0;
    let credentialFailures = 0;
    let deniedRenewed = false;
    for (let attempt = 1; ; attempt++) {
      req.signal?.throwIfAborted();
      const { client, generation } = await this.session.client();
      try {
        return await fn(client, req.signal);
      } catch (err) {
        req.onFailedAttempt?.();
        let kind = classifyFailure(err, req.signal);
        // Ceph answers AccessDenied (not ExpiredToken) for an expired or revoked session
        // credential: renew once; if S3 still says no, it is a real denial.
        if (kind === 'fatal' && errorCode(err) === 'AccessDenied' && !deniedRenewed && !req.deniedIsFinal) {
          deniedRenewed = true;
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
        if (kind === 'aborted') throw req.signal?.reason ?? err;
        if (kind === 'credential') {
          if (++credentialFailures > 3) {
            throw new CopperError(
              'credentials-refused',
              `${req.path}: S3 keeps refusing the credential (${info.message}). Sign in again.`,
              true,
              { cause: err },
            );
          }
          this.session.renew(generation);
          req.onRetry?.({ ...info, delayMs: 0 });
          continue;
        }
        if (kind === 'network') {
          networkFailures++;
          // Ceph rejects a bad credential as soon as it reads the headers and closes the
          // connection while the body is still being sent: the client sees EPIPE/ECONNRESET,
          // never the 403. A second cut in a row therefore also renews the credential.
          if (networkFailures === 2) this.session.renew(generation);
          if (networkFailures >= this.options.networkAttempts) {
            throw new CopperError(
              NETWORK_DOWN,
              `${req.path}: cannot reach S3 (${info.message}); waiting for the network.`,
              true,
              { cause: err },
            );
          }
        } else if (kind === 'server') {
          networkFailures = 0;
          if (attempt >= this.options.maxAttempts) {
            throw new CopperError(
              'upload-failed',
              `${req.path}: S3 kept failing after ${attempt} attempts (${info.message}).`,
              true,
              { cause: err },
            );
          }
        } else {
          throw err;
        }
        const delayMs = backoffDelay(
          attempt,
          this.options.retryBaseDelayMs,
          this.options.retryMaxDelayMs,
          this.random,
        );
        req.onRetry?.({ ...info, delayMs });
        await this.clock.sleep(delayMs, req.signal);
      }
    }
  }
}
