import { mkdir, rename, symlink, unlink, writeFile } from 'node:fs/promises';
import * as nodeFs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UploadFs } from '../../core/upload/file-access';
import { makeFile, multipartUploads, sha256File, sha256Object, versionsOf } from '../support/upload-helpers';
import { useQueueFixture } from '../support/queue-fixture';

const MiB = 1024 * 1024;
const TiB = 1024 ** 4;

describe('bad input: each file ends in a documented state, the rest of the batch uploads', () => {
  const fx = useQueueFixture('bad');

  it('zero-byte, unreadable, vanished, too large, symlink loops and Unicode names in one batch', async () => {
    const batch = join(fx.dir, 'batch');
    const good = await makeFile(batch, 'good.jpg', 100 * 1024);
    const empty = join(batch, 'empty.txt');
    await writeFile(empty, '');
    const unreadable = await makeFile(batch, 'locked.tif', 50 * 1024);
    const vanishing = await makeFile(batch, 'gone.png', 50 * 1024);
    const huge = await makeFile(batch, 'huge.psd', 1024);
    const nfd = 'Cafe\u0301 🎨 Été'; // decomposed é, as macOS writes names
    const unicode = await makeFile(batch, `${nfd}/n\u0303o.jpg`, 64 * 1024);
    await mkdir(join(batch, 'loops'));
    await symlink(batch, join(batch, 'loops', 'up')); // a link back to an ancestor
    await symlink(join(batch, 'self'), join(batch, 'self')); // a link to itself (ELOOP)

    // Root reads any file whatever its mode, and 6 TiB do not fit on a test disk: both are
    // simulated through the engine's injectable file system; everything else is real.
    const fs: UploadFs = {
      ...nodeFs,
      open: (async (p: Parameters<typeof nodeFs.open>[0], ...rest: unknown[]) => {
        if (p === unreadable)
          throw Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES' });
        return (nodeFs.open as (...a: unknown[]) => ReturnType<typeof nodeFs.open>)(p, ...rest);
      }) as typeof nodeFs.open,
      stat: (async (p: Parameters<typeof nodeFs.stat>[0]) => {
        const st = await nodeFs.stat(p);
        if (p === huge) return Object.assign(st, { size: 6 * TiB });
        return st;
      }) as typeof nodeFs.stat,
    };
    const queue = fx.queue({ fs });
    const { added, skipped } = await queue.add([batch]);
    expect(skipped.map((s) => [s.reason, s.path]).sort()).toEqual([
      ['symlink-loop', join(batch, 'loops', 'up')],
      ['symlink-loop', join(batch, 'self')],
    ]);
    expect(skipped.every((s) => s.message.includes(s.path))).toBe(true);
    expect(added.find((e) => e.path === huge)).toMatchObject({
      state: 'failed',
      code: 'file-too-large',
      retryable: false,
    });
    await unlink(vanishing);
    queue.start();
    await queue.waitForIdle();

    const byPath = new Map(queue.list().map((e) => [e.path, e]));
    expect(byPath.get(good)).toMatchObject({ state: 'done', reason: 'uploaded', key: 'batch/good.jpg' });
    expect(byPath.get(empty)).toMatchObject({ state: 'done', reason: 'uploaded', size: 0 });
    expect(await versionsOf(fx.bucket, 'batch/empty.txt')).toEqual([expect.objectContaining({ size: 0 })]);
    const locked = byPath.get(unreadable);
    expect(locked).toMatchObject({ state: 'failed', code: 'file-unreadable', retryable: true });
    expect(locked?.state === 'failed' && locked.message).toContain(unreadable);
    const gone = byPath.get(vanishing);
    expect(gone).toMatchObject({ state: 'failed', code: 'file-vanished', retryable: false });
    expect(gone?.state === 'failed' && gone.message).toContain(vanishing);
    const big = byPath.get(huge);
    expect(big?.state === 'failed' && big.message).toContain(huge);
    const uni = byPath.get(unicode);
    const nfcKey = `batch/${nfd}/n\u0303o.jpg`.normalize('NFC');
    expect(uni).toMatchObject({ state: 'done', key: nfcKey });
    expect(nfcKey).toContain('Caf\u00e9');
    expect(await sha256Object(fx.bucket, nfcKey)).toBe(await sha256File(unicode));
    expect(await sha256Object(fx.bucket, 'batch/good.jpg')).toBe(await sha256File(good));
    expect(await versionsOf(fx.bucket, 'batch/locked.tif')).toEqual([]);
    expect(await versionsOf(fx.bucket, 'batch/huge.psd')).toEqual([]);
  });

  it('a file that vanishes mid-upload fails and leaves no multipart upload; one that changes restarts with its new bytes', async () => {
    const vanishing = await makeFile(fx.dir, 'v/vanish.bin', 20 * MiB);
    const changing = await makeFile(fx.dir, 'v/change.bin', 20 * MiB);
    const other = await makeFile(fx.dir, 'v/other.jpg', 300 * 1024);
    const queue = fx.queue({
      options: { partConcurrency: 1, bandwidthLimit: 20 * MiB },
    });
    const { added } = await queue.add([vanishing, changing, other]);
    const [ev, ec] = added;
    let changedOnce = false;
    queue.on('part', (p) => {
      if (p.phase !== 'done' || p.partNumber !== 1) return;
      if (p.id === ev!.id) void unlink(vanishing);
      // Saved the way editors save: a new file renamed over the old one.
      if (p.id === ec!.id && !changedOnce) {
        changedOnce = true;
        void makeFile(fx.dir, 'v/.change.tmp', 20 * MiB + 5).then((tmp) => rename(tmp, changing));
      }
    });
    queue.start();
    await queue.waitForIdle();
    const list = queue.list();
    expect(list.find((e) => e.id === ev!.id)).toMatchObject({ state: 'failed', code: 'file-vanished' });
    expect(list.find((e) => e.id === ec!.id)).toMatchObject({ state: 'done', size: 20 * MiB + 5 });
    expect(list.find((e) => e.path === other)).toMatchObject({ state: 'done' });
    expect(await sha256Object(fx.bucket, 'change.bin')).toBe(await sha256File(changing));
    expect(await versionsOf(fx.bucket, 'vanish.bin')).toEqual([]);
    expect(await multipartUploads(fx.bucket)).toEqual([]);
  });
});
