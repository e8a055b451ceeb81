import Database from 'better-sqlite3';
import { ensurePrivateDir, makeFilesPrivate } from '../app/private-dir';
import { join } from 'node:path';
import { migrations as allMigrations, type Migration } from './migrations';

/** The profile's SQLite database (better-sqlite3 handle). */
export type CopperDatabase = Database.Database;

/** File name of the database inside the profile's data folder. */
export const databaseFileName = 'copper.sqlite';

/**
 * Opens (creating if needed) the profile's database in `dataDir`, in WAL mode, and brings its
 * schema up to date. WAL lets a reader (the CLI's `status`) look while the desktop writes;
 * `synchronous = NORMAL` is durable across process crashes, which is what resume needs.
 * Pass `':memory:'` for a throwaway database.
 */
export function openDatabase(
  dataDir: string,
  migrations: readonly Migration[] = allMigrations,
): CopperDatabase {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    ensurePrivateDir(dataDir);
    file = join(dataDir, databaseFileName);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // SQLite gives the -wal and -shm files the database file's mode, so this covers all three.
  if (file !== ':memory:') makeFilesPrivate([file, `${file}-wal`, `${file}-shm`]);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Another process (CLI + desktop) may hold the write lock briefly.
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  cachePreparedStatements(db);
  return db;
}

/**
 * The repositories call `db.prepare(sql)` at each use; compiling the same SQL again for every
 * state change was a measurable share of the per-file cost with thousands of small files.
 * Statements are reusable, so each distinct SQL text is compiled once per connection.
 */
function cachePreparedStatements(db: CopperDatabase): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, ReturnType<typeof prepare>>();
  db.prepare = ((sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = prepare(sql);
      if (cache.size < 256) cache.set(sql, stmt);
    }
    return stmt;
  }) as typeof db.prepare;
}

/** Applies the migrations above the database's `user_version`, each in its own transaction. */
export function migrate(db: CopperDatabase, migrations: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.reduce((v, m) => Math.max(v, m.version), 0);
  if (current > newest) {
    throw new Error(`The database is from a newer Copper (schema ${current}, this build knows ${newest}).`);
  }
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
