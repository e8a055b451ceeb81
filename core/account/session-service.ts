import { CopperError, toErrorShape, type ErrorShape } from '../../shared/errors';
import type { AccountProfile, SessionState } from '../../shared/models/account';
import { ApiClient, type ApiClientOptions } from '../credentials/api-client';
import { normalizeApiUrl } from '../credentials/api-url';
import type { ApiPresigned, PresignRequest } from '../../shared/http/api-schemas';
import type { FetchedCredentials } from '../credentials/session-credential-provider';
import type { TokenStore } from '../credentials/keychain-store';
import type { ProfileStore } from '../credentials/profile-store';

/** What the session service tells the log: events and codes, never a token or a password. */
export interface SessionLog {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
}

export interface SessionServiceDeps {
  /** The OS keychain (KeychainStore); there is deliberately no other implementation. */
  readonly tokens: TokenStore;
  readonly profiles: ProfileStore;
  /** Builds the API client for a URL; default: fetch with a 15 s timeout. */
  readonly apiClient?: (apiUrl: string) => ApiClient;
  readonly apiOptions?: ApiClientOptions;
  readonly log?: SessionLog;
}

const silent: SessionLog = { info: () => {}, warn: () => {} };

/**
 * The signed-in person: sign-in, sign-out, restore after a restart, and every call that needs
 * the session token. The token lives only in the keychain and is read from it per use (so a
 * sign-out from the CLI is noticed); the profile is a plain settings file. A 401 from the API
 * ends the session (`session-expired`): only the token is deleted, the profile and everything
 * else stay. Works offline: restore() needs no network.
 */
export class SessionService {
  private state: SessionState = { status: 'signed-out' };
  private readonly listeners = new Set<(state: SessionState) => void>();
  private readonly tokens: TokenStore;
  private readonly profiles: ProfileStore;
  private readonly makeClient: (apiUrl: string) => ApiClient;
  private readonly log: SessionLog;
  // Sign-in, sign-out, restore and expiry change the same keychain entry and file: one at a time.
  private serial: Promise<unknown> = Promise.resolve();

  constructor(deps: SessionServiceDeps) {
    this.tokens = deps.tokens;
    this.profiles = deps.profiles;
    this.makeClient = deps.apiClient ?? ((url) => new ApiClient(url, deps.apiOptions));
    this.log = deps.log ?? silent;
  }

  /** The current state (signed-out / signed-in / session-expired); never holds a secret. */
  getState(): SessionState {
    return this.state;
  }

  /** The signed-in profile, or null when nobody is signed in (or the session ended). */
  current(): AccountProfile | null {
    return this.state.status === 'signed-in' ? this.state.profile : null;
  }

