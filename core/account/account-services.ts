import { toErrorShape, CopperError } from '../../shared/errors';
import type { ApiClientOptions } from '../credentials/api-client';
import { KeychainStore } from '../credentials/keychain-store';
import { JsonFileProfileStore } from '../credentials/profile-store';
import type { SessionCredentialProvider } from '../credentials/session-credential-provider';
import { SessionService, type SessionLog } from './session-service';
import { sessionCredentialProvider } from './session-credentials';
import type { EventHub } from '../ipc/event-hub';

/** How the app context builds the signed-in person's services. */
export interface AccountServicesOptions {
  /** The profile (never a secret) is kept in `<dataDir>/account.json`. */
  readonly dataDir: string;
  /** `account.changed` is emitted here on every state change. */
  readonly hub: EventHub;
  /** The keychain service name (default 'Copper', shared with the CLI so sign-ins are shared too). */
  readonly keychainService?: string;
  readonly apiOptions?: ApiClientOptions;
  readonly log?: SessionLog;
  /**
   * After an offline start, how often to ask the API again whether the restored session still
   * holds (default 60 s; 0 asks once). Stops at the first answer, whatever it is.
   */
  readonly verifyRetryMs?: number;
}

/** The session plus what hangs off it; `dispose()` ends every subscription made here. */
export interface AccountServices {
  readonly session: SessionService;
  /** S3 credentials for the signed-in person (memory only, refreshed ahead of expiry, reset when the session changes). */
  readonly credentials: SessionCredentialProvider;
  /** Resolves once the saved session is restored (never rejects; works offline). */
  readonly ready: Promise<void>;
  /** Ends the subscriptions; waits for the start-up restore so no file access outlives the context. */
  dispose(): Promise<void>;
}

/**
 * Builds the SessionService on the OS keychain and the data folder's profile file, forwards
 * its state to the event hub, restores the saved session (no network needed: an offline start
 * opens signed in), then asks the API in the background whether the session still holds —
 * a revoked session becomes `session-expired`; while the API is unreachable nothing changes
 * and it asks again every `verifyRetryMs`.
 */
export function createAccountServices(options: AccountServicesOptions): AccountServices {
  const log = options.log ?? consoleLog;
  const session = new SessionService({
    tokens: new KeychainStore({ service: options.keychainService }),
    profiles: JsonFileProfileStore.inDataDir(options.dataDir),
    apiOptions: options.apiOptions,
    log,
  });
  const stopForwarding = session.onState((state) => options.hub.emit('account.changed', state));
  const { provider, dispose: stopProvider } = sessionCredentialProvider(session);

  const retryMs = options.verifyRetryMs ?? 60_000;
  let disposed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const verify = (): void => {
    retry = undefined;
    if (disposed || session.getState().status !== 'signed-in') return;
    session.verify().catch((err: unknown) => {
      // A 401 has already turned into `session-expired` inside verify(). Offline or the API
      // down is expected: the session stays as restored and we ask again later.
      if (!(err instanceof CopperError)) {
        log.warn('account: checking the session failed unexpectedly', { error: String(err) });
      } else if (err.retryable && retryMs > 0 && !disposed) {
        retry = setTimeout(verify, retryMs);
        retry.unref?.();
      }
    });
  };
  const ready = session.restore().then(
    () => verify(),
    (err: unknown) => {
      // A profile file we cannot read: the person stays signed out and can sign in again.
      log.warn('account: restoring the session failed', {
        code: toErrorShape(err).code,
        error: err instanceof CopperError ? undefined : String(err),
      });
    },
  );

  return {
    session,
    credentials: provider,
    ready,
    async dispose() {
      disposed = true;
      if (retry) clearTimeout(retry);
      stopProvider();
      stopForwarding();
      await ready;
    },
  };
}

// Events and codes only: SessionService never hands a token or a password to its log.
const consoleLog: SessionLog = {
  info: () => {},
  warn: (message, context) => console.warn(`[account] ${message}`, context ?? ''),
};
