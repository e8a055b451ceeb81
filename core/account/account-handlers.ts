import type { Handlers } from '../ipc/dispatch';
import type { SessionService } from './session-service';

/** What the `account.*` handlers need: the session and the promise of its restore at start-up. */
export interface AccountHandlerDeps {
  readonly session: SessionService;
  /** Resolves (never rejects) once the saved session has been restored from disk + keychain. */
  readonly ready: Promise<void>;
}

type AccountCalls = 'account.state' | 'account.check-api' | 'account.sign-in' | 'account.sign-out';

/**
 * The `account.*` calls. Each answers with the session state (profile and role, never a token)
 * so the renderer needs no second round trip; failures are CopperErrors in words (wrong
 * password, rate-limited with the wait, keychain unavailable, offline, not a Copper API).
 * Every call waits for the start-up restore, so a renderer asking early never sees a
 * "signed out" that is about to turn into "signed in".
 */
export function accountHandlers(deps: AccountHandlerDeps): Pick<Handlers, AccountCalls> {
  const { session, ready } = deps;
  return {
    'account.state': async () => {
      await ready;
      return session.getState();
    },
    'account.check-api': async ({ apiUrl }) => session.checkApi(apiUrl),
    'account.sign-in': async ({ apiUrl, email, password }) => {
      await ready;
      await session.signIn(apiUrl, email, password);
      return session.getState();
    },
    'account.sign-out': async () => {
      await ready;
      await session.signOut();
      return session.getState();
    },
  };
}
