import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { ensurePrivateDir, makeFilesPrivate } from '../app/private-dir';
import { migrations as allMigrations, type Migration } from './migrations';

/**
 * The profile's SQLite database: Node's built-in `node:sqlite` (`DatabaseSync`), the same
 * module in Node 24 and in Electron's Node, so nothing is built per runtime (better-sqlite3
 * was, and the copy built for one ABI could not load in the other).
 *
 * A thin layer over the handle: prepared statements are compiled once per SQL text, and
 * transactions nest (an inner one becomes a savepoint), which the repositories rely on.
 */
/**
 * The connections of this process with a `later` batch open. Two connections of one process
 * (the queue's and the catalog's) share one thread: a write on one while the other's batch
 * holds the write lock would wait in `busy_timeout` for a commit that can only run after it,
 * then fail with "database is locked". So any use of a connection first commits the others'
 * batches (their bookkeeping becomes durable a moment early; nothing else changes).
 */
const openBatches = new Set<CopperDatabase>();

function commitOthers(self: CopperDatabase): void {
  for (const other of openBatches) if (other !== self) other.commitIdleBatch();
}

export class CopperDatabase {
  private readonly statements = new Map<string, StatementSync>();
  private depth = 0;
  /** A `later` batch is open: the outermost transaction, committed on the next turn. */
  private batch = false;
  /** How many `later` callbacks are running (their transactions stay inside the batch). */
  private laterDepth = 0;

  constructor(private readonly handle: DatabaseSync) {}

  /**
   * The repositories prepare at each use; compiling the same SQL again for every state change
   * was a measurable share of the per-file cost with thousands of small files. Statements are
   * reusable, so each distinct SQL text is compiled once per connection.
   */
  prepare(sql: string): StatementSync {
    if (openBatches.size > 0) commitOthers(this);
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.handle.prepare(sql);
      if (this.statements.size < 256) this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Runs SQL without results (DDL, PRAGMA writes, several statements). */
  exec(sql: string): void {
    if (openBatches.size > 0) commitOthers(this);
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
    // Inside an open batch (which holds the write lock already), outside `later`: the
    // transaction joins it and commits it, so it is durable when it returns, in one commit.
    if (openBatches.size > 0) commitOthers(this);
    const commitsBatch = this.batch && this.depth === 1 && this.laterDepth === 0;
    const savepoint = this.depth > 0 ? `copper_${this.depth}` : undefined;
    this.handle.exec(
      savepoint ? `SAVEPOINT ${savepoint}` : mode === 'immediate' ? 'BEGIN IMMEDIATE' : 'BEGIN',
    );
    this.depth++;
    let result: T;
    try {
      result = fn();
      this.handle.exec(savepoint ? `RELEASE ${savepoint}` : 'COMMIT');
    } catch (err) {
      if (savepoint) this.handle.exec(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      else if (this.handle.isTransaction) this.handle.exec('ROLLBACK');
      throw err;
    } finally {
      this.depth--;
    }
    if (commitsBatch) this.commitBatch();
    return result;
  }

  /**
   * Runs `fn`'s writes in a batch committed on the next turn of the event loop, together with
   * every other write made until then: for bookkeeping whose loss in a crash costs nothing
   * (states the next start recomputes, progress, results S3 can confirm again), so a queue of
   * small files pays one commit per file instead of four (each ~25 µs of CPU and ~0.1 ms of
   * blocked event loop on this machine). Reads on this connection see the writes at once;
   * another process sees them a moment later. `transaction()` and `close()` commit the batch.
   */
  later<T>(fn: () => T): T {
    if (!this.batch && this.depth === 0) {
      this.handle.exec('BEGIN');
      this.depth = 1;
      this.batch = true;
      openBatches.add(this);
      setImmediate(() => {
        try {
          this.commitBatch();
        } catch (err) {
          // Only bookkeeping is lost (see above); the connection must not stay in the batch.
          if (this.handle.isOpen && this.handle.isTransaction) this.handle.exec('ROLLBACK');
          console.error('copper: a batch of queue writes could not be committed', err);
        }
      });
    }
    this.laterDepth++;
    try {
      return fn();
    } finally {
      this.laterDepth--;
    }
  }

  /** Commits the open batch, if any. */
  commitBatch(): void {
    if (!this.batch) return;
    openBatches.delete(this);
    this.batch = false;
    this.depth = 0;
    if (this.handle.isOpen && this.handle.isTransaction) this.handle.exec('COMMIT');
  }

  /** Commits the open batch unless one of its own writes is running (another connection needs the lock). */
  commitIdleBatch(): void {
    if (this.batch && this.depth === 1 && this.laterDepth === 0) this.commitBatch();
  }

  /** Whether the connection is still open (a closed one throws on every statement). */
  get isOpen(): boolean {
    return this.handle.isOpen;
  }

  /** Closes the connection (idempotent: shutdown paths may close twice). */
  close(): void {
    if (this.handle.isOpen) this.commitBatch();
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
    ensurePrivateDir(dataDir);
    file = join(dataDir, databaseFileName);
  }
  let db: CopperDatabase | undefined;
  try {
    db = new CopperDatabase(new DatabaseSync(file));
    // First, so the PRAGMAs below already wait while another process (CLI + desktop) holds
    // the write lock briefly.
    db.exec('PRAGMA busy_timeout = 5000');
    db.exec('PRAGMA journal_mode = WAL');
    // SQLite gives the -wal and -shm files the database file's mode, so this covers all three.
    if (file !== ':memory:') makeFilesPrivate([file, `${file}-wal`, `${file}-shm`]);
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
