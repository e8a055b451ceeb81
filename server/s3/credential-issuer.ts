import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { HttpError } from '../../shared/http/http-error';
import type { ApiCredentials } from '../../shared/http/api-schemas';
import type { Db } from '../db/pool';
import type { User } from '../auth/users';
import type { ArtistRolesConfig } from '../config';
import type { Logger } from '../log';
import { artistRoleArn, artistRoleName } from './artist-roles';
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
  /** The shared role: staff's, and every artist's unless `artistRoles` is set. */
  readonly roleArn: string;
  /** Set: each artist assumes their own role (server/s3/artist-roles.ts), never the shared one. */
  readonly artistRoles: ArtistRolesConfig | undefined;
  readonly ttlSeconds: number;
  readonly now: () => Date;
  readonly logger?: Logger;
}

// RoleSessionName: 2..64 of [\w+=,.@-]. It shows in CloudTrail, so make it say who.
function sessionName(user: User): string {
  const who = user.role === 'artist' ? `artist-${user.artistId}` : 'staff';
  return `copper-${who}-${user.id}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

const notFound = (err: unknown): boolean =>
  ['NoSuchEntity', 'NotFound'].includes((err as { name?: string }).name ?? '') ||
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/**
 * Mints scoped S3 credentials with STS AssumeRole and an inline session policy, and records
 * each issuance in `credential_issuances` (who, when, role, prefix, expiry — never the secret).
 * With per-artist roles an artist's credential comes from their own role or not at all: a
 * missing role is refused (503, logged), never replaced by the shared role.
 */
export class CredentialIssuer {
  constructor(private readonly o: CredentialIssuerOptions) {}

  private roleFor(user: User): { arn: string; own: string | undefined } {
    if (user.role !== 'artist' || !this.o.artistRoles) return { arn: this.o.roleArn, own: undefined };
    const own = artistRoleName(this.o.artistRoles.namePrefix, user.artistId ?? '');
    return { arn: artistRoleArn(this.o.roleArn, own), own };
  }

  async issue(user: User, requestId: string): Promise<IssuedCredential> {
    const prefix = prefixFor(user.role, user.artistId);
    const role = this.roleFor(user);
    const artists = user.role === 'staff' ? await this.artistIds() : undefined;
    let out;
    try {
      out = await this.o.sts.send(
        new AssumeRoleCommand({
          RoleArn: role.arn,
          RoleSessionName: sessionName(user),
          Policy: JSON.stringify(sessionPolicy(this.o.bucket, user.role, user.artistId, artists)),
          DurationSeconds: this.o.ttlSeconds,
        }),
      );
    } catch (err) {
      if (role.own && notFound(err)) throw this.roleMissing(user, role.own, err);
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

  private roleMissing(user: User, roleName: string, cause: unknown): HttpError {
    this.o.logger?.error('credentials.artist-role-missing', {
      userId: user.id,
      artistId: user.artistId,
      roleName,
    });
    return new HttpError(
      503,
      'credentials.artist-role-missing',
      `Your storage role (${roleName}) is not set up, so no upload credential can be issued. Ask the gallery's administrator to run "npm run api:admin -- provision".`,
      { 'retry-after': '300' },
      { cause },
    );
  }

  /** Every artist account's id: the folders staff may write into. */
  private async artistIds(): Promise<string[]> {
    const r = await this.o.db.query<{ artist_id: string }>(
      "SELECT DISTINCT artist_id FROM users WHERE role = 'artist' ORDER BY artist_id",
    );
    return r.rows.map((row) => row.artist_id);
  }
}

// 503 with a short Retry-After: STS hiccups pass; the desktop retries by itself.
function unavailable(message: string, cause?: unknown): HttpError {
  return new HttpError(503, 'credentials.unavailable', message, { 'retry-after': '5' }, { cause });
}
