/** A temporary (or static) S3 credential and where it may be used. Lives in memory only. */
export interface ScopedCredential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When S3 stops accepting it; undefined for static keys. */
  readonly expiration?: Date;
}

/** Where the bucket is and what part of it this person may touch. */
export interface BucketTarget {
  readonly bucket: string;
  readonly region: string;
  /** Any S3-compatible endpoint; undefined means AWS. */
  readonly endpoint?: string;
  /** Keys are written under this prefix (e.g. `artists/alice/`); may be empty. */
  readonly prefix: string;
  readonly role?: 'artist' | 'staff';
  /**
   * Where uploads may go, as the API granted them (staff: each existing artist's folder, so a
   * folder named `probe` is refused before it becomes a new "artist"); absent: all of `prefix`.
   */
  readonly uploadPrefixes?: readonly string[];
  /**
   * Who uploads (the signed-in email, or the OS user in direct mode): written by the engine as
   * each new version's `x-amz-meta-uploaded-by`, which the History view shows.
   */
  readonly uploadedBy?: string;
}

/**
 * Gives the engine S3 credentials. Implementations: static keys (direct mode, tests) and the
 * Copper API session (refreshed ahead of expiry). The engine calls `invalidate()` when S3
 * says the credential expired or was revoked, then asks again.
 */
export interface CredentialProvider {
  get(): Promise<ScopedCredential>;
  invalidate(): void;
  target(): Promise<BucketTarget>;
}

/** Static keys from the environment or a test: never expire, never refresh. */
export class StaticCredentialProvider implements CredentialProvider {
  constructor(
    private readonly credential: ScopedCredential,
    private readonly bucketTarget: BucketTarget,
  ) {}
  async get(): Promise<ScopedCredential> {
    return this.credential;
  }
  invalidate(): void {
    /* nothing to refresh */
  }
  async target(): Promise<BucketTarget> {
    return this.bucketTarget;
  }
}
