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
  private readonly retired: S3Client[] = [];
  private targetPromise?: Promise<BucketTarget>;
  private generation = 0;

  constructor(
    private readonly credentials: CredentialProvider,
    private readonly clientOptions: { maxSockets: number; requestTimeoutMs: number },
  ) {}

  target(): Promise<BucketTarget> {
    this.targetPromise ??= this.credentials.target();
    return this.targetPromise;
  }

  async client(): Promise<{ client: S3Client; generation: number }> {
    if (!this.current) {
      const target = await this.target();
      this.current ??= { client: createS3Client(target, this.credentials, this.clientOptions), generation: ++this.generation };
    }
    return this.current;
  }

  /** Called when S3 refused the credential a request of `generation` used. */
  renew(generation: number): void {
    if (!this.current || this.current.generation !== generation) return;
    this.credentials.invalidate();
    // In-flight requests may still use the old client; it is destroyed at close.
    this.retired.push(this.current.client);
    this.current = undefined;
    this.targetPromise = undefined;
  }

  close(): void {
    this.current?.client.destroy();
    for (const c of this.retired) c.destroy();
    this.retired.length = 0;
    this.current = undefined;
  }
}
