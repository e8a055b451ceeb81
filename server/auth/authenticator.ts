import { randomBytes } from 'node:crypto';
import { HttpError } from '../../shared/http/http-error';
import { FailureRateLimiter, type RateRule } from './rate-limiter';
import { hashPassword, verifyPassword, type ScryptParams, DEFAULT_SCRYPT } from './passwords';
import type { SessionStore, NewSession } from './sessions';
import { normalizeEmail, type User, type UserStore } from './users';

/** Sign-in failure limits: per email (guessing one account) and per IP (spraying many). */
export interface RateLimits {
  readonly email: RateRule;
  readonly ip: RateRule;
}

/** 5 wrong passwords per account, 30 per address, in 15 minutes. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  email: { limit: 5, windowMs: 15 * 60_000 },
  ip: { limit: 30, windowMs: 15 * 60_000 },
};

const INVALID = 'That email and password do not match an account. Check them and try again.';

/**
 * Sign-in, sign-out and token checks. An unknown email and a wrong password get the same
 * answer after the same amount of work (a scrypt against a throwaway hash), so neither the
 * words nor the timing tell whether an account exists.
 */
export class Authenticator {
  private readonly byEmail: FailureRateLimiter;
  private readonly byIp: FailureRateLimiter;
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly users: UserStore,
    private readonly sessions: SessionStore,
    private readonly now: () => Date,
    private readonly sessionTtlMs: number,
    limits: RateLimits = DEFAULT_RATE_LIMITS,
    private readonly scrypt: ScryptParams = DEFAULT_SCRYPT,
  ) {
    const ms = (): number => this.now().getTime();
    this.byEmail = new FailureRateLimiter(limits.email, ms);
    this.byIp = new FailureRateLimiter(limits.ip, ms);
    // Ready before the first unknown email, so that one is not slower than the rest.
    this.throwawayHash().catch(() => undefined);
  }

  /** Checks the password and opens a session; HttpError 401/403/429 otherwise. */
  async signIn(email: string, password: string, ip: string): Promise<{ session: NewSession; user: User }> {
    const emailKey = normalizeEmail(email);
    const e = this.byEmail.check(emailKey);
    const i = this.byIp.check(ip);
    if (!e.allowed || !i.allowed) {
      const wait = Math.max(e.allowed ? 0 : e.retryAfterSeconds, i.allowed ? 0 : i.retryAfterSeconds);
      throw new HttpError(
        429,
        'auth.rate-limited',
        `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute(s).`,
        { 'retry-after': String(wait) },
      );
    }
    const user = await this.users.findByEmail(emailKey);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.throwawayHash()));
    if (!user || !ok) {
      this.byEmail.fail(emailKey);
      this.byIp.fail(ip);
      throw new HttpError(401, 'auth.invalid-credentials', INVALID);
    }
    if (user.disabled) throw disabled();
    this.byEmail.reset(emailKey);
    const session = await this.sessions.create(user.id, this.now(), this.sessionTtlMs);
    return { session, user };
  }

  /** The account behind an `Authorization: Bearer` header; HttpError 401/403 otherwise. */
  async authenticate(authorization: string | undefined): Promise<{ sessionId: string; user: User }> {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m)
      throw new HttpError(401, 'auth.unauthenticated', 'Sign in first: this request needs a session token.', {
        'www-authenticate': 'Bearer',
      });
    const found = await this.sessions.lookup(m[1]!, this.now());
    if (!found)
      throw new HttpError(401, 'auth.session-expired', 'Your session has ended. Sign in again.', {
        'www-authenticate': 'Bearer error="invalid_token"',
      });
    if (found.user.disabled) throw disabled();
    return found;
  }

  async signOut(sessionId: string): Promise<void> {
    await this.sessions.revoke(sessionId, this.now());
  }

  private throwawayHash(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'), this.scrypt);
    return this.dummyHash;
  }
}

function disabled(): HttpError {
  return new HttpError(
    403,
    'auth.account-disabled',
    'This account is disabled. Ask the gallery to re-enable it.',
  );
}
