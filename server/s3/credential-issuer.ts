import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { HttpError } from '../../shared/http/http-error';
import type { ApiCredentials } from '../../shared/http/api-schemas';
import type { Db } from '../db/pool';
import type { User } from '../auth/users';
import { prefixFor, sessionPolicy } from './session-policy';

/** POST /v1/credentials' answer: a temporary S3 credential and where it may be used. */
export type IssuedCredential = ApiCredentials;

/** What the issuer needs; all passed in so tests use the real STS with their own bucket. */
export interface CredentialIssuerOptions {
  readonly sts: STSClient;
  readonly db: Db;
  readonly bucket: string;
  readonly region: string;
  readonly endpoint: string | undefined;
  readonly roleArn: string;
  readonly ttlSeconds: number;
  readonly now: () => Date;
}

// RoleSessionName: 2..64 of [\w+=,.@-]. It shows in CloudTrail, so make it say who.
function sessionName(user: User): string {
  const who = user.role === 'artist' ? `artist-${user.artistId}` : 'staff';
  return `copper-${who}-${user.id}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

/**
 * Mints scoped S3 credentials with STS AssumeRole and an inline session policy, and records
 * each issuance in `credential_issuances` (who, when, role, prefix, expiry — never the secret).
 */
export class CredentialIssuer {
  constructor(private readonly o: CredentialIssuerOptions) {}

  async issue(user: User, requestId: string): Promise<IssuedCredential> {
    const prefix = prefixFor(user.role, user.artistId);
    const artists = user.role === 'staff' ? await this.artistIds() : undefined;
    let out;
    try {
      out = await this.o.sts.send(
        new AssumeRoleCommand({
          RoleArn: this.o.roleArn,
          RoleSessionName: sessionName(user),
          Policy: JSON.stringify(sessionPolicy(this.o.bucket, user.role, user.artistId, artists)),
          DurationSeconds: this.o.ttlSeconds,
        }),
      );
    } catch (err) {
      throw unavailable('The storage service did not issue a credential. Try again in a moment.', err);
    }
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
      throw unavailable('The storage service answered without a complete credential.');
    }
    await this.o.db.query(
      `INSERT INTO credential_issuances (user_id, email, role, prefix, access_key_id, issued_at, expires_at, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [user.id, user.email, user.role, prefix, c.AccessKeyId, this.o.now(), c.Expiration, requestId],
    );
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration.toISOString(),
      bucket: this.o.bucket,
      region: this.o.region,
      endpoint: this.o.endpoint ?? null,
      prefix,
      role: user.role,
      uploadPrefixes: artists ? artists.map((id) => `artists/${id}/`) : [prefix],
    };
  }

  /** Every artist account's id: the folders staff may write into. */
  private async artistIds(): Promise<string[]> {
    const r = await this.o.db.query<{ artist_id: string }>(
      "SELECT artist_id FROM users WHERE role = 'artist' ORDER BY artist_id",
    );
    return r.rows.map((row) => row.artist_id);
  }
}

// 503 with a short Retry-After: STS hiccups pass; the desktop retries by itself.
function unavailable(message: string, cause?: unknown): HttpError {
  return new HttpError(503, 'credentials.unavailable', message, { 'retry-after': '5' }, { cause });
}
