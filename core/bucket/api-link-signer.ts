import type { Clock } from './bucket-context';
import { checkLinkLifetime, type LinkRequest, type LinkSigner, type SignedLink } from './link-signer';

/** The Copper API's pre-sign call (SessionService.presign), as the signer needs it. */
export type PresignCall = (request: {
  key: string;
  versionId?: string;
  expiresIn: number;
}) => Promise<{ url: string; expiresAt: string }>;

/**
 * Links signed by the Copper API with the gallery's own keys. A temporary S3 credential can
 * only make links that die with it (an hour at most), while a share link may live 7 days; so
 * in session mode links come from the API. The API may shorten the lifetime: its `expiresAt`
 * is what the cache goes by.
 */
export class ApiLinkSigner implements LinkSigner {
  constructor(
    private readonly presign: PresignCall,
    private readonly clock: Clock = Date.now,
  ) {}

  async sign(request: LinkRequest): Promise<SignedLink> {
    checkLinkLifetime(request.expiresInSeconds);
    const signedAt = this.clock();
    const answer = await this.presign({
      key: request.key,
      expiresIn: request.expiresInSeconds,
      ...(request.versionId ? { versionId: request.versionId } : {}),
    });
    const expiresAt = Date.parse(answer.expiresAt);
    return {
      url: answer.url,
      signedAt,
      expiresAt: Number.isNaN(expiresAt) ? signedAt + request.expiresInSeconds * 1000 : expiresAt,
    };
  }
}
