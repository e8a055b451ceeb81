import type { CatalogItem, CatalogSource } from '../../shared/models/catalog';
import type { CopperDatabase } from './database';

interface EntryRow {
  path: string;
  source_id: number;
  item_id: string;
  name: string;
  size: number;
  mtime_ms: number;
  kind: string;
  state: string;
  image_json: string | null;
  thumbnail: string | null;
  error_code: string | null;
  error_message: string | null;
  sha256: string | null;
}

function toItem(r: EntryRow): CatalogItem {
  let image = null;
  try {
    image = r.image_json ? (JSON.parse(r.image_json) as CatalogItem['image']) : null;
  } catch {
    // A row from a broken write reads as "not read yet"; the next scan reads the file again.
  }
  return {
    id: r.item_id,
    path: r.path,
    name: r.name,
    size: r.size,
    mtimeMs: r.mtime_ms,
    kind: r.kind as CatalogItem['kind'],
    state: r.state as CatalogItem['state'],
    image,
    thumbnail: r.thumbnail,
    error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
    sourceId: r.source_id,
    sha256: r.sha256,
  };
}

/**
 * The Library's tables (catalog_sources, catalog_entries). Plain SQL, synchronous like the
 * queue's repository; writes of a scan are grouped by the caller into `saveMany` transactions.
 */
export class CatalogRepository {
  constructor(private readonly db: CopperDatabase) {}

  /** The source for `path`, created when new (a folder added twice is one source). */
  ensureSource(path: string, now: number): CatalogSource {
    this.db
      .prepare('INSERT INTO catalog_sources (path, added_at) VALUES (?, ?) ON CONFLICT(path) DO NOTHING')
      .run(path, now);
    const row = this.db
      .prepare('SELECT id, path, added_at FROM catalog_sources WHERE path = ?')
      .get(path) as {
      id: number;
      path: string;
      added_at: number;
    };
    return { id: row.id, path: row.path, addedAt: new Date(row.added_at).toISOString() };
  }

  sources(): CatalogSource[] {
    const rows = this.db.prepare('SELECT id, path, added_at FROM catalog_sources ORDER BY id').all() as {
      id: number;
      path: string;
      added_at: number;
    }[];
    return rows.map((r) => ({ id: r.id, path: r.path, addedAt: new Date(r.added_at).toISOString() }));
  }

  /** Forgets a source and its entries (the files and anything uploaded stay). */
  removeSource(id: number): boolean {
    return this.db.prepare('DELETE FROM catalog_sources WHERE id = ?').run(id).changes > 0;
  }

  /** Every entry, in path order. */
  entries(): CatalogItem[] {
    return (
      this.db.prepare('SELECT * FROM catalog_entries ORDER BY path').all() as unknown as EntryRow[]
    ).map(toItem);
  }

  saveMany(items: readonly CatalogItem[], now: number): void {
    const stmt = this.db.prepare(
      `INSERT INTO catalog_entries (path, source_id, item_id, name, size, mtime_ms, kind, state, image_json,
         thumbnail, error_code, error_message, sha256, seen_at)
       VALUES (@path, @source_id, @item_id, @name, @size, @mtime_ms, @kind, @state, @image_json,
         @thumbnail, @error_code, @error_message, @sha256, @seen_at)
       ON CONFLICT(path) DO UPDATE SET source_id = excluded.source_id, item_id = excluded.item_id,
         name = excluded.name, size = excluded.size, mtime_ms = excluded.mtime_ms, kind = excluded.kind,
         state = excluded.state, image_json = excluded.image_json, thumbnail = excluded.thumbnail,
         error_code = excluded.error_code, error_message = excluded.error_message,
         sha256 = excluded.sha256, seen_at = excluded.seen_at`,
    );
    this.db.transaction(() => {
      for (const i of items) {
        if (i.sourceId === null) continue;
        stmt.run({
          path: i.path,
          source_id: i.sourceId,
          item_id: i.id,
          name: i.name,
          size: i.size,
          mtime_ms: i.mtimeMs,
          kind: i.kind,
          state: i.state,
          image_json: i.image ? JSON.stringify(i.image) : null,
          thumbnail: i.thumbnail,
          error_code: i.error?.code ?? null,
          error_message: i.error?.message ?? null,
          sha256: i.sha256,
          seen_at: now,
        });
      }
    });
  }

