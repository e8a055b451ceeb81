import { HttpError } from '../../shared/http/http-error';
import type { Db } from '../db/pool';

/** How many attempts a key may make within a window. */
export interface RateRule {
  readonly limit: number;
  readonly windowMs: number;
}

/** Every limit the API enforces; each is counted per key in PostgreSQL. */
export interface RateLimits {
  /** Sign-in attempts per email (guessing one account). */
  readonly email: RateRule;
  /** Sign-in attempts per client address (spraying many accounts). */
  readonly ip: RateRule;
  /** POST /v1/credentials (one STS AssumeRole and one audit row each) per session and per user. */
  readonly credentialsSession: RateRule;
  readonly credentialsUser: RateRule;
  /** POST /v1/presign per session and per user. */
  readonly presignSession: RateRule;
  readonly presignUser: RateRule;
  /** Share-link and label writes (create, revoke, set labels) per user. */
  readonly recordsWriteUser: RateRule;
  /** Share-link and label lists per user. */
  readonly recordsReadUser: RateRule;
  /** Opening share links (`GET /s/<id>`, no sign-in) per client address. */
  readonly shareOpenIp: RateRule;
}

const MINUTE = 60_000;

/**
 * Sign-in: 5 per account and 30 per address in 15 minutes (a success gives its attempt back).
 * Credentials: the desktop refreshes every ~10 minutes; 20 per session and 60 per user (app,
 * CLI and a second laptop together) in 15 minutes leave room for restarts and retries.
 * Presign: a thumbnail grid asks for many URLs; 600 per session, 1200 per user a minute.
 * Share links and labels: 300 writes in 15 minutes and 600 lists a minute per user; opening a
 * share link 120 a minute per address (a printer fetching a batch, not a crawler guessing ids).
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  email: { limit: 5, windowMs: 15 * MINUTE },
  ip: { limit: 30, windowMs: 15 * MINUTE },
  credentialsSession: { limit: 20, windowMs: 15 * MINUTE },
  credentialsUser: { limit: 60, windowMs: 15 * MINUTE },
  presignSession: { limit: 600, windowMs: MINUTE },
  presignUser: { limit: 1200, windowMs: MINUTE },
  recordsWriteUser: { limit: 300, windowMs: 15 * MINUTE },
  recordsReadUser: { limit: 600, windowMs: MINUTE },
  shareOpenIp: { limit: 120, windowMs: MINUTE },
};

/** The answer of counting one attempt. */
export type RateDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Counts attempts per key in PostgreSQL, so every dyno (and a restarted one) sees the same
 * counts. One atomic upsert per attempt: the row for a key holds the count and the end of its
 * window, which starts at the key's first attempt; concurrent attempts serialise on the row
 * lock, so 60 simultaneous requests count 1..60 and only the first `limit` are let through.
 * Rows are only removed when their window is over (`prune`), never to make room, so failing
 * junk keys cannot wipe anyone's counter.
 */
export class RateLimiter {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** Counts one attempt for `key` and says whether it is within the rule. */
  async hit(key: string, rule: RateRule): Promise<RateDecision> {
    const now = this.now();
    const ends = new Date(now.getTime() + rule.windowMs);
    const { rows } = await this.db.query<{ count: number; window_ends: Date }>(
      `INSERT INTO rate_limits (key, count, window_ends) VALUES ($1, 1, $2)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN rate_limits.window_ends <= $3 THEN 1 ELSE rate_limits.count + 1 END,
         window_ends = CASE WHEN rate_limits.window_ends <= $3 THEN $2 ELSE rate_limits.window_ends END
       RETURNING count, window_ends`,
      [key, ends, now],
    );
    const row = rows[0]!;
    if (row.count <= rule.limit) return { allowed: true };
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((row.window_ends.getTime() - now.getTime()) / 1000)),
    };
  }

  /** Gives one attempt back (a sign-in that succeeded should not count against its address). */
  async giveBack(key: string): Promise<void> {
    await this.db.query('UPDATE rate_limits SET count = greatest(count - 1, 0) WHERE key = $1', [key]);
  }

  /** Forgets a key (a successful sign-in clears its account's failures). */
  async reset(key: string): Promise<void> {
    await this.db.query('DELETE FROM rate_limits WHERE key = $1', [key]);
  }

  /** Removes rows whose window is over; returns how many. */
  async prune(): Promise<number> {
    const r = await this.db.query('DELETE FROM rate_limits WHERE window_ends <= $1', [this.now()]);
    return r.rowCount ?? 0;
  }

  /**
   * Counts one attempt against each of `checks`; throws 429 with Retry-After (the longest wait)
   * when any is over its limit. A refused attempt is given back to the keys that had room, so
   * hammering one locked account does not use up its caller's other budgets.
   */
  async enforce(checks: readonly (readonly [key: string, rule: RateRule])[], what: string): Promise<void> {
    const decisions = await Promise.all(checks.map(([key, rule]) => this.hit(key, rule)));
    const waits = decisions.flatMap((d) => (d.allowed ? [] : [d.retryAfterSeconds]));
    if (waits.length === 0) return;
    await Promise.all(checks.flatMap(([key], i) => (decisions[i]!.allowed ? [this.giveBack(key)] : [])));
    const wait = Math.max(...waits);
    throw new HttpError(429, 'auth.rate-limited', `Too many ${what}. Try again in ${waitWords(wait)}.`, {
      'retry-after': String(wait),
    });
  }
}

function waitWords(seconds: number): string {
  return seconds < 90 ? `${seconds} second(s)` : `${Math.ceil(seconds / 60)} minute(s)`;
}
