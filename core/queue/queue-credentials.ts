import { CopperError } from '../../shared/errors';
import type { BucketTarget, CredentialProvider, ScopedCredential } from '../credentials/provider';
import type { AccountKey, TargetMemory } from './target-memory';

/** Codes an entry may have failed with because the credential, not the file, was the problem. */
export function isCredentialFailure(code: string): boolean {
  return code.startsWith('auth.') || code === 'credentials-refused' || code === 'credentials.unreachable';
}

/**
 * The queue's provider while nobody is signed in (or the session ended). The queue is not
 * started in this mode, so `get()` is only reached by an abort on cancel, which then leaves
 * the multipart upload to the next start-up sweep. `target()` answers from the remembered
 * target so `queue.add` still records entries that wait for a sign-in.
 */
export class SignedOutProvider implements CredentialProvider {
  constructor(private readonly remembered: BucketTarget | null) {}

  async get(): Promise<ScopedCredential> {
    throw new CopperError(
      'auth.signed-out',
      'You are not signed in. Sign in to upload: your queue waits until then.',
      true,
    );
  }

  invalidate(): void {
    /* nothing held */
  }

  async target(): Promise<BucketTarget> {
    if (this.remembered) return this.remembered;
    throw new CopperError(
      'auth.signed-out',
      'Sign in once so Copper knows where your artwork goes. After that you can queue files even while signed out or offline; they upload when you are back.',
      false,
    );
  }
}

/**
 * The signed-in session's provider as the upload engine needs it:
 * - the target is remembered for this account, and used when the API cannot be asked
 *   (offline start): entries are recorded and wait instead of `queue.add` failing;
 * - a credential the API cannot hand out for a passing reason (offline, timeout, API busy)
 *   is reported in words the engine classifies as a network failure, so the queue goes
 *   `waiting-for-network` and its probe resumes it once the API and S3 answer again, rather
 *   than failing every file.
 */
export class SessionQueueProvider implements CredentialProvider {
  constructor(
    private readonly inner: CredentialProvider,
    private readonly memory: TargetMemory,
    private readonly account: AccountKey,
  ) {}

  async get(): Promise<ScopedCredential> {
    try {
      return await this.inner.get();
    } catch (err) {
      throw asWaitable(err);
    }
  }

  invalidate(): void {
    this.inner.invalidate();
  }

  async target(): Promise<BucketTarget> {
    try {
      const target = await this.inner.target();
      this.memory.save(this.account, target);
      return target;
    } catch (err) {
      const saved = this.memory.load(this.account);
      if (saved && err instanceof CopperError && err.retryable) return saved;
      throw err;
    }
  }
}

/**
 * A retryable failure to get a credential becomes `credentials.unreachable`, whose words
 * ("waiting for the network") the engine's classifier reads as a network failure; anything
 * else (session ended, signed out) is passed on as is.
 */
export function asWaitable(err: unknown): unknown {
  if (!(err instanceof CopperError) || !err.retryable) return err;
  return new CopperError(
    'credentials.unreachable',
    `Copper cannot get an upload credential right now (${err.message}); waiting for the network.`,
    true,
    { cause: err },
  );
}
