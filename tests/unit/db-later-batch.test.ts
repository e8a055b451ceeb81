import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type CopperDatabase } from '../../core/db/database';

// The batch that bookkeeping writes go in: seen at once on this connection, by another
// process once committed (next turn of the event loop, a durable transaction, or close).
describe('CopperDatabase.later', () => {
  const dirs: string[] = [];
  const open: { close(): void }[] = [];
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function setup(): { db: CopperDatabase; other: DatabaseSync } {
    const dir = mkdtempSync(join(tmpdir(), 'copper-batch-'));
    dirs.push(dir);
    const db = openDatabase(dir);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
    const other = new DatabaseSync(join(dir, 'copper.sqlite'));
    open.push(db, other);
    return { db, other };
  }
  const count = (c: DatabaseSync) => (c.prepare('SELECT COUNT(*) AS n FROM notes').get() as { n: number }).n;
  const add = (db: CopperDatabase, text: string) =>
    db.prepare('INSERT INTO notes (text) VALUES (?)').run(text);
  const nextTurn = () => new Promise((r) => setImmediate(r));

  it('lets a second connection of this process write while a batch is open (no self-inflicted "database is locked")', () => {
    const { db } = setup();
    const second = openDatabase(dirs.at(-1)!);
    open.push(second);
    second.exec('PRAGMA busy_timeout = 50');
    db.later(() => add(db, 'queue bookkeeping'));
    // Synchronously, in the same turn: the batch's write lock would make this wait for a commit
    // that can only run after it; the batch is committed first instead.
    expect(() => add(second, 'catalog write')).not.toThrow();
    expect((second.prepare('SELECT COUNT(*) AS n FROM notes').get() as { n: number }).n).toBe(2);
  });

  it('commits every write of one turn together, on the next turn', async () => {
    const { db, other } = setup();
    db.later(() => add(db, 'a'));
    db.later(() => add(db, 'b'));
    expect((db.prepare('SELECT COUNT(*) AS n FROM notes').get() as { n: number }).n).toBe(2);
    expect(count(other)).toBe(0);
    await nextTurn();
    expect(count(other)).toBe(2);
  });

  it('a durable transaction commits the batch with itself, before it returns', () => {
    const { db, other } = setup();
    db.later(() => add(db, 'state'));
    db.transaction(() => add(db, 'plan'));
    expect(count(other)).toBe(2);
  });

  it('a failing durable transaction rolls back only itself; the batch still commits', async () => {
    const { db, other } = setup();
    db.later(() => add(db, 'kept'));
    expect(() =>
      db.transaction(() => {
        add(db, 'dropped');
        throw new Error('no');
      }),
    ).toThrow('no');
    await nextTurn();
    expect(other.prepare('SELECT text FROM notes').all()).toEqual([{ text: 'kept' }]);
  });

  it('close commits what is pending', () => {
    const { db, other } = setup();
    db.later(() => add(db, 'last'));
    db.close();
    expect(count(other)).toBe(1);
  });
});
