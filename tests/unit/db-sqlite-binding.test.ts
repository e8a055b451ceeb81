import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync, StatementSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/database';
import { migrations } from '../../core/db/migrations';

const root = join(import.meta.dirname, '..', '..');
const major = (v: string) => Number(/^\D*(\d+)/.exec(v)?.[1]);

describe('SQLite binding (node:sqlite, the same in Node 24 and in Electron)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("runs on the project's Node (the .nvmrc major, which engines names too)", () => {
    const nvmrc = readFileSync(join(root, '.nvmrc'), 'utf8').trim();
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      engines: { node: string };
      devDependencies: Record<string, string>;
    };
    expect(major(process.version), `tests run on ${process.version}; the project's Node is ${nvmrc}`).toBe(
      major(nvmrc),
    );
    expect(pkg.engines.node).toBe(`${major(nvmrc)}.x`);
    // The npm `node` package is what puts this Node first on npm scripts' PATH.
    expect(major(pkg.devDependencies.node ?? '')).toBe(major(nvmrc));
  });

  it("uses only what Electron's Node provides: node:sqlite's DatabaseSync, not a package of its own", async () => {
    // Electron 40 was the first major on Node 24 (24.11.1), and `require('node:sqlite')` works in
    // Electron since electron/electron#47706: every Electron this project can be on has it.
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(major(pkg.devDependencies.electron ?? '')).toBeGreaterThanOrEqual(40);
    // The members the wrapper calls exist on this Node's classes (a rename would fail here first).
    for (const m of ['prepare', 'exec', 'close'])
      expect(typeof Reflect.get(DatabaseSync.prototype, m)).toBe('function');
    for (const m of ['run', 'get', 'all', 'iterate'])
      expect(typeof Reflect.get(StatementSync.prototype, m)).toBe('function');
    // Bundled as the Electron main/core bundles are, the database module leaves `node:sqlite`
    // to the runtime and pulls in no file from node_modules (no addon to rebuild per ABI).
    const out = await build({
      absWorkingDir: root,
      entryPoints: ['core/db/database.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node24',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.filter((f) => f.includes('node_modules'))).toEqual([]);
    const imports = Object.values(out.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(imports).toContain('node:sqlite');
  });

  it('opens a profile database in WAL mode with the busy timeout, foreign keys and every migration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copper-db-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'profile'));
    try {
      expect(db.pragma('journal_mode')).toBe('wal');
      expect(db.pragma('busy_timeout')).toBe(5000);
      expect(db.pragma('foreign_keys')).toBe(1);
      expect(db.pragma('user_version')).toBe(Math.max(...migrations.map((m) => m.version)));
    } finally {
      db.close();
    }
    // Reopening applies nothing twice; a second connection sees the same schema.
    const again = openDatabase(join(dir, 'profile'));
    expect(again.pragma('user_version')).toBe(Math.max(...migrations.map((m) => m.version)));
    again.close();
    again.close(); // idempotent: shutdown paths may close twice
  });

  it('commits or rolls back a transaction whole; an inner one is a savepoint of the outer', () => {
    const db = openDatabase(':memory:');
    try {
      db.exec('CREATE TABLE t (v TEXT)');
      const insert = (v: string) => db.prepare('INSERT INTO t (v) VALUES (?)').run(v);
      const values = () =>
        (db.prepare('SELECT v FROM t ORDER BY rowid').all() as { v: string }[]).map((r) => r.v);
      expect(
        db.transaction(() => {
          insert('a');
          return 'result';
        }, 'immediate'),
      ).toBe('result');
      expect(() =>
        db.transaction(() => {
          insert('lost');
          throw new Error('boom');
        }),
      ).toThrow('boom');
      db.transaction(() => {
        insert('b');
        expect(() =>
          db.transaction(() => {
            insert('inner lost');
            throw new Error('inner');
          }),
        ).toThrow('inner');
        db.transaction(() => insert('c'));
      });
      expect(values()).toEqual(['a', 'b', 'c']);
    } finally {
      db.close();
    }
  });

  it('names the file when it is not a database, and the schema when it is from a newer Copper', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copper-db-'));
    dirs.push(dir);
    const file = join(dir, 'copper.sqlite');
    const db = new DatabaseSync(file);
    db.exec('PRAGMA user_version = 999');
    db.close();
    expect(() => openDatabase(dir)).toThrow(`${file}: The database is from a newer Copper (schema 999`);
    rmSync(file);
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    writeFileSync(file, Buffer.alloc(4096, 'junk')); // no SQLite header
    expect(() => openDatabase(dir)).toThrow(`${file}: file is not a database`);
  });
});
