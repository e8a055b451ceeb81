import type { S3Client } from '@aws-sdk/client-s3';
import type { BucketTarget, CredentialProvider } from '../credentials/provider';
import { createS3Client } from '../s3/client-factory';

/**
 * The S3 client the engine uses, with a way to start over after a credential was refused.
 * The SDK memoizes the identity a client resolved, so after `provider.invalidate()` a fresh
 * client is the reliable way to make the next request ask the provider again. Requests carry
 * the generation they used: many parts failing at once with the same stale credential cause
 * one renewal, not one each.
 */
export class S3Session {
  private current?: { client: S3Client; generation: number };
  private readonly retired = new Map<S3Client, ReturnType<typeof setTimeout>>();
  private targetPromise?: Promise<BucketTarget>;
  private generation = 0;

  constructor(
    private readonly credentials: CredentialProvider,
    private readonly clientOptions: { maxSockets: number; requestTimeoutMs: number },
  ) {}

  target(): Promise<BucketTarget> {
    if (!this.targetPromise) {
      const p = this.credentials.target();
      // A failure (API unreachable) is not kept: the next call, e.g. the connectivity probe, asks again.
      p.catch(() => {
        if (this.targetPromise === p) this.targetPromise = undefined;
      });
      this.targetPromise = p;
    }
    return this.targetPromise;
  }

  async client(): Promise<{ client: S3Client; generation: number }> {
    if (!this.current) {
      const target = await this.target();
      this.current ??= {
        client: createS3Client(target, this.credentials, this.clientOptions),
        generation: ++this.generation,
      };
    }
    return this.current;
  }

  /** Called when S3 refused the credential a request of `generation` used. */
  renew(generation: number): void {
    if (!this.current || this.current.generation !== generation) return;
    this.credentials.invalidate();
    // Requests still in flight on the old client get time to finish (or fail and be retried on
    // the new one) before its sockets are closed; an hourly refresh must not leak clients.
    const old = this.current.client;
    const timer = setTimeout(() => {
      this.retired.delete(old);
      old.destroy();
    }, 2 * this.clientOptions.requestTimeoutMs);
    timer.unref?.();
    this.retired.set(old, timer);
    this.current = undefined;
    this.targetPromise = undefined;
  }

  close(): void {
    this.current?.client.destroy();
    for (const [c, timer] of this.retired) {
      clearTimeout(timer);
      c.destroy();
    }
    this.retired.clear();
    this.current = undefined;
  }
}
