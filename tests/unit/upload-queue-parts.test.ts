import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isHiddenOrSystem, keyFor } from '../../core/upload/keys';
import { ProgressMeter } from '../../core/upload/progress-meter';
import { walkPaths } from '../../core/upload/walk';
import { BandwidthLimiter } from '../../core/upload/bandwidth';
import { ByteBudget } from '../../core/upload/byte-budget';
import type { Clock } from '../../core/upload/clock';
import { nodeUploadFs } from '../../core/upload/file-access';
import { openDatabase } from '../../core/db/database';
import { QueueRepository, toQueueEntry } from '../../core/db/queue-repository';

/** A clock that only moves when told; sleep advances it. */
function manualClock(): Clock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

describe('keys', () => {
  it("are the prefix plus the path relative to the added folder's parent, / separated, NFC", () => {
    expect(keyFor('artists/a/', '/home/x/Spring', '/home/x/Spring/sub/b.jpg')).toBe(
      'artists/a/Spring/sub/b.jpg',
    );
    expect(keyFor('', '/home/x/one.jpg', '/home/x/one.jpg')).toBe('one.jpg');
    const nfd = 'Cafe\u0301';
    expect(keyFor('', `/h/${nfd}`, `/h/${nfd}/x.jpg`)).toBe('Caf\u00e9/x.jpg');
  });
  it('recognise hidden and system files', () => {
    for (const n of ['.DS_Store', '._photo.jpg', 'Thumbs.db', 'desktop.ini', '.git'])
      expect(isHiddenOrSystem(n)).toBe(true);
    expect(isHiddenOrSystem('photo.jpg')).toBe(false);
  });
});

describe('walk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copper-walk-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('follows links once, reports loops and hidden files, and never hangs', async () => {
    await mkdir(join(dir, 'a', 'b'), { recursive: true });
    await writeFile(join(dir, 'a', 'b', 'x.jpg'), 'x');
    await writeFile(join(dir, 'a', '.DS_Store'), 'x');
    await symlink(join(dir, 'a'), join(dir, 'a', 'b', 'back'));
    await symlink(join(dir, 'a', 'b'), join(dir, 'a', 'again'));
    const { files, skipped } = await walkPaths(nodeUploadFs, [join(dir, 'a')]);
    // b is reached twice (directly and through `again`): its file is queued once.
    expect(files).toHaveLength(1);
    expect([join(dir, 'a', 'again', 'x.jpg'), join(dir, 'a', 'b', 'x.jpg')]).toContain(files[0]!.path);
    expect(skipped.map((s) => s.reason).sort()).toEqual(['hidden', 'symlink-loop']);
  });
});

describe('queue repository', () => {
  it('migrates a fresh database and round-trips entries through every state', () => {
    const db = openDatabase(':memory:');
    expect(db.pragma('user_version')).toBe(5);
    const repo = new QueueRepository(db, () => 1_700_000_000_000);
    const row = repo.insert({
      path: '/p/a.jpg',
      bucket: 'b',
      key: 'a.jpg',
      size: 10,
      mtimeMs: 1,
      state: { state: 'queued' },
    });
    expect(toQueueEntry(row)).toMatchObject({ state: 'queued', key: 'a.jpg', bytesDone: 0 });
    repo.setState(row.id, {
      state: 'failed',
      code: 'file-vanished',
      message: '/p/a.jpg is gone',
      retryable: false,
    });
    expect(toQueueEntry(repo.get(row.id)!)).toMatchObject({
      state: 'failed',
      code: 'file-vanished',
      retryable: false,
    });
    repo.setPlan(row.id, { uploadId: 'u1', partSize: 5, size: 10, mtimeMs: 1, bucket: 'b', key: 'a.jpg' });
    expect(repo.ownUploads().map((u) => u.uploadId)).toEqual(['u1']);
    repo.recordUploaded(
      row.id,
      { bucket: 'b', key: 'a.jpg', sha256: 'h', size: 10, versionId: 'v1', etag: 'e' },
      'u1',
    );
    expect(toQueueEntry(repo.get(row.id)!)).toMatchObject({
      state: 'done',
      reason: 'uploaded',
      versionId: 'v1',
      bytesDone: 10,
    });
    expect(repo.ownUploads()).toEqual([]);
    expect(repo.lastUpload('b', 'a.jpg')).toMatchObject({ sha256: 'h', versionId: 'v1' });
    expect(repo.removeDone()).toEqual([row.id]);
    db.close();
  });
});

describe('progress meter', () => {
  it('reports bytes, rate and time left from samples', () => {
    const clock = manualClock();
    const meter = new ProgressMeter(clock.now);
    meter.track(1, 1000);
    meter.snapshot(0, 0);
    clock.t += 1000;
    meter.update(1, 200);
    const p = meter.snapshot(3000, 1000); // plus another file of 3000 bytes, 1000 of them done
    expect(p.files[0]).toMatchObject({ id: 1, bytes: 200, rate: 200, etaSeconds: 4 });
    expect(p.overall).toMatchObject({ bytes: 1200, total: 4000, rate: 200, etaSeconds: 14 });
  });
});

describe('bandwidth limiter and byte budget', () => {
  it('paces bytes to the limit', async () => {
    const clock = manualClock();
    const limiter = new BandwidthLimiter(1000, clock);
    for (let i = 0; i < 10; i++) await limiter.take(250);
    // 2500 bytes at 1000 B/s with a quarter-second bucket: about 2.25 s of (virtual) waiting.
    expect(clock.t).toBeGreaterThanOrEqual(2000);
    expect(clock.t).toBeLessThanOrEqual(2600);
  });
  it('never holds more than its capacity, yet grants an oversize request alone', async () => {
    const budget = new ByteBudget(100);
    const a = await budget.acquire(60);
    let bGranted = false;
    const b = budget.acquire(60).then((r) => {
      bGranted = true;
      return r;
    });
    await Promise.resolve();
    expect(bGranted).toBe(false);
    a();
    (await b)();
    const big = await budget.acquire(500);
    expect(budget.inUse).toBe(500);
    big();
    expect(budget.inUse).toBe(0);
  });
});
