import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/pool';
import { userColumns, userFromRow, type User, type UserRow } from './users';

/** A freshly created session: the token exists only in this answer, the database keeps its hash. */
export interface NewSession {
  readonly token: string;
  readonly expiresAt: Date;
}

/** A live session and its account. */
export interface SessionUser {
  readonly sessionId: string;
  readonly user: User;
}

// A recognisable prefix lets secret scanners (and people) spot a leaked token.
const TOKEN_PREFIX = 'cps_';

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Opaque, revocable sign-in sessions in PostgreSQL. Time comes from the caller's clock. */
export class SessionStore {
  constructor(private readonly db: Db) {}

  async create(userId: string, now: Date, ttlMs: number): Promise<NewSession> {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + ttlMs);
    await this.db.query(
      'INSERT INTO sessions (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [userId, hashToken(token), now, expiresAt],
    );
    return { token, expiresAt };
  }

  /** The session's account, or undefined when the token is unknown, expired or revoked. Disabled accounts are returned (the caller says why). */
  async lookup(token: string, now: Date): Promise<SessionUser | undefined> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
    const r = await this.db.query<UserRow & { session_id: string }>(
      `SELECT s.id AS session_id, ${userColumns('u')}
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2`,
      [hashToken(token), now],
    );
    const row = r.rows[0];
    if (!row) return undefined;
    return { sessionId: String(row.session_id), user: userFromRow(row) };
  }

  async revoke(sessionId: string, now: Date): Promise<void> {
    await this.db.query('UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [
      sessionId,
      now,
    ]);
  }

  /** Deletes sessions that ended more than a day ago; returns how many. */
  async prune(now: Date): Promise<number> {
    const r = await this.db.query(
      "DELETE FROM sessions WHERE expires_at < $1::timestamptz - interval '1 day' OR revoked_at < $1::timestamptz - interval '1 day'",
      [now],
    );
    return r.rowCount ?? 0;
  }
}
