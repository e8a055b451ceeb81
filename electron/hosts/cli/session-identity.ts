import { CopperError } from '../../../shared/errors';
import type { AccountProfile } from '../../../shared/models/account';
import type { LinkRequest, LinkSigner, SignedLink } from '../../core/bucket';
import { KeychainStore } from '../../core/credentials/keychain-store';
import { JsonFileProfileStore } from '../../core/credentials/profile-store';
import { sessionCredentialProvider } from '../../core/identity/session-credentials';
import { SessionService } from '../../core/identity/session-service';
import type { IdentityGateway } from './identity-gateway';

const NOT_SIGNED_IN = 'You are not signed in: run `copper login --api URL --email E`, '
  + 'or set COPPER_BUCKET and the AWS variables for direct mode.';

/**
 * Links signed by the Copper API with the gallery's own keys: a temporary S3 credential
 * could only make links that die with it (an hour at most), while a share link may live 7 days.
 */
class SessionLinkSigner implements LinkSigner {
  constructor(private readonly session: SessionService, private readonly now: () => number = Date.now) {}

  async sign(request: LinkRequest): Promise<SignedLink> {
    const signedAt = this.now();
    const answer = await this.session.presign({
      key: request.key, expiresIn: request.expiresInSeconds, ...(request.versionId ? { versionId: request.versionId } : {}),
    });
    const expiresAt = Date.parse(answer.expiresAt);
    return { url: answer.url, signedAt, expiresAt: Number.isNaN(expiresAt) ? signedAt + request.expiresInSeconds * 1000 : expiresAt };
  }
}

/** Identity for the CLI: the desktop's session service (keychain token + profile file in the data folder). */
export function sessionIdentity(dataDir: string): IdentityGateway {
  const session = new SessionService({ tokens: new KeychainStore(), profiles: JsonFileProfileStore.inDataDir(dataDir) });
  const disposers: (() => void)[] = [];
  return {
    login: (apiUrl, email, password) => session.signIn(apiUrl, email, password),
    async logout(): Promise<AccountProfile | null> {
      const state = await session.restore();
      const profile = state.status === 'signed-out' ? null : state.profile;
      await session.signOut();
      return profile;
    },
    async session() {
      const state = await session.restore();
      if (state.status === 'session-expired') throw new CopperError(state.reason.code, `${state.reason.message} (\`copper login\`)`, false);
      if (state.status !== 'signed-in') {
        throw new CopperError('auth.signed-out', state.reason ? `${state.reason.message}` : NOT_SIGNED_IN, false);
      }
      const { provider, dispose } = sessionCredentialProvider(session);
      disposers.push(dispose);
      return { profile: state.profile, credentials: provider, signer: new SessionLinkSigner(session) };
    },
    close() {
      for (const d of disposers.splice(0)) d();
    },
  };
}
