import type { AccountProfile } from '../../shared/models/account';
import type { CredentialProvider } from '../../core/credentials/provider';
import type { LinkSigner } from '../../core/bucket';
import type { WithApi } from '../../core/history/sharing-service';

/**
 * What `copper login/logout` and session mode need from identity (core/identity):
 * kept to the few calls the CLI makes so the commands stay thin.
 */
export interface IdentityGateway {
  /** Signs in at the Copper API; the session token goes to the OS keychain only. */
  login(apiUrl: string, email: string, password: string): Promise<AccountProfile>;
  /** Revokes the session (best effort when offline) and forgets it; resolves the profile that was signed in, if any. */
  logout(): Promise<AccountProfile | null>;
  /** The signed-in session's credentials; throws `auth.signed-out`/`auth.session-expired` in words otherwise. */
  session(): Promise<{
    profile: AccountProfile;
    credentials: CredentialProvider;
    signer?: LinkSigner;
    /** Calls at the Copper API with the session token (share links, labels). */
    withApi?: WithApi;
  }>;
  close(): void;
}