  /** Drops a source's entries not seen since `since` (files deleted or moved away); returns their paths. */
  dropUnseen(sourceId: number, since: number): string[] {
    const gone = this.db
      .prepare('SELECT path FROM catalog_entries WHERE source_id = ? AND seen_at < ?')
      .all(sourceId, since) as { path: string }[];
    this.db.prepare('DELETE FROM catalog_entries WHERE source_id = ? AND seen_at < ?').run(sourceId, since);
    return gone.map((g) => g.path);
  }

  /** Marks entries as seen without rewriting them (an unchanged file on rescan). */
  touch(paths: readonly string[], now: number): void {
    const stmt = this.db.prepare('UPDATE catalog_entries SET seen_at = ? WHERE path = ?');
    this.db.transaction(() => {
      for (const p of paths) stmt.run(now, p);
    });
  }

  /**
   * This machine's last upload of each path (its newest `done` queue entry and the key's
   * upload record), for the comparison with the bucket; paths never uploaded are left out.
   */
  lastUploads(paths: readonly string[]): LastUpload[] {
    const stmt = this.db.prepare(
      `SELECT q.path AS path, q.bucket AS bucket, q.key AS key, u.size AS size, u.etag AS etag,
         u.version_id AS versionId, u.sha256 AS sha256
       FROM queue_entries q JOIN uploaded_objects u ON u.bucket = q.bucket AND u.key = q.key
       WHERE q.path = ? AND q.state = 'done' ORDER BY q.id DESC LIMIT 1`,
    );
    const out: LastUpload[] = [];
    for (const p of paths) {
      const row = stmt.get(p) as LastUpload | undefined;
      if (row) out.push({ ...row });
    }
    return out;
  }

  /** This machine's uploads of a path (its `done` queue entries), newest first, at most `limit`. */
  uploadsOf(path: string, limit = 50): UploadRecord[] {
    return (
      this.db
        .prepare(
          `SELECT bucket, key, size, mtime_ms AS mtimeMs, updated_at AS at, version_id AS versionId, etag,
             sha256, done_reason AS reason
           FROM queue_entries WHERE path = ? AND state = 'done' ORDER BY id DESC LIMIT ?`,
        )
        .all(path, limit) as unknown as UploadRecord[]
    ).map((r) => ({ ...r }));
  }

  /** The bucket and key of the newest queue entry of a path in any state (where it goes or went), or undefined. */
  queuedKey(path: string): { bucket: string; key: string } | undefined {
    const row = this.db
      .prepare('SELECT bucket, key FROM queue_entries WHERE path = ? ORDER BY id DESC LIMIT 1')
      .get(path) as { bucket: string; key: string } | undefined;
    return row ? { bucket: row.bucket, key: row.key } : undefined;
  }

  /** The source a Library entry was found under, or undefined. */
  sourceOf(path: string): CatalogSource | undefined {
    const row = this.db
      .prepare(
        `SELECT s.id AS id, s.path AS path, s.added_at AS addedAt FROM catalog_entries e
         JOIN catalog_sources s ON s.id = e.source_id WHERE e.path = ?`,
      )
      .get(path) as { id: number; path: string; addedAt: number } | undefined;
    return row ? { id: row.id, path: row.path, addedAt: new Date(row.addedAt).toISOString() } : undefined;
  }

  /**
   * Objects this profile uploaded to `bucket` with `size` bytes before `before` (ms since the
   * epoch), other than `exceptKey` (for duplicates).
   */
  uploadedLike(
    bucket: string,
    size: number,
    exceptKey: string,
    before: number,
  ): { key: string; sha256: string }[] {
    return (
      this.db
        .prepare(
          'SELECT key, sha256 FROM uploaded_objects WHERE bucket = ? AND size = ? AND key != ? AND uploaded_at < ? LIMIT 50',
        )
        .all(bucket, size, exceptKey, before) as { key: string; sha256: string }[]
    ).map((r) => ({ key: r.key, sha256: r.sha256 }));
  }
}

/** A file's last upload from this machine: where it went and what S3 answered. */
export interface LastUpload {
  readonly path: string;
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly etag: string | null;
  readonly versionId: string | null;
  readonly sha256: string;
}

/** One `done` queue entry of a path: what was sent (or found unchanged) and what S3 answered. */
export interface UploadRecord {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** Epoch ms the entry finished. */
  readonly at: number;
  readonly versionId: string | null;
  readonly etag: string | null;
  readonly sha256: string | null;
  readonly reason: 'uploaded' | 'unchanged' | null;
}
