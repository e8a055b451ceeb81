import { writeFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { CopyObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { adminS3 } from '../support/services';
import { makeFile, multipartUploads, sha256File, sha256Object, versionsOf } from '../support/upload-helpers';
import { useQueueFixture } from '../support/queue-fixture';

const MiB = 1024 * 1024;

describe('upload queue against the real RGW', () => {
  const fx = useQueueFixture('upload');

  it("uploads a folder (single PUTs and multipart) byte-identical, keys relative to the folder's parent, versions recorded", async () => {
    const art = join(fx.dir, 'Spring Show');
    const small = await makeFile(art, 'a.jpg', 300 * 1024);
    const big = await makeFile(art, 'sub/big.tif', 12 * MiB + 123);
    await writeFile(join(art, '.DS_Store'), 'x');
    const queue = fx.queue({
      prefix: 'artists/alice/',
    });
    const parts: number[] = [];
    queue.on('part', (p) => {
      if (p.phase === 'done') parts.push(p.partNumber);
    });
    const added = await queue.add([art]);
    expect(added.added.map((e) => e.key).sort()).toEqual([
      'artists/alice/Spring Show/a.jpg',
      'artists/alice/Spring Show/sub/big.tif',
    ]);
    expect(added.skipped).toEqual([
      expect.objectContaining({ reason: 'hidden', path: join(art, '.DS_Store') }),
    ]);
    queue.start();
    await queue.waitForIdle();
    const entries = queue.list();
    expect(entries.map((e) => e.state)).toEqual(['done', 'done']);
    for (const e of entries) {
      if (e.state !== 'done') throw new Error('not done');
      expect(e.reason).toBe('uploaded');
      expect(e.versionId).toBeTruthy();
      const versions = await versionsOf(fx.bucket, e.key);
      expect(versions).toEqual([{ versionId: e.versionId, size: e.size }]);
      expect(await sha256Object(fx.bucket, e.key, e.versionId)).toBe(
        await sha256File(e.path === small ? small : big),
      );
    }
    expect(parts.filter((n) => n > 1).length).toBeGreaterThanOrEqual(2); // the big file went multipart (3 parts)
    expect(await multipartUploads(fx.bucket)).toEqual([]);
  });

  it('skips an unchanged file by content hash, uploads a changed one as a new version', async () => {
    const file = await makeFile(fx.dir, 'art/work.png', 6 * MiB);
    const queue = fx.queue();
    queue.start();
    await queue.add([file]);
    await queue.waitForIdle();
    queue.clearDone();
    // Touch (new mtime, same bytes): still recognised as unchanged.
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    await queue.add([file]);
    await queue.waitForIdle();
    const [again] = queue.list();
    expect(again).toMatchObject({ state: 'done', reason: 'unchanged', key: 'work.png' });
    expect(await versionsOf(fx.bucket, 'work.png')).toHaveLength(1);
    queue.clearDone();
    await makeFile(fx.dir, 'art/work.png', 6 * MiB);
    await queue.add([file]);
    await queue.waitForIdle();
    const [changed] = queue.list();
    expect(changed).toMatchObject({ state: 'done', reason: 'uploaded' });
    expect(await versionsOf(fx.bucket, 'work.png')).toHaveLength(2);
    expect(await sha256Object(fx.bucket, 'work.png')).toBe(await sha256File(file));
  });

  it('is not "unchanged" once someone else restored an older version over its last upload', async () => {
    const file = await makeFile(fx.dir, 'art/print.tif', 300 * 1024);
    const queue = fx.queue();
    queue.start();
    const uploadOnce = async () => {
      await queue.add([file]);
      await queue.waitForIdle();
      const [entry] = queue.list();
      queue.clearDone();
      return entry;
    };
    expect(await uploadOnce()).toMatchObject({ state: 'done', reason: 'uploaded' });
    const [first] = await versionsOf(fx.bucket, 'print.tif');
    await makeFile(fx.dir, 'art/print.tif', 300 * 1024);
    expect(await uploadOnce()).toMatchObject({ state: 'done', reason: 'uploaded' });
    // Staff restore the first version: the key's current content is no longer this file's.
    const s3 = adminS3();
    await s3
      .send(
        new CopyObjectCommand({
          Bucket: fx.bucket,
          Key: 'print.tif',
          CopySource: `${fx.bucket}/print.tif?versionId=${encodeURIComponent(first!.versionId)}`,
        }),
      )
      .finally(() => s3.destroy());
    expect(await sha256Object(fx.bucket, 'print.tif')).not.toBe(await sha256File(file));
    expect(await uploadOnce()).toMatchObject({ state: 'done', reason: 'uploaded' });
    expect(await versionsOf(fx.bucket, 'print.tif')).toHaveLength(4);
    expect(await sha256Object(fx.bucket, 'print.tif')).toBe(await sha256File(file));
    // And now it is the current version again: unchanged, nothing sent.
    expect(await uploadOnce()).toMatchObject({ state: 'done', reason: 'unchanged' });
    expect(await versionsOf(fx.bucket, 'print.tif')).toHaveLength(4);
  });

  it('pauses and resumes from the parts on S3, and cancel aborts the multipart upload', async () => {
    const a = await makeFile(fx.dir, 'a.bin', 20 * MiB);
    const b = await makeFile(fx.dir, 'b.bin', 20 * MiB);
    const queue = fx.queue({
      options: { partConcurrency: 1, fileConcurrency: 2, bandwidthLimit: 20 * MiB },
    });
    const skipped: number[] = [];
    queue.on('part', (p) => {
      if (p.phase === 'skipped') skipped.push(p.id);
    });
    const { added } = await queue.add([a, b]);
    const [ea, eb] = added;
    const partDone = (id: number, n: number) =>
      new Promise<void>((resolve) => {
        const off = queue.on('part', (p) => {
          if (p.id === id && p.phase === 'done' && p.partNumber >= n) {
            off();
            resolve();
          }
        });
      });
    queue.start();
    await Promise.all([partDone(ea!.id, 1), partDone(eb!.id, 1)]);
    queue.pause(ea!.id);
    await queue.cancel(eb!.id);
    expect(queue.get(ea!.id)?.state).toBe('paused');
    expect(queue.get(eb!.id)).toBeUndefined();
    expect((await multipartUploads(fx.bucket)).map((u) => u.key)).toEqual(['a.bin']);
    queue.resume();
    await queue.waitForIdle();
    expect(queue.get(ea!.id)?.state).toBe('done');
    expect(skipped.filter((id) => id === ea!.id).length).toBeGreaterThanOrEqual(1);
    expect(await sha256Object(fx.bucket, 'a.bin')).toBe(await sha256File(a));
    expect(await versionsOf(fx.bucket, 'b.bin')).toEqual([]);
    expect(await multipartUploads(fx.bucket)).toEqual([]);
  });

  it('reports byte-accurate progress (inside parts, not only per finished part) with rate and time left', async () => {
    const file = await makeFile(fx.dir, 'p.bin', 15 * MiB);
    const queue = fx.queue({
      options: { partConcurrency: 1, bandwidthLimit: 15 * MiB },
    });
    const seen: { bytes: number; rate: number; eta?: number; total: number }[] = [];
    queue.on('progress', (p) => {
      for (const f of p.files)
        seen.push({ bytes: f.bytes, rate: f.rate, eta: f.etaSeconds, total: p.overall.total });
    });
    let retries = 0;
    queue.on('retry', () => {
      retries++;
    });
    await queue.add([file]);
    queue.start();
    await queue.waitForIdle();
    expect(queue.list()[0]?.state).toBe('done');
    const inside = seen.filter((s) => s.bytes > 0 && s.bytes < 15 * MiB && s.bytes % (5 * MiB) !== 0);
    expect(inside.length).toBeGreaterThan(0);
    expect(
      seen.some((s) => s.rate > 0 && s.eta !== undefined),
      JSON.stringify(seen),
    ).toBe(true);
    expect(seen.every((s) => s.total === 15 * MiB)).toBe(true);
    // Never backwards, except when a failed attempt is rolled back (a slow machine can time one out).
    if (retries === 0)
      expect(
        seen.every((s, i) => i === 0 || s.bytes >= seen[i - 1]!.bytes),
        JSON.stringify(seen),
      ).toBe(true);
  });
});
