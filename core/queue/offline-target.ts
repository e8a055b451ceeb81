import { CopperError } from '../../shared/errors';
import type { AccountProfile } from '../../shared/models/account';
import type { BucketTarget, CredentialProvider, ScopedCredential } from '../credentials/provider';
import type { TargetMemory } from './target-memory';

/**
 * Where a signed-in person's uploads go when the Copper API cannot be asked: the bucket,
 * region and endpoint last seen for this account (TargetMemory, shared with the desktop app),
 * the key prefix from the stored profile (`artists/<artistId>/`). Staff have no default prefix
 * (the API decides it), so for them this throws in words, as it does when the bucket was never
 * learned. `cause` is the API failure, for the message.
 */
export function offlineTarget(
  profile: AccountProfile,
  remembered: BucketTarget | null,
  cause: CopperError,
): BucketTarget {
  if (profile.role !== 'artist' || !profile.artistId) {
    throw new CopperError(
      'queue.offline-no-prefix',
      `${cause.message} Staff accounts have no default upload folder, so nothing can be queued until the Copper API answers.`,
      true,
      { cause },
    );
  }
  if (!remembered) {
    throw new CopperError(
      'queue.offline-no-target',
      `${cause.message} Copper has not yet learned which bucket ${profile.email} uploads to (it does on the first upload or sign-in while online), so nothing can be queued until the API answers.`,
      true,
      { cause },
    );
  }
  return { ...remembered, prefix: `artists/${profile.artistId}/`, role: 'artist', uploadedBy: profile.email };
}

/**
 * The session's provider as the CLI queue uses it: each target the API gives is remembered
 * for the account, and when the API is unreachable (a retryable failure) `target()` answers
 * offline (see offlineTarget) so `copper add` still queues work. Credentials themselves always
 * come from the API: uploads wait for the network.
 */
export class RememberingProvider implements CredentialProvider {
  constructor(
    private readonly inner: CredentialProvider,
    private readonly memory: TargetMemory,
    private readonly profile: AccountProfile,
  ) {}

  get(): Promise<ScopedCredential> {
    return this.inner.get();
  }

  invalidate(): void {
    this.inner.invalidate();
  }

  async target(): Promise<BucketTarget> {
    const account = { apiUrl: this.profile.apiUrl, email: this.profile.email };
    try {
      const target = await this.inner.target();
      this.memory.save(account, target);
      return target;
    } catch (err) {
      if (!(err instanceof CopperError) || !err.retryable) throw err;
      return offlineTarget(this.profile, this.memory.load(account), err);
    }
  }
}
