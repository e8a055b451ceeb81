import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type CopperDatabase } from '../../core/db/database';
import { currentBootId, processAlive, RunnerLock, type RunnerLockHolder } from '../../core/db/runner-lock';

const MINUTE = 60_000;

/**
 * A lock row as a previous boot left it: PID 1 is always alive (init/launchd), so it stands
 * for the PID a reboot handed to an unrelated process.
 */
function leftByPreviousRun(db: CopperDatabase, row: { heartbeatAt: number; bootId: string | null }): void {
  db.prepare(
    `INSERT INTO runner_lock (id, token, pid, host, owner, acquired_at, heartbeat_at, boot_id)
     VALUES (1, 'old-token', 1, ?, 'the Copper app', ?, ?, ?)`,
  ).run(hostname(), row.heartbeatAt - 10 * MINUTE, row.heartbeatAt, row.bootId);
}

describe('runner lock after a reboot', () => {
  const dbs: CopperDatabase[] = [];
  const locks: RunnerLock[] = [];
  afterEach(() => {
    for (const l of locks.splice(0)) l.release();
    for (const d of dbs.splice(0)) d.close();
  });
  const open = () => {
    const db = openDatabase(':memory:');
    dbs.push(db);
    return db;
  };
  const lock = (db: CopperDatabase, opts: Partial<ConstructorParameters<typeof RunnerLock>[1]>) => {
    const l = new RunnerLock(db, { owner: '`copper upload`', ...opts });
    locks.push(l);
    return l;
  };

  it('stands for a live, unrelated PID here (so the cases below are about the row, not the PID)', () => {
    expect(processAlive(1)).toBe(true);
    expect(processAlive(process.pid)).toBe(true);
  });

  it('takes over a lock from another boot even when its PID is alive and its heartbeat fresh', () => {
    const db = open();
    const now = Date.now();
    leftByPreviousRun(db, { heartbeatAt: now - 5_000, bootId: 'boot-before-the-reboot' });
    const l = lock(db, { bootId: 'boot-now', now: () => now });
    l.acquire();
    expect(l.held()).toBe(true);
    expect(l.holder()).toMatchObject({ pid: process.pid, bootId: 'boot-now', owner: '`copper upload`' });
  });

  it('without a boot id, takes over a live PID whose heartbeat is stale and respects a fresh one', () => {
    const db = open();
    let now = Date.now();
    leftByPreviousRun(db, { heartbeatAt: now - 30_000, bootId: null });
    const l = lock(db, { bootId: null, now: () => now, staleAfterMs: 2 * MINUTE });
    expect(() => l.acquire()).toThrow(
      expect.objectContaining({
        code: 'queue.locked',
        message: expect.stringContaining('the Copper app (PID 1) is already uploading from this profile'),
      }),
    );
    expect(l.held()).toBe(false);
    now += 2 * MINUTE; // the holder has not beaten for 2.5 minutes: gone (a reboot, a hang)
    l.acquire();
    expect(l.held()).toBe(true);
  });

  it('respects a live holder of this boot with a fresh heartbeat', () => {
    const db = open();
    const now = Date.now();
    leftByPreviousRun(db, { heartbeatAt: now - 1_000, bootId: 'same-boot' });
    const l = lock(db, { bootId: 'same-boot', now: () => now });
    expect(() => l.acquire()).toThrow(/PID 1\)/);
    expect(l.holder()).toMatchObject({ pid: 1, bootId: 'same-boot' });
  });

  it('tells a holder that slept past its heartbeat that it lost the lock, once', () => {
    const db = open();
    let now = 1_000_000;
    const lost: (RunnerLockHolder | undefined)[] = [];
    const sleeper = lock(db, {
      owner: 'the Copper app',
      pid: 4001,
      bootId: 'b',
      now: () => now,
      isAlive: () => true,
      onLost: (h) => lost.push(h),
    });
    const cli = lock(db, { pid: 4002, bootId: 'b', now: () => now, isAlive: () => true });
    sleeper.acquire();
    sleeper.heartbeat();
    expect(lost).toEqual([]);
    now += 3 * MINUTE; // the laptop slept; no heartbeat ran
    cli.acquire();
    sleeper.heartbeat();
    sleeper.heartbeat();
    expect(lost).toEqual([expect.objectContaining({ pid: 4002, owner: '`copper upload`' })]);
    expect(cli.held()).toBe(true);
  });

  it("reads this machine's boot id where the OS has one", () => {
    const id = currentBootId();
    if (process.platform === 'linux') expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(currentBootId('win32')).toBeNull();
  });
});
