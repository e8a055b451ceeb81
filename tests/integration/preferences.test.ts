import sharp from 'sharp';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../core/app-context';
import { events } from '../../shared/ipc/contract';
import type { Preferences, StorageInfo } from '../../shared/models/preferences';
import type { AddResult, QueueEntry, QueueSnapshot } from '../../shared/models/queue';
import { call, testAppContext } from '../support/app-calls';
import { scanImageFolder } from '../support/scan-image-folder';
import { freshBucket } from '../support/services';
import { adminProvider, makeFile, versionsOf } from '../support/upload-helpers';

const MiB = 1024 * 1024;
const PREFIX = 'artists/ada/';

describe('preferences change what the core does (real RGW)', () => {
  let dir: string;
  let profile: string;
  let bucket: string;
  let ctx: AppContext;
  let uploading: Map<number, string>;
  let maxAtOnce: number;
  let prefsEvents: Preferences[];
  let off: () => void;

  const open = () => {
    ctx = testAppContext(profile, { s3Credentials: adminProvider(bucket, { prefix: PREFIX }) });
    off = ctx.hub.subscribe((name, payload) => {
      events[name].payload.parse(payload);
      if (name === 'prefs.changed') prefsEvents.push(payload as Preferences);
      if (name !== 'queue.entry') return;
      const e = payload as QueueEntry;
      uploading.set(e.id, e.state);
      maxAtOnce = Math.max(maxAtOnce, [...uploading.values()].filter((s) => s === 'uploading').length);
    });
  };
  const close = async () => {
    off();
    await ctx.dispose();
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copper-prefs-'));
    profile = join(dir, 'profile');
    bucket = await freshBucket('prefs');
    uploading = new Map();
    maxAtOnce = 0;
    prefsEvents = [];
    open();
  });
  afterEach(async () => {
    await close();
    await rm(dir, { recursive: true, force: true });
  });

  it('parallel files is the queue concurrency: 1 runs one large file at a time, 3 runs three', async () => {
    await call(ctx, 'prefs.set', { fileConcurrency: 1 });
    // A limit keeps every file in flight long enough for the others to be started if they could be.
    await call(ctx, 'queue.set-bandwidth', { bytesPerSecond: 12 * MiB });
    const one = join(dir, 'one');
    for (const n of ['a', 'b', 'c']) await makeFile(one, `${n}.tif`, 6 * MiB); // multipart (5 MiB test parts)
    await call(ctx, 'queue.add', { paths: [one] });
    await ctx.queue.waitForIdle();
    expect(maxAtOnce).toBe(1);

    maxAtOnce = 0;
    await call(ctx, 'prefs.set', { fileConcurrency: 3 });
    const three = join(dir, 'three');
    for (const n of ['a', 'b', 'c']) await makeFile(three, `${n}.tif`, 6 * MiB);
    await call(ctx, 'queue.add', { paths: [three] });
    await ctx.queue.waitForIdle();
    expect(maxAtOnce).toBe(3);
    const snapshot = await call<QueueSnapshot>(ctx, 'queue.list', {});
    expect(snapshot.entries.map((e) => e.state)).toEqual(Array(6).fill('done'));
    expect(prefsEvents.map((p) => p.fileConcurrency)).toEqual([1, 1, 3]);
  });

  it('uploads on demand: added files wait paused, nothing reaches the bucket until Resume all', async () => {
    await call(ctx, 'prefs.set', { autoStart: false });
    const root = join(dir, 'Show');
    await makeFile(root, 'one.jpg', 100_000);
    await makeFile(root, 'two.jpg', 200_000);
    const added = await call<AddResult>(ctx, 'queue.add', { paths: [root] });
    expect(added.added.map((e) => e.state)).toEqual(['paused', 'paused']);
    await ctx.queue.waitForIdle(); // nothing is active: resolves at once
    expect(await versionsOf(bucket, `${PREFIX}Show/one.jpg`)).toEqual([]);
    expect([...uploading.values()]).not.toContain('uploading');

    await call(ctx, 'queue.resume', {});
    await ctx.queue.waitForIdle();
    const snapshot = await call<QueueSnapshot>(ctx, 'queue.list', {});
    expect(snapshot.entries.map((e) => e.state)).toEqual(['done', 'done']);
    expect((await versionsOf(bucket, `${PREFIX}Show/two.jpg`)).map((v) => v.size)).toEqual([200_000]);

    // Back to automatic: the next add starts by itself.
    await call(ctx, 'prefs.set', { autoStart: true });
    await makeFile(root, 'three.jpg', 1000);
    const again = await call<AddResult>(ctx, 'queue.add', { paths: [join(root, 'three.jpg')] });
    expect(again.added[0]?.state).toBe('queued');
    await ctx.queue.waitForIdle();
    expect(await versionsOf(bucket, `${PREFIX}three.jpg`)).toHaveLength(1); // a file added alone: keyed by its name
    // Each batch is a key event of the core's log.
    const log = await readFile(join(profile, 'logs', 'copper.log'), 'utf8');
    expect(log).toContain('INFO upload batch finished {"uploaded":2,"unchanged":0,"failed":0}');
    expect(log).toContain('INFO upload batch finished {"uploaded":1,"unchanged":0,"failed":0}');
  });

  it('survives a restart of the core: parallel files, on demand, notifications and the speed limit', async () => {
    await call(ctx, 'prefs.set', { fileConcurrency: 2, autoStart: false, notify: true });
    await call(ctx, 'queue.set-bandwidth', { bytesPerSecond: 2_000_000 });
    await close();
    open();
    expect(await call(ctx, 'prefs.get', {})).toEqual({
      fileConcurrency: 2,
      autoStart: false,
      bandwidthLimit: 2_000_000,
      notify: true,
    });
    const snapshot = await call<QueueSnapshot>(ctx, 'queue.list', {});
    expect(snapshot.status.bandwidthLimit).toBe(2_000_000);
    // And it still acts: the remembered "on demand" holds a new file back.
    const f = await makeFile(join(dir, 'later'), 'x.jpg', 10);
    expect((await call<AddResult>(ctx, 'queue.add', { paths: [f] })).added[0]?.state).toBe('paused');
    // Lifting the limit is remembered too.
    await call(ctx, 'queue.set-bandwidth', { bytesPerSecond: null });
    await close();
    open();
    expect((await call<Preferences>(ctx, 'prefs.get', {})).bandwidthLimit).toBeNull();
  });

  it('refuses out-of-range preferences with a clear error shape and keeps the old ones', async () => {
    for (const bad of [
      { fileConcurrency: 0 },
      { fileConcurrency: 17 },
      { fileConcurrency: 2.5 },
      { bandwidthLimit: 5 },
    ]) {
      await expect(call(ctx, 'prefs.set', bad)).rejects.toMatchObject({
        code: 'ipc.invalid-payload',
        retryable: false,
      });
    }
    expect((await call<Preferences>(ctx, 'prefs.get', {})).fileConcurrency).toBe(3); // the test tuning's default
  });

  it('shows and clears the thumbnail cache, and logs to a file in the data folder', async () => {
    await scanImageFolder(ctx, join(dir, 'images'), 'red.jpg');
    const before = await call<StorageInfo>(ctx, 'storage.info', {});
    expect(before.thumbnailFiles).toBeGreaterThanOrEqual(2); // the thumbnail and its metadata
    expect(before.thumbnailBytes).toBeGreaterThan(0);
    expect(before.logDir).toBe(join(profile, 'logs'));

    const cleared = await call<{ removedFiles: number; freedBytes: number }>(
      ctx,
      'storage.clear-thumbnails',
      {},
    );
    expect(cleared).toEqual({ removedFiles: before.thumbnailFiles, freedBytes: before.thumbnailBytes });
    expect(await call(ctx, 'storage.info', {})).toMatchObject({ thumbnailFiles: 0, thumbnailBytes: 0 });
    // The Library still shows the picture: a cleared thumbnail is made again from the file when asked for.
    const shown = ctx.catalog.list().find((i) => i.name === 'red.jpg')!;
    const again = await ctx.catalog.readThumbnail(shown.thumbnail!);
    expect(again && (await sharp(again).metadata()).format).toBe('webp');
    expect((await call<StorageInfo>(ctx, 'storage.info', {})).thumbnailFiles).toBe(2);
    expect(await ctx.catalog.readThumbnail('0'.repeat(40))).toBeNull();
    await expect(call(ctx, 'desktop.open-logs', {})).rejects.toMatchObject({ code: 'desktop.unsupported' });

    const log = await readFile(join(before.logDir, 'copper.log'), 'utf8');
    expect(log).toMatch(/INFO core started \{"version":"0\.0\.0-test","host":"web"\}/);
    expect(log).toContain('thumbnail cache cleared');
    expect(await readdir(before.logDir)).toEqual(['copper.log']);
  });
});
