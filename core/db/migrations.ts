/**
 * Numbered schema migrations. Append only: a released migration is never edited, a change is
 * a new entry. `user_version` records how far a database has come.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'upload queue',
    sql: `
      CREATE TABLE queue_entries (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        path            TEXT    NOT NULL,
        bucket          TEXT    NOT NULL,
        key             TEXT    NOT NULL,
        size            INTEGER NOT NULL,
        mtime_ms        REAL    NOT NULL,
        state           TEXT    NOT NULL,
        error_code      TEXT,
        error_message   TEXT,
        error_retryable INTEGER,
        done_reason     TEXT,
        upload_id       TEXT,
        part_size       INTEGER,
        plan_size       INTEGER,
        plan_mtime_ms   REAL,
        sha256          TEXT,
        version_id      TEXT,
        etag            TEXT,
        bytes_done      INTEGER NOT NULL DEFAULT 0,
        added_at        INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
      );
      CREATE INDEX queue_entries_state ON queue_entries(state, id);
      CREATE INDEX queue_entries_key ON queue_entries(bucket, key);

      -- Every multipart upload this profile created, from CreateMultipartUpload's answer until
      -- it is completed or aborted: the startup sweep aborts the ones no entry tracks.
      CREATE TABLE multipart_uploads (
        upload_id  TEXT PRIMARY KEY,
        bucket     TEXT    NOT NULL,
        key        TEXT    NOT NULL,
        created_at INTEGER NOT NULL
      );

      -- The last successful upload of each key: the content hash that makes re-adding an
      -- unchanged file a no-op.
      CREATE TABLE uploaded_objects (
        bucket      TEXT    NOT NULL,
        key         TEXT    NOT NULL,
        sha256      TEXT    NOT NULL,
        size        INTEGER NOT NULL,
        version_id  TEXT,
        etag        TEXT,
        uploaded_at INTEGER NOT NULL,
        PRIMARY KEY (bucket, key)
      );
    `,
  },
  {
    version: 2,
    name: 'runner lock',
    sql: `
      -- Which process runs this profile's queue (one row at most): the desktop app and the CLI
      -- may open the same data folder, and only one of them may upload from it.
      CREATE TABLE runner_lock (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        token        TEXT    NOT NULL,
        pid          INTEGER NOT NULL,
        host         TEXT    NOT NULL,
        owner        TEXT    NOT NULL,
        acquired_at  INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'runner lock boot id',
    sql: `
      -- The boot the holder ran in: after a reboot its PID may belong to another process.
      ALTER TABLE runner_lock ADD COLUMN boot_id TEXT;
    `,
  },
  {
    version: 4,
    name: 'catalog',
    sql: `
      -- The folders and files a person added to the Library: one row per path, so adding the
      -- same folder twice is one source.
      CREATE TABLE catalog_sources (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        path     TEXT    NOT NULL UNIQUE,
        added_at INTEGER NOT NULL
      );

      -- Every file found under a source, with what was read of it. size + mtime_ms say whether
      -- a rescan must read it again; item_id (sha1 of path, size, mtime) names its thumbnail in
      -- the cache folder; image_json is the reader's metadata (CatalogImageInfo) as JSON.
      CREATE TABLE catalog_entries (
        path          TEXT    PRIMARY KEY,
        source_id     INTEGER NOT NULL REFERENCES catalog_sources(id) ON DELETE CASCADE,
        item_id       TEXT    NOT NULL,
        name          TEXT    NOT NULL,
        size          INTEGER NOT NULL,
        mtime_ms      REAL    NOT NULL,
        kind          TEXT    NOT NULL,
        state         TEXT    NOT NULL,
        image_json    TEXT,
        thumbnail     TEXT,
        error_code    TEXT,
        error_message TEXT,
        sha256        TEXT,
        seen_at       INTEGER NOT NULL
      );
      CREATE INDEX catalog_entries_source ON catalog_entries(source_id);
      CREATE INDEX catalog_entries_sha256 ON catalog_entries(sha256);
    `,
  },
  {
    version: 5,
    name: 'lookups by path and by size',
    sql: `
      -- A file's queue entries by its path (the Library's last upload of each file, an
      -- artwork's details): without it every look-up read every done entry, so comparing a
      -- Library of 20,000 uploaded files with the bucket read 20,000 × 20,000 rows.
      CREATE INDEX queue_entries_path ON queue_entries(path, id);
      -- Earlier uploads of the same size (the upload screen's duplicate check, once per added
      -- file): without it each check read every upload to the bucket.
      CREATE INDEX uploaded_objects_size ON uploaded_objects(bucket, size, uploaded_at);
    `,
  },
];
