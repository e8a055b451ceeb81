import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDir } from '../../core/app/private-dir';
import { openDatabase } from '../../core/db/database';

const mode = (p: string) => statSync(p).mode & 0o777;

describe.skipIf(process.platform === 'win32')('the data folder is private under umask 022', () => {
  let root: string;
  let umask: number;
  beforeEach(() => {
    umask = process.umask(0o022);
    root = mkdtempSync(join(tmpdir(), 'copper-private-'));
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  it('a fresh data folder is 0700 and the SQLite database with its WAL and SHM files 0600', () => {
    const dir = join(root, 'Copper');
    const db = openDatabase(dir);
    try {
      db.exec('CREATE TABLE IF NOT EXISTS probe (x)');
      db.prepare('INSERT INTO probe VALUES (1)').run();
      expect(mode(dir)).toBe(0o700);
      for (const f of ['copper.sqlite', 'copper.sqlite-wal', 'copper.sqlite-shm'])
        expect([f, mode(join(dir, f))]).toEqual([f, 0o600]);
    } finally {
      db.close();
    }
  });

  it('a folder made by an older version (0755, files 0644) is tightened at start', () => {
    const dir = join(root, 'Old');
    mkdirSync(join(dir, 'thumbnails'), { recursive: true });
    writeFileSync(join(dir, 'queue-target.json'), '{}');
    writeFileSync(join(dir, 'thumbnails', 'a.webp'), 'x');
    chmodSync(dir, 0o755);
    expect(mode(join(dir, 'thumbnails', 'a.webp'))).toBe(0o644);
    ensurePrivateDir(dir);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'thumbnails'))).toBe(0o700);
    expect(mode(join(dir, 'queue-target.json'))).toBe(0o600);
    expect(mode(join(dir, 'thumbnails', 'a.webp'))).toBe(0o600);
  });
});