  /** Calls `listener` on every state change; returns the unsubscribe. */
  onState(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Checks an API URL before sign-in (see checkApi): normalised URL and version, or a CopperError in words. */
  async checkApi(url: string): Promise<{ apiUrl: string; version: string }> {
    const client = this.makeClient(normalizeApiUrl(url));
    const health = await client.health();
    return { apiUrl: client.apiUrl, version: health.version };
  }

  /**
   * Signs in: checks the API, creates a session, puts the token in the keychain (only there)
   * and the profile in the settings file. When the keychain is unavailable the new session is
   * revoked again and `keychain.unavailable` is thrown; nothing is written anywhere.
   */
  async signIn(apiUrl: string, email: string, password: string): Promise<AccountProfile> {
    return this.exclusive(async () => {
      const url = normalizeApiUrl(apiUrl);
      const client = this.makeClient(url);
      await client.health();
      const session = await client.createSession(email.trim(), password);
      const profile: AccountProfile = { apiUrl: url, ...pickProfile(session.profile) };
      const previous = this.profileOf(this.state);
      if (previous && !sameAccount(previous, profile)) await this.forget(previous);
      try {
        await this.tokens.set(profile.apiUrl, profile.email, session.token);
      } catch (err) {
        await client.deleteSession(session.token).catch(() => {
          /* it expires on its own */
        });
        this.log.warn('sign-in: the keychain refused the session token', { code: toErrorShape(err).code });
        throw err;
      }
      await this.profiles.save(profile);
      this.log.info('signed in', { apiUrl: profile.apiUrl, role: profile.role });
      this.setState({ status: 'signed-in', profile });
      return profile;
    });
  }

  /**
   * Signs out: revokes the session at the API (skipped quietly when offline or already
   * revoked), deletes the keychain entry and clears the profile. Local state is always
   * cleared; a keychain failure is thrown afterwards so the person learns of it.
   */
  async signOut(): Promise<void> {
    return this.exclusive(async () => {
      const profile = this.profileOf(this.state) ?? (await this.profiles.load());
      let keychainError: unknown;
      if (profile) {
        try {
          await this.forget(profile);
        } catch (err) {
          keychainError = err;
        }
      }
      await this.profiles.clear();
      this.log.info('signed out');
      this.setState({ status: 'signed-out' });
      if (keychainError) throw keychainError;
    });
  }

  /**
   * After a restart: the profile from the settings file plus the token from the keychain make
   * a signed-in session, without asking the network (offline start). A profile without a token
   * is a session that ended; an unavailable keychain leaves the person signed out with the reason.
   */
  async restore(): Promise<SessionState> {
    return this.exclusive(async () => {
      const profile = await this.profiles.load();
      if (!profile) return this.setState({ status: 'signed-out' });
      let token: string | null;
      try {
        token = await this.tokens.get(profile.apiUrl, profile.email);
      } catch (err) {
        this.log.warn('restore: keychain unavailable', { code: toErrorShape(err).code });
        return this.setState({ status: 'signed-out', reason: toErrorShape(err) });
      }
      if (!token) return this.setState({ status: 'session-expired', profile, reason: endedReason() });
      this.log.info('session restored', { apiUrl: profile.apiUrl, role: profile.role });
      return this.setState({ status: 'signed-in', profile });
    });
  }

  /**
   * Asks the API whether the session still holds (GET /v1/me) and refreshes the profile from
   * its answer. Offline, the state stays as it is (the error is thrown for the caller to
   * retry later); a 401 ends the session.
   */
  async verify(): Promise<SessionState> {
    const fresh = await this.withToken((api, token) => api.me(token));
    return this.exclusive(async () => {
      const current = this.profileOf(this.state);
      if (this.state.status !== 'signed-in' || !current) return this.state;
      const profile: AccountProfile = { apiUrl: current.apiUrl, ...pickProfile(fresh), email: current.email };
      if (JSON.stringify(profile) === JSON.stringify(current)) return this.state;
      await this.profiles.save(profile);
      return this.setState({ status: 'signed-in', profile });
    });
  }

  /** POST /v1/credentials with the session token: a temporary S3 credential (memory only). */
  async fetchCredentials(): Promise<FetchedCredentials> {
    return this.withToken((api, token) => api.credentials(token));
  }

  /** POST /v1/presign with the session token. */
  async presign(req: PresignRequest): Promise<ApiPresigned> {
    return this.withToken((api, token) => api.presign(token, req));
  }

  /**
   * Runs `fn` with the API client and the session token (read from the keychain now). A 401
   * ends the session (state `session-expired`, token deleted) and is rethrown.
   */
  async withToken<T>(fn: (api: ApiClient, token: string) => Promise<T>): Promise<T> {
    const state = this.state;
    if (state.status === 'session-expired')
      throw new CopperError(state.reason.code, state.reason.message, false);
    if (state.status !== 'signed-in')
      throw new CopperError(
        'auth.signed-out',
        'You are not signed in. Sign in to upload or browse the gallery.',
        false,
      );
    const { profile } = state;
    const token = await this.tokens.get(profile.apiUrl, profile.email);
    if (!token) {
      const reason = endedReason();
      await this.expire(profile, null, reason);
      throw new CopperError(reason.code, reason.message, false);
    }
    try {
      return await fn(this.makeClient(profile.apiUrl), token);
    } catch (err) {
      if (err instanceof CopperError && err.code === 'auth.session-expired')
        await this.expire(profile, token, toErrorShape(err));
      throw err;
    }
  }

  // The session ended at the API: delete the dead token (only if it is still the one that
  // failed: a new sign-in may have replaced it meanwhile), keep the profile for the sign-in form.
  private async expire(
    profile: AccountProfile,
    failedToken: string | null,
    reason: ErrorShape,
  ): Promise<void> {
    await this.exclusive(async () => {
      if (this.state.status !== 'signed-in' || !sameAccount(this.state.profile, profile)) return;
      const stored = await this.tokens.get(profile.apiUrl, profile.email).catch(() => null);
      if (stored !== null && failedToken !== null && stored !== failedToken) return;
      if (stored !== null) await this.tokens.delete(profile.apiUrl, profile.email).catch(() => false);
      this.log.warn('session ended', { apiUrl: profile.apiUrl, code: reason.code });
      this.setState({ status: 'session-expired', profile, reason });
    });
  }

  // Revokes at the API (best effort) and deletes the keychain entry; keychain errors propagate.
  private async forget(profile: AccountProfile): Promise<void> {
    const token = await this.tokens.get(profile.apiUrl, profile.email);
    if (token) {
      await this.makeClient(profile.apiUrl)
        .deleteSession(token)
        .catch((err: unknown) => {
          // Offline or already revoked: the local sign-out still happens; the token expires at the API.
          this.log.warn('sign-out: could not revoke the session at the API', {
            code: toErrorShape(err).code,
          });
        });
    }
    await this.tokens.delete(profile.apiUrl, profile.email);
  }

  private profileOf(state: SessionState): AccountProfile | null {
    return state.status === 'signed-out' ? null : state.profile;
  }

  private setState(next: SessionState): SessionState {
    this.state = next;
    for (const l of [...this.listeners]) l(next);
    return next;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.serial.then(fn, fn);
    this.serial = run.catch(() => undefined);
    return run;
  }
}

function pickProfile(p: {
  email: string;
  role: 'artist' | 'staff';
  artistId: string | null;
  displayName: string;
}): Omit<AccountProfile, 'apiUrl'> {
  return { email: p.email, role: p.role, artistId: p.artistId, displayName: p.displayName };
}

function sameAccount(a: AccountProfile, b: AccountProfile): boolean {
  return a.apiUrl === b.apiUrl && a.email === b.email;
}

function endedReason(): ErrorShape {
  return {
    code: 'auth.session-expired',
    message:
      'Your session has ended (it expired or was signed out elsewhere). Sign in again; your queue is kept.',
    retryable: false,
  };
}
