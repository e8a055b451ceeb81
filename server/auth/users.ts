import type { Db } from '../db/pool';
import { CopperError } from '../../shared/errors';
import type { ApiProfile } from '../../shared/http/api-schemas';

/** A person's role: artists write under their own prefix, staff read every artist's work. */
export type Role = 'artist' | 'staff';

/** An account row (the password hash stays inside the API). */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly passwordHash: string;
  readonly role: Role;
  readonly artistId: string | null;
  readonly displayName: string;
  readonly disabled: boolean;
  readonly createdAt: Date;
}

/** Lowercase letters, digits and inner hyphens, 1..63 characters: a safe S3 prefix segment. */
export const ARTIST_ID_RE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The one way emails are compared and stored. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The profile the API hands out for a user. */
export function toProfile(u: User): ApiProfile {
  return { email: u.email, role: u.role, artistId: u.artistId, displayName: u.displayName };
}

/** A `users` row as PostgreSQL returns it (read with userColumns, turned into a User by userFromRow). */
export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  role: Role;
  artist_id: string | null;
  display_name: string;
  disabled: boolean;
  created_at: Date;
}

const COLUMN_NAMES: readonly (keyof UserRow)[] = [
  'id',
  'email',
  'password_hash',
  'role',
  'artist_id',
  'display_name',
  'disabled',
  'created_at',
];

/** The columns of a UserRow, for a SELECT; `table` qualifies them (a join: `userColumns('u')`). */
export function userColumns(table?: string): string {
  return COLUMN_NAMES.map((c) => (table ? `${table}.${c}` : c)).join(', ');
}

const COLUMNS = userColumns();

/** The User a UserRow describes. */
export function userFromRow(r: UserRow): User {
  return {
    id: String(r.id),
    email: r.email,
    passwordHash: r.password_hash,
    role: r.role,
    artistId: r.artist_id,
    displayName: r.display_name,
    disabled: r.disabled,
    createdAt: r.created_at,
  };
}

/** New account fields; the password arrives already hashed. */
export interface NewUser {
  readonly email: string;
  readonly passwordHash: string;
  readonly role: Role;
  readonly artistId: string | null;
  readonly displayName: string;
}

/** Accounts in PostgreSQL. */
export class UserStore {
  constructor(private readonly db: Db) {}

  async findByEmail(email: string): Promise<User | undefined> {
    const r = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE email = $1`, [
      normalizeEmail(email),
    ]);
    return r.rows[0] ? userFromRow(r.rows[0]) : undefined;
  }

  async list(): Promise<User[]> {
    const r = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY role, email`);
    return r.rows.map(userFromRow);
  }

  /** Creates an account; `user.exists` when the email is taken, `user.invalid` for bad fields. */
  async create(u: NewUser): Promise<User> {
    const email = normalizeEmail(u.email);
    if (!/^[^\s@]+@[^\s@]+$/.test(email))
      throw new CopperError('user.invalid', `"${u.email}" is not an email address.`);
    if (u.role === 'artist' && (!u.artistId || !ARTIST_ID_RE.test(u.artistId))) {
      throw new CopperError(
        'user.invalid',
        'An artist needs --artist-id: lowercase letters, digits and hyphens (e.g. "ada-lovelace").',
      );
    }
    if (u.role === 'staff' && u.artistId)
      throw new CopperError('user.invalid', 'Staff accounts have no artist id.');
    try {
      const r = await this.db.query<UserRow>(
        `INSERT INTO users (email, password_hash, role, artist_id, display_name) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [
          email,
          u.passwordHash,
          u.role,
          u.role === 'artist' ? u.artistId : null,
          u.displayName.trim() || email,
        ],
      );
      return userFromRow(r.rows[0]!);
    } catch (err) {
      if ((err as { code?: string }).code === '23505')
        throw new CopperError('user.exists', `An account for ${email} already exists.`);
      throw err;
    }
  }

  /** Disables an account and revokes its sessions; false when there is no such account. */
  async disable(email: string, now: Date): Promise<boolean> {
    const r = await this.db.query<{ id: string }>(
      'UPDATE users SET disabled = true, updated_at = $2 WHERE email = $1 RETURNING id',
      [normalizeEmail(email), now],
    );
    if (r.rowCount === 0) return false;
    await this.db.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [
      r.rows[0]!.id,
      now,
    ]);
    return true;
  }

  /** Sets a new password hash, re-enables nothing, and revokes every session of the account. */
  async setPassword(email: string, passwordHash: string, now: Date): Promise<boolean> {
    const r = await this.db.query<{ id: string }>(
      'UPDATE users SET password_hash = $2, updated_at = $3 WHERE email = $1 RETURNING id',
      [normalizeEmail(email), passwordHash, now],
    );
    if (r.rowCount === 0) return false;
    await this.db.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [
      r.rows[0]!.id,
      now,
    ]);
    return true;
  }
}
