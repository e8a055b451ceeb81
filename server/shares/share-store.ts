import { randomBytes } from 'node:crypto';
import type { Db } from '../db/pool';
import type { User } from '../auth/users';
import { sharePath } from '../../shared/http/api-routes';
import type { ApiShare } from '../../shared/http/api-schemas';

/** A share link's row plus its creator's account state (an open checks both). */
export interface ShareRow {
  readonly id: string;
  readonly key: string;
  readonly versionId: string;
  /** The maker's user id (who may revoke) and email (what the link list shows). */
  readonly createdById: string;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly downloads: number;
}

interface Row {
  id: string;
  object_key: string;
  version_id: string;
  created_by: string;
  created_by_email: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  downloads: number;
}

const COLUMNS =
  'id, object_key, version_id, created_by, created_by_email, created_at, expires_at, revoked_at, last_used_at, downloads';

function fromRow(r: Row): ShareRow {
  return {
    id: r.id,
    key: r.object_key,
    versionId: r.version_id,
    createdById: String(r.created_by),
    createdBy: r.created_by_email,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
    downloads: r.downloads,
  };
}

/** What a link is at `now`: revoked wins over expired. */
export function shareState(s: ShareRow, now: Date): ApiShare['state'] {
  if (s.revokedAt) return 'revoked';
  return s.expiresAt.getTime() <= now.getTime() ? 'expired' : 'live';
}

/** The API's answer for a row. */
export function toApiShare(s: ShareRow, now: Date): ApiShare {
  return {
    id: s.id,
    path: sharePath(s.id),
    key: s.key,
    versionId: s.versionId,
    createdBy: s.createdBy,
    createdAt: s.createdAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    revokedAt: s.revokedAt?.toISOString() ?? null,
    lastUsedAt: s.lastUsedAt?.toISOString() ?? null,
    downloads: s.downloads,
    state: shareState(s, now),
  };
}

/** Escapes LIKE's wildcards so a prefix matches literally. */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Share links in PostgreSQL (migration 3). Ids are 128 random bits, never derived from anything. */
export class ShareStore {
  constructor(private readonly db: Db) {}

  async create(
    user: User,
    link: { key: string; versionId: string; expiresAt: Date },
    now: Date,
  ): Promise<ShareRow> {
    const id = randomBytes(16).toString('base64url');
    const r = await this.db.query<Row>(
      `INSERT INTO share_links (id, object_key, version_id, created_by, created_by_email, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [id, link.key, link.versionId, user.id, user.email, now, link.expiresAt],
    );
    return fromRow(r.rows[0]!);
  }

  async get(id: string): Promise<ShareRow | undefined> {
    const r = await this.db.query<Row>(`SELECT ${COLUMNS} FROM share_links WHERE id = $1`, [id]);
    return r.rows[0] ? fromRow(r.rows[0]) : undefined;
  }

  /** The links of one key, or of every key under `prefix`, newest first (at most `limit`). */
  async list(where: { key: string } | { prefix: string }, limit = 500): Promise<ShareRow[]> {
    const r =
      'key' in where
        ? await this.db.query<Row>(
            `SELECT ${COLUMNS} FROM share_links WHERE object_key = $1 ORDER BY created_at DESC, id LIMIT $2`,
            [where.key, limit],
          )
        : await this.db.query<Row>(
            `SELECT ${COLUMNS} FROM share_links WHERE object_key LIKE $1 ORDER BY created_at DESC, id LIMIT $2`,
            [likePrefix(where.prefix), limit],
          );
    return r.rows.map(fromRow);
  }

  /** Revokes a link (again is a no-op that keeps the first time); undefined when there is none. */
  async revoke(id: string, by: User, now: Date): Promise<ShareRow | undefined> {
    const r = await this.db.query<Row>(
      `UPDATE share_links SET revoked_at = COALESCE(revoked_at, $2), revoked_by = COALESCE(revoked_by, $3)
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, now, by.id],
    );
    return r.rows[0] ? fromRow(r.rows[0]) : undefined;
  }

  /**
   * Counts one download of a link that is live at `now` (one atomic UPDATE, so a revoke that
   * lands first wins) and returns it; undefined when it is not live.
   */
  async use(id: string, now: Date): Promise<ShareRow | undefined> {
    const r = await this.db.query<Row>(
      `UPDATE share_links SET downloads = downloads + 1, last_used_at = $2
       WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2 RETURNING ${COLUMNS}`,
      [id, now],
    );
    return r.rows[0] ? fromRow(r.rows[0]) : undefined;
  }

  /** Revokes every live link a person made (their account is being disabled); returns how many. */
  async revokeAllBy(userId: string, now: Date): Promise<number> {
    const r = await this.db.query(
      'UPDATE share_links SET revoked_at = $2, revoked_by = $1 WHERE created_by = $1 AND revoked_at IS NULL',
      [userId, now],
    );
    return r.rowCount ?? 0;
  }
}
