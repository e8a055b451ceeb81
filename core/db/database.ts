import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { migrations as allMigrations, type Migration } from './migrations';

/**
 * The profile's SQLite database: Node's built-in `node:sqlite` (`DatabaseSync`), the same
 * module in Node 24 and in Electron's Node, so nothing is built per runtime (better-sqlite3
 * was, and the copy built for one ABI could not load in the other).
 *
 * A thin layer over the handle: prepared statements are compiled once per SQL text, and
 * transactions nest (an inner one becomes a savepoint), which the repositories rely on.
 */
export class CopperDatabase {
  private readonly statements = new Map<string, StatementSync>();
  private depth = 0;

  constructor(private readonly handle: DatabaseSync) {}

  /**
   * The repositories prepare at each use; compiling the same SQL again for every state change
   * was a measurable share of the per-file cost with thousands of small files. Statements are
   * reusable, so each distinct SQL text is compiled once per connection.
   */
  prepare(sql: string): StatementSync {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.handle.prepare(sql);
      if (this.statements.size < 256) this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Runs SQL without results (DDL, PRAGMA writes, several statements). */
  exec(sql: string): void {
    this.handle.exec(sql);
  }

  /** The value of a read-only PRAGMA (its first column), e.g. `pragma('user_version')`. */
  pragma(name: string): unknown {
    const row = this.handle.prepare(`PRAGMA ${name}`).get();
    return row ? Object.values(row)[0] : undefined;
  }

  /**
   * Runs `fn` in a transaction and returns its result; rolls back if it throws. `immediate`
   * takes the write lock at the start, so a check-then-write cannot race another process.
   * Called inside another transaction, it becomes a savepoint of that one.
   */
  transaction<T>(fn: () => T, mode: 'deferred' | 'immediate' = 'deferred'): T {
    const savepoint = this.depth > 0 ? `copper_${this.depth}` : undefined;
    this.handle.exec(
      savepoint ? `SAVEPOINT ${savepoint}` : mode === 'immediate' ? 'BEGIN IMMEDIATE' : 'BEGIN',
    );
    this.depth++;
    try {
      const result = fn();
      this.handle.exec(savepoint ? `RELEASE ${savepoint}` : 'COMMIT');
      return result;
    } catch (err) {
      if (savepoint) this.handle.exec(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      else if (this.handle.isTransaction) this.handle.exec('ROLLBACK');
      throw err;
    } finally {
      this.depth--;
    }
  }

  /** Whether the connection is still open (a closed one throws on every statement). */
  get isOpen(): boolean {
    return this.handle.isOpen;
  }

  /** Closes the connection (idempotent: shutdown paths may close twice). */
  close(): void {
    this.statements.clear();
    if (this.handle.isOpen) this.handle.close();
  }
}

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
    mkdirSync(dataDir, { recursive: true });
    file = join(dataDir, databaseFileName);
  }
  let db: CopperDatabase | undefined;
  try {
    db = new CopperDatabase(new DatabaseSync(file));
    // First, so the PRAGMAs below already wait while another process (CLI + desktop) holds
    // the write lock briefly.
    db.exec('PRAGMA busy_timeout = 5000');
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db, migrations);
    return db;
  } catch (err) {
    db?.close();
    // "file is not a database" alone does not say which file.
    throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
  }
}

/** Applies the migrations above the database's `user_version`, each in its own transaction. */
export function migrate(db: CopperDatabase, migrations: readonly Migration[]): void {
  const current = Number(db.pragma('user_version'));
  const newest = migrations.reduce((v, m) => Math.max(v, m.version), 0);
  if (current > newest) {
    throw new Error(`The database is from a newer Copper (schema ${current}, this build knows ${newest}).`);
  }
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.exec(`PRAGMA user_version = ${m.version}`);
    });
  }
}
