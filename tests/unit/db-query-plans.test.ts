import { afterEach, describe, expect, it } from 'vitest';
import { CatalogRepository } from '../../core/db/catalog-repository';
import { openDatabase, type CopperDatabase } from '../../core/db/database';
import { QueueRepository } from '../../core/db/queue-repository';

// The look-ups that run once per file (the upload screen's, the Library's comparison with the
// bucket, an artwork's details) must find their rows through an index: a full scan of the queue
// or of the uploads per file made a 20,000-file profile read 20,000 × 20,000 rows.

let db: CopperDatabase | undefined;
afterEach(() => db?.close());

/** Runs `use` and returns SQLite's plan for every statement it prepared. */
function plansOf(use: () => void): { sql: string; plan: string[] }[] {
  const seen: string[] = [];
  const prepare = db!.prepare.bind(db);
  db!.prepare = (sql: string) => {
    seen.push(sql);
    return prepare(sql);
  };
  try {
    use();
  } finally {
    db!.prepare = prepare;
  }
  return [...new Set(seen)].map((sql) => ({
    sql,
    plan: (db!.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail),
  }));
}

/**
 * Plans that read every row ("SCAN queue_entries") or every row of a state or a bucket (an
 * index on `state` or `bucket` alone), instead of "SEARCH … USING INDEX" on what is looked for.
 */
const fullScans = (plan: readonly string[]) =>
  plan.filter(
    (d) =>
      /^SCAN (queue_entries|uploaded_objects|q|u)\b/.test(d) ||
      /USING (COVERING )?INDEX \w+ \((state|bucket)=\?\)$/.test(d),
  );

describe('per-file look-ups use an index', () => {
  it('finds a path’s uploads and same-size uploads without reading every row', () => {
    db = openDatabase(':memory:');
    const queue = new QueueRepository(db, () => 1_700_000_000_000);
    const catalog = new CatalogRepository(db);
    for (let i = 0; i < 50; i++) {
      const row = queue.insert({
        path: `/a/${i}.tif`,
        bucket: 'b',
        key: `k/${i}.tif`,
        size: 10 + i,
        mtimeMs: 1,
        state: { state: 'queued' },
      });
      queue.recordUploaded(row.id, {
        bucket: 'b',
        key: `k/${i}.tif`,
        sha256: 'h',
        size: 10 + i,
        versionId: 'v',
        etag: 'e',
      });
    }
    const plans = plansOf(() => {
      catalog.lastUploads(['/a/1.tif', '/a/2.tif']);
      catalog.uploadsOf('/a/1.tif');
      catalog.queuedKey('/a/1.tif');
      catalog.uploadedLike('b', 11, 'k/9.tif', Date.now());
      queue.findActive('/a/1.tif', 'b', 'k/1.tif');
      queue.lastUpload('b', 'k/1.tif');
    });
    expect(plans.length).toBeGreaterThanOrEqual(6);
    for (const { sql, plan } of plans)
      expect.soft({ sql, scans: fullScans(plan) }).toEqual({ sql, scans: [] });
    // The answers are still the right rows.
    expect(catalog.lastUploads(['/a/1.tif']).map((u) => u.key)).toEqual(['k/1.tif']);
    expect(catalog.uploadedLike('b', 11, 'k/9.tif', Date.now()).map((u) => u.key)).toEqual(['k/1.tif']);
  });
});
