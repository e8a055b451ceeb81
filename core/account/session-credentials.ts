import {
  SessionCredentialProvider,
  type SessionCredentialProviderOptions,
} from '../credentials/session-credential-provider';
import type { SessionService } from './session-service';

/**
 * The engine's CredentialProvider for a signed-in session: credentials come from the session's
 * API, and are forgotten the moment the session ends or changes (sign-out, expiry, new sign-in).
 * Call `dispose()` when the session service outlives the provider.
 */
export function sessionCredentialProvider(
  session: SessionService,
  options: Omit<SessionCredentialProviderOptions, 'fetchCredentials'> = {},
): { provider: SessionCredentialProvider; dispose: () => void } {
  const provider = new SessionCredentialProvider({
    uploadedBy: () => session.current()?.email,
    ...options,
    fetchCredentials: () => session.fetchCredentials(),
  });
  const dispose = session.onState(() => provider.reset());
  return { provider, dispose };
}
