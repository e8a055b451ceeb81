import { createHash, randomBytes } from 'node:crypto';
import { HttpError } from '../../shared/http/http-error';
import type { Logger } from '../log';
import type { RateLimiter, RateLimits } from './rate-limiter';
import { hashPassword, verifyPassword, type ScryptParams, DEFAULT_SCRYPT } from './passwords';
import type { SessionStore, NewSession } from './sessions';
import { normalizeEmail, type User, type UserStore } from './users';

/**
 * Password hashes one process runs at once. Each scrypt at the default cost holds 32 MiB and a
 * core for ~100 ms; past this many, sign-in answers 503 at once instead of queueing a burst
 * (an unauthenticated memory and CPU exhaustion). 4 × 32 MiB fits a 512 MB dyno with room.
 */
export const DEFAULT_HASH_CONCURRENCY = 4;

const INVALID = 'That email and password do not match an account. Check them and try again.';

/** What the authenticator is built from. */
export interface AuthenticatorOptions {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly limiter: RateLimiter;
  readonly limits: RateLimits;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly sessionTtlMs: number;
  readonly scrypt?: ScryptParams;
  readonly hashConcurrency?: number;
}

/** A short, stable, non-reversible handle for an email in logs and rate-limit keys. */
export function emailHash(email: string): string {
  return createHash('sha256').update(normalizeEmail(email)).digest('hex').slice(0, 32);
}

/**
 * Sign-in, sign-out and token checks. An unknown email, a wrong password and a disabled
 * account get the same answer after the same amount of work (a scrypt against a throwaway
 * hash), so neither the words nor the timing tell whether an account exists or whether a
 * password was right.
 */
export class Authenticator {
  private dummyHash: Promise<string> | undefined;
  private hashing = 0;
  private readonly scrypt: ScryptParams;
  private readonly hashConcurrency: number;

  constructor(private readonly o: AuthenticatorOptions) {
    this.scrypt = o.scrypt ?? DEFAULT_SCRYPT;
    this.hashConcurrency = o.hashConcurrency ?? DEFAULT_HASH_CONCURRENCY;
    // Ready before the first unknown email, so that one is not slower than the rest.
    this.throwawayHash().catch(() => undefined);
  }

  /** Checks the password and opens a session; HttpError 401/429/503 otherwise. */
  async signIn(email: string, password: string, ip: string): Promise<{ session: NewSession; user: User }> {
    const emailKey = normalizeEmail(email);
    const who = { emailHash: emailHash(emailKey), ip };
    // Taken before the first await, so a burst cannot start more hashes than the cap.
    if (this.hashing >= this.hashConcurrency) {
      this.o.logger.warn('auth.sign-in-failed', { ...who, reason: 'busy' });
      throw new HttpError(503, 'auth.busy', 'Too many sign-ins at once. Try again in a moment.', {
        'retry-after': '1',
      });
    }
    this.hashing++;
    try {
      return await this.checkPassword(emailKey, password, who);
    } finally {
      this.hashing--;
    }
  }

  /** The account behind an `Authorization: Bearer` header; HttpError 401/403 otherwise. */
  async authenticate(authorization: string | undefined): Promise<{ sessionId: string; user: User }> {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m)
      throw new HttpError(401, 'auth.unauthenticated', 'Sign in first: this request needs a session token.', {
        'www-authenticate': 'Bearer',
      });
    const found = await this.o.sessions.lookup(m[1]!, this.o.now());
    if (!found)
      throw new HttpError(401, 'auth.session-expired', 'Your session has ended. Sign in again.', {
        'www-authenticate': 'Bearer error="invalid_token"',
      });
    if (found.user.disabled)
      throw new HttpError(
        403,
        'auth.account-disabled',
        'This account is disabled. Ask the gallery to re-enable it.',
      );
    return found;
  }

  async signOut(sessionId: string): Promise<void> {
    await this.o.sessions.revoke(sessionId, this.o.now());
  }

  private async checkPassword(
    emailKey: string,
    password: string,
    who: { readonly emailHash: string; readonly ip: string },
  ): Promise<{ session: NewSession; user: User }> {
    // Every attempt is counted before its password is checked (one atomic upsert per key), so
    // concurrent guesses cannot all slip in before the first failure is recorded.
    const keys = { email: `signin-email:${who.emailHash}`, ip: `signin-ip:${who.ip}` };
    try {
      await this.o.limiter.enforce(
        [
          [keys.email, this.o.limits.email],
          [keys.ip, this.o.limits.ip],
        ],
        'sign-in attempts',
      );
    } catch (err) {
      this.o.logger.warn('auth.sign-in-failed', { ...who, reason: 'rate-limited' });
      throw err;
    }
    const user = await this.o.users.findByEmail(emailKey);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.throwawayHash()));
    if (!user || !ok || user.disabled) {
      const reason = !user ? 'unknown-email' : !ok ? 'wrong-password' : 'disabled';
      this.o.logger.warn('auth.sign-in-failed', { ...who, reason });
      throw new HttpError(401, 'auth.invalid-credentials', INVALID);
    }
    await Promise.all([this.o.limiter.reset(keys.email), this.o.limiter.giveBack(keys.ip)]);
    const session = await this.o.sessions.create(user.id, this.o.now(), this.o.sessionTtlMs);
    return { session, user };
  }

  private throwawayHash(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'), this.scrypt);
    return this.dummyHash;
  }
}
