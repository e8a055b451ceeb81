import type pg from 'pg';

/** One schema step. Never edit a shipped migration: add a new one. */
interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

// Artist ids are S3 prefix segments: lowercase letters, digits and inner hyphens.
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, sessions, credential audit',
    sql: `
      CREATE TABLE users (
        id            bigserial PRIMARY KEY,
        email         text NOT NULL UNIQUE CHECK (email = lower(email) AND email LIKE '%_@_%'),
        password_hash text NOT NULL,
        role          text NOT NULL CHECK (role IN ('artist', 'staff')),
        artist_id     text CHECK (artist_id ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
        display_name  text NOT NULL,
        disabled      boolean NOT NULL DEFAULT false,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        CHECK ((role = 'artist') = (artist_id IS NOT NULL))
      );
      CREATE TABLE sessions (
        id           bigserial PRIMARY KEY,
        user_id      bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash   bytea NOT NULL UNIQUE,
        created_at   timestamptz NOT NULL,
        expires_at   timestamptz NOT NULL,
        revoked_at   timestamptz
      );
      CREATE INDEX sessions_user_idx ON sessions (user_id);
      CREATE TABLE credential_issuances (
        id            bigserial PRIMARY KEY,
        user_id       bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        email         text NOT NULL,
        role          text NOT NULL,
        prefix        text NOT NULL,
        access_key_id text NOT NULL,
        issued_at     timestamptz NOT NULL,
        expires_at    timestamptz NOT NULL,
        request_id    text
      );
      CREATE INDEX credential_issuances_user_idx ON credential_issuances (user_id, issued_at);
    `,
  },
  {
    version: 2,
    name: 'rate limits shared by every dyno',
    // One row per key (e.g. `signin-email:<email>`): the attempts in its current window.
    sql: `
      CREATE TABLE rate_limits (
        key         text PRIMARY KEY,
        count       integer NOT NULL,
        window_ends timestamptz NOT NULL
      );
      CREATE INDEX rate_limits_window_idx ON rate_limits (window_ends);
    `,
  },
  {
    version: 3,
    name: 'share links and version labels',
    // A share link points at one exact version; opening it re-checks it and pre-signs afresh.
    // Labels and a note per version (key + VersionId), replaced as a whole, with who and when.
    sql: `
      CREATE TABLE share_links (
        id               text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{22}$'),
        object_key       text NOT NULL,
        version_id       text NOT NULL,
        created_by       bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_by_email text NOT NULL,
        created_at       timestamptz NOT NULL,
        expires_at       timestamptz NOT NULL,
        revoked_at       timestamptz,
        revoked_by       bigint REFERENCES users(id) ON DELETE SET NULL,
        last_used_at     timestamptz,
        downloads        integer NOT NULL DEFAULT 0
      );
      CREATE INDEX share_links_key_idx ON share_links (object_key text_pattern_ops, created_at);
      CREATE INDEX share_links_creator_idx ON share_links (created_by);
      CREATE TABLE version_labels (
        object_key       text NOT NULL,
        version_id       text NOT NULL,
        labels           text[] NOT NULL,
        note             text NOT NULL,
        updated_by       bigint REFERENCES users(id) ON DELETE SET NULL,
        updated_by_email text NOT NULL,
        updated_at       timestamptz NOT NULL,
        PRIMARY KEY (object_key, version_id)
      );
      CREATE INDEX version_labels_key_idx ON version_labels (object_key text_pattern_ops);
      CREATE INDEX version_labels_labels_idx ON version_labels USING gin (labels);
    `,
  },
];

// Any constant works; it only has to be the same for every process running migrations
// (the release phase and a web dyno may start together).
const LOCK_ID = 0x636f7070; // "copp"

/**
 * Brings the schema up to date; safe to run on every start and from several processes at once
 * (an advisory lock serialises them, each step runs in its own transaction).
 * Returns the versions it applied.
 */
export async function runMigrations(pool: pg.Pool): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
      applied.push(m.version);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => undefined);
    client.release();
  }
  return applied;
}
