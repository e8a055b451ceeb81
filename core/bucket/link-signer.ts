import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { CopperError } from '../../shared/errors';
import { SHARE_LINK_MAX_SECONDS, SHARE_LINK_MIN_SECONDS } from '../../shared/models/bucket';
import type { CredentialProvider } from '../credentials/provider';
import type { BucketContext, Clock } from './bucket-context';
import { toBucketError } from './s3-error';

/** What a link is for: one key, optionally one version, for a lifetime in seconds. */
export interface LinkRequest {
  readonly key: string;
  readonly versionId?: string;
  readonly expiresInSeconds: number;
  /** Suggests this file name to a browser (Content-Disposition: attachment). */
  readonly downloadName?: string;
}

/** A signed URL with the times the cache needs (ms since the epoch). */
export interface SignedLink {
  readonly url: string;
  readonly signedAt: number;
  readonly expiresAt: number;
}

/**
 * Makes pre-signed GET URLs. The S3 implementation signs locally with the current
 * credential; an implementation backed by the Copper API (signing with the gallery's
 * long-lived keys, so a 7-day link outlives a 1-hour session) can replace it.
 */
export interface LinkSigner {
  sign(request: LinkRequest): Promise<SignedLink>;
}

/** Throws unless the lifetime is one SigV4 accepts (60 s to 7 days). */
export function checkLinkLifetime(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < SHARE_LINK_MIN_SECONDS || seconds > SHARE_LINK_MAX_SECONDS) {
    throw new CopperError(
      'invalid-expiry',
      `A link must live between ${SHARE_LINK_MIN_SECONDS} seconds and 7 days (asked: ${seconds} s).`,
    );
  }
}

/** A Content-Disposition value that keeps any file name intact (ASCII fallback plus RFC 5987 UTF-8). */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Signs with the S3 client's credential. A URL signed with a temporary credential stops
 * working when that credential expires, so `expiresAt` is the earlier of the two.
 */
export class S3LinkSigner implements LinkSigner {
  constructor(
    private readonly ctx: BucketContext,
    private readonly credentials: CredentialProvider,
    private readonly clock: Clock = Date.now,
  ) {}

  async sign(request: LinkRequest): Promise<SignedLink> {
    checkLinkLifetime(request.expiresInSeconds);
    const signedAt = this.clock();
    const credential = await this.credentials.get();
    try {
      const url = await getSignedUrl(
        this.ctx.client,
        new GetObjectCommand({
          Bucket: this.ctx.bucket,
          Key: request.key,
          ...(request.versionId ? { VersionId: request.versionId } : {}),
          ...(request.downloadName ? { ResponseContentDisposition: attachment(request.downloadName) } : {}),
        }),
        { expiresIn: request.expiresInSeconds, signingDate: new Date(signedAt) },
      );
      const requested = signedAt + request.expiresInSeconds * 1000;
      const credentialEnd = credential.expiration?.getTime() ?? Infinity;
      return { url, signedAt, expiresAt: Math.min(requested, credentialEnd) };
    } catch (err) {
      throw toBucketError(err, `a link to "${request.key}"`);
    }
  }
}
