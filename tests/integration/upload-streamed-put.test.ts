import * as nodeFs from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UploadFs } from '../../core/upload/file-access';
import { makeFile, multipartUploads, sha256File, sha256Object, versionsOf } from '../support/upload-helpers';
import { useQueueFixture } from '../support/queue-fixture';

const MiB = 1024 * 1024;

/**
 * The engine's file system, with `meddle` done to `path` just before the `nth` read from its
 * start through the handles it opens: the body's first read, after the hash pass (a worker
 * reads through the descriptor itself, inline hashing through the handle). `opens` counts the
 * engine's opens of `path`: one per (re)start of the file.
 */
function meddlingFs(path: string, nth: number, meddle: () => Promise<void>) {
  let fromStart = 0;
  const seen = { opens: 0 };
  const open = (async (p: string, flags?: string) => {
    const fh = await nodeFs.open(p, flags);
    if (p !== path) return fh;
    seen.opens++;
    return new Proxy(fh, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target) as unknown;
        if (prop !== 'read')
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        return async (...args: unknown[]) => {
          if (args[3] === 0 && ++fromStart === nth) await meddle();
          return (target.read as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }) as unknown as typeof nodeFs.open;
  const fs: UploadFs = { ...nodeFs, open };
  return { fs, seen };
}

describe('single PUTs streamed from the file (1 MiB up to the multipart threshold)', () => {
  const fx = useQueueFixture('stream');

  for (const hashWorkers of [1, 0]) {
    it(`bytes changed in place between the hash pass and the send: S3 refuses them, the file starts over and its new bytes land once (${hashWorkers ? 'hashed in a worker' : 'hashed inline'})`, async () => {
      const path = await makeFile(fx.dir, 'inplace/print.tif', 3 * MiB);
      const { fs, seen } = meddlingFs(path, hashWorkers ? 1 : 2, async () => {
        const fh = await nodeFs.open(path, 'r+');
        await fh.write(randomBytes(4096), 0, 4096, MiB);
        await fh.close();
      });
      const queue = fx.queue({ fs, options: { hashWorkers } });
      const retries: string[] = [];
      queue.on('retry', (r) => retries.push(r.code));
      await queue.add([dirname(path)]);
      queue.start();
      await queue.waitForIdle();

      const [entry] = queue.list();
      expect(entry).toMatchObject({
        state: 'done',
        reason: 'uploaded',
        size: 3 * MiB,
      });
      expect(await versionsOf(fx.bucket, 'inplace/print.tif')).toHaveLength(1);
      expect(await sha256Object(fx.bucket, 'inplace/print.tif')).toBe(await sha256File(path));
      // S3's refusal was not retried as a server error with the same (stale) hash: it restarted.
      expect(retries).not.toContain('XAmzContentSHA256Mismatch');
      expect(retries).not.toContain('BadDigest');
      expect(seen.opens).toBe(2);
    });
  }

  it('a file that gets shorter while it streams starts over with what it holds now', async () => {
    const path = await makeFile(fx.dir, 'short/print.tif', 3 * MiB);
    const { fs, seen } = meddlingFs(path, 1, () => nodeFs.truncate(path, MiB + 5));
    const queue = fx.queue({ fs });
    await queue.add([dirname(path)]);
    queue.start();
    await queue.waitForIdle();

    expect(queue.list()[0]).toMatchObject({ state: 'done', reason: 'uploaded', size: MiB + 5 });
    expect(await versionsOf(fx.bucket, 'short/print.tif')).toEqual([
      expect.objectContaining({ size: MiB + 5 }),
    ]);
    expect(await sha256Object(fx.bucket, 'short/print.tif')).toBe(await sha256File(path));
    expect(await multipartUploads(fx.bucket)).toEqual([]);
    expect(seen.opens).toBe(2);
  });

  it('many files of a few MiB in flight at once land byte-identical, each once, under a bandwidth limit too', async () => {
    const sizes = [MiB, MiB + 1, 2 * MiB - 1, 3 * MiB + 12345, 5 * MiB - 1];
    const paths = await Promise.all(sizes.map((s, i) => makeFile(fx.dir, `many/f${i}.tif`, s)));
    const queue = fx.queue({ options: { fileConcurrency: 4, partConcurrency: 4, bandwidthLimit: 40 * MiB } });
    await queue.add([`${fx.dir}/many`]);
    queue.start();
    await queue.waitForIdle();

    expect(queue.list().map((e) => e.state)).toEqual(sizes.map(() => 'done'));
    for (const [i, path] of paths.entries()) {
      expect(await versionsOf(fx.bucket, `many/f${i}.tif`)).toEqual([
        expect.objectContaining({ size: sizes[i] }),
      ]);
      expect(await sha256Object(fx.bucket, `many/f${i}.tif`)).toBe(await sha256File(path));
    }
  });
});
