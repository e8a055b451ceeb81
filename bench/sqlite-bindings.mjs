// Compares SQLite bindings on the queue's hot statements (what core/db/queue-repository.ts runs
// per file: insert, read back, state changes, plan + part progress, the done transaction, the
// idle count and the next-queued scan), on a file database in WAL mode as the app opens it.
//
//   node bench/sqlite-bindings.mjs [--files N] [--parts N] [--rounds N] [--from DIR]...
//
// `node:sqlite` is always measured (the project's binding). Others are measured when they can
// be resolved from one of the `--from` folders (e.g. a scratch folder where `npm install libsql
// @photostructure/sqlite better-sqlite3` was run) and say why when they cannot.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '5000' },
    parts: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    from: { type: 'string', multiple: true, default: [] },
  },
});
const files = Number(values.files);
const parts = Number(values.parts);
const rounds = Number(values.rounds);

/** Resolves `name` from the first --from folder that has it. */
function load(name) {
  for (const dir of values.from) {
    try {
      return createRequire(join(dir, 'noop.js'))(name);
    } catch (err) {
      if (err.code !== 'MODULE_NOT_FOUND') return { loadError: err };
    }
  }
  return { loadError: new Error(`not installed in any --from folder (${values.from.join(', ') || 'none'})`) };
}

const candidates = [
  ['node:sqlite', () => createRequire(import.meta.url)('node:sqlite'), (m, f) => new m.DatabaseSync(f)],
  ['@photostructure/sqlite', () => load('@photostructure/sqlite'), (m, f) => new m.DatabaseSync(f)],
  ['libsql', () => load('libsql'), (M, f) => new M(f)],
  ['better-sqlite3', () => load('better-sqlite3'), (M, f) => new M(f)],
];

const schema = `
  CREATE TABLE queue_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL, bucket TEXT NOT NULL, key TEXT NOT NULL,
    size INTEGER NOT NULL, mtime_ms REAL NOT NULL, state TEXT NOT NULL, error_code TEXT, error_message TEXT,
    error_retryable INTEGER, done_reason TEXT, upload_id TEXT, part_size INTEGER, plan_size INTEGER,
    plan_mtime_ms REAL, sha256 TEXT, version_id TEXT, etag TEXT, bytes_done INTEGER NOT NULL DEFAULT 0,
    added_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
  CREATE INDEX queue_entries_state ON queue_entries(state, id);
  CREATE TABLE multipart_uploads (upload_id TEXT PRIMARY KEY, bucket TEXT, key TEXT, created_at INTEGER);
  CREATE TABLE uploaded_objects (bucket TEXT, key TEXT, sha256 TEXT, size INTEGER, version_id TEXT,
    etag TEXT, uploaded_at INTEGER, PRIMARY KEY (bucket, key));`;

/** Runs the per-file statement sequence `files` times; returns µs per file and per statement kind. */
function run(db) {
  for (const p of ['journal_mode = WAL', 'synchronous = NORMAL', 'busy_timeout = 5000'])
    db.exec(`PRAGMA ${p}`);
  db.exec(schema);
  const cache = new Map();
  const prep = (sql) => cache.get(sql) ?? cache.set(sql, db.prepare(sql)).get(sql);
  const timing = new Map();
  const time = (kind, fn) => {
    const t = process.hrtime.bigint();
    const r = fn();
    timing.set(kind, (timing.get(kind) ?? 0n) + (process.hrtime.bigint() - t));
    return r;
  };
  const tx = (fn) => {
    db.exec('BEGIN IMMEDIATE');
    try {
      fn();
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  };
  const start = process.hrtime.bigint();
  for (let i = 0; i < files; i++) {
    const now = Date.now();
    const info = time('insert', () =>
      prep(
        `INSERT INTO queue_entries (path, bucket, key, size, mtime_ms, state, added_at, updated_at) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)`,
      ).run(`/art/series/${i}.tif`, 'gallery', `artists/ada/series/${i}.tif`, 1 << 24, now, now, now),
    );
    const id = Number(info.lastInsertRowid);
    time('get', () => prep('SELECT * FROM queue_entries WHERE id = ?').get(id));
    time('count', () =>
      prep("SELECT COUNT(*) AS n FROM queue_entries WHERE state IN ('queued','uploading')").get(),
    );
    time('next-queued', () =>
      prep("SELECT * FROM queue_entries WHERE state = 'queued' ORDER BY id LIMIT 1").get(),
    );
    time('set-state', () =>
      prep(
        'UPDATE queue_entries SET state = ?, error_code = NULL, error_message = NULL, updated_at = ? WHERE id = ?',
      ).run('uploading', now, id),
    );
    time('plan-tx', () =>
      tx(() => {
        prep(
          'UPDATE queue_entries SET upload_id = ?, part_size = ?, plan_size = ?, plan_mtime_ms = ?, bytes_done = 0, updated_at = ? WHERE id = ?',
        ).run(`u${i}`, 1 << 21, 1 << 24, now, now, id);
        prep(
          'INSERT OR IGNORE INTO multipart_uploads (upload_id, bucket, key, created_at) VALUES (?, ?, ?, ?)',
        ).run(`u${i}`, 'gallery', `k${i}`, now);
      }),
    );
    for (let p = 1; p <= parts; p++) {
      time('bytes-done', () => prep('UPDATE queue_entries SET bytes_done = ? WHERE id = ?').run(p << 21, id));
    }
    time('done-tx', () =>
      tx(() => {
        prep(
          `INSERT INTO uploaded_objects (bucket, key, sha256, size, version_id, etag, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(bucket, key) DO UPDATE SET sha256 = excluded.sha256, uploaded_at = excluded.uploaded_at`,
        ).run('gallery', `k${i}`, 'ab'.repeat(32), 1 << 24, `v${i}`, `"e${i}"`, now);
        prep(
          "UPDATE queue_entries SET state = 'done', done_reason = 'uploaded', bytes_done = size, upload_id = NULL, updated_at = ? WHERE id = ?",
        ).run(now, id);
        prep('DELETE FROM multipart_uploads WHERE upload_id = ?').run(`u${i}`);
      }),
    );
  }
  const total = Number(process.hrtime.bigint() - start) / 1e3;
  return { perFileUs: total / files, kinds: [...timing].map(([k, ns]) => [k, Number(ns) / 1e3 / files]) };
}

console.log(`Node ${process.versions.node}, ${files} files × (${parts} part updates + 8 statements)`);
for (const [name, loadModule, open] of candidates) {
  const mod = (() => {
    try {
      return loadModule();
    } catch (err) {
      return { loadError: err };
    }
  })();
  if (mod.loadError) {
    console.log(`${name.padEnd(24)} skipped: ${mod.loadError.message.split('\n')[0]}`);
    continue;
  }
  // Best of a few rounds: the machine is shared, the minimum is the least disturbed.
  let best;
  try {
    for (let round = 0; round < rounds; round++) {
      const dir = mkdtempSync(join(tmpdir(), 'copper-sqlite-bench-'));
      try {
        const db = open(mod.default ?? mod, join(dir, 'copper.sqlite'));
        const r = run(db);
        db.close();
        if (!best || r.perFileUs < best.perFileUs) best = r;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } catch (err) {
    console.log(`${name.padEnd(24)} skipped: ${err.message.split('\n')[0]}`);
    continue;
  }
  const detail = best.kinds.map(([k, us]) => `${k} ${us.toFixed(1)}`).join(', ');
  console.log(`${name.padEnd(24)} ${best.perFileUs.toFixed(1).padStart(7)} µs/file  (µs: ${detail})`);
}
