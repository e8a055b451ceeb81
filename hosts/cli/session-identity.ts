import { CopperError } from '../../shared/errors';
import type { AccountProfile } from '../../shared/models/account';
import { ApiLinkSigner } from '../../core/bucket/api-link-signer';
import { KeychainStore } from '../../core/credentials/keychain-store';
import { JsonFileProfileStore } from '../../core/credentials/profile-store';
import { sessionCredentialProvider } from '../../core/account/session-credentials';
import { SessionService } from '../../core/account/session-service';
import { TargetMemory } from '../../core/queue/target-memory';
import { RememberingProvider } from '../../core/queue/offline-target';
import type { IdentityGateway } from './identity-gateway';

const NOT_SIGNED_IN =
  'You are not signed in: run `copper login --api URL --email E`, ' +
  'or set COPPER_BUCKET and the AWS variables for direct mode.';

/** Identity for the CLI: the desktop's session service (keychain token + profile file in the data folder). */
export function sessionIdentity(dataDir: string): IdentityGateway {
  const session = new SessionService({
    tokens: new KeychainStore(),
    profiles: JsonFileProfileStore.inDataDir(dataDir),
  });
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
      if (state.status === 'session-expired')
        throw new CopperError(state.reason.code, `${state.reason.message} (\`copper login\`)`, false);
      if (state.status !== 'signed-in') {
        throw new CopperError(
          'auth.signed-out',
          state.reason ? `${state.reason.message}` : NOT_SIGNED_IN,
          false,
        );
      }
      const { provider, dispose } = sessionCredentialProvider(session);
      disposers.push(dispose);
      // Remembers where uploads go, so `copper add` queues work while the API is unreachable.
      const credentials = new RememberingProvider(provider, new TargetMemory(dataDir), state.profile);
      return {
        profile: state.profile,
        credentials,
        signer: new ApiLinkSigner((req) => session.presign(req)),
        withApi: (fn) => session.withToken(fn),
      };
    },
    close() {
      for (const d of disposers.splice(0)) d();
    },
  };
}
