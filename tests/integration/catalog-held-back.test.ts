import { copyFile, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../core/app-context';
import { dispatch } from '../../core/ipc/dispatch';
import { damageReason } from '../../core/catalog/damage-check';
import type { AddResult, QueueEntry } from '../../shared/models/queue';
import { adminS3, freshBucket } from '../support/services';
import { adminProvider, fastTestOptions } from '../support/upload-helpers';

async function call<T>(ctx: AppContext, name: string, payload: unknown): Promise<T> {
  const result = await dispatch(ctx.handlers, name, payload, (n, err) => {
    throw new Error(`${n} failed unexpectedly: ${String(err)}`);
  });
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as T;
}

const noisy = (w: number, h: number) =>
  sharp({
    create: {
      width: w,
      height: h,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 30 },
    },
  });

/** A folder as an artist has it: sound artwork, a cut-off TIFF and JPEG, an empty PNG, and bytes that only call themselves .jpg. */
async function artistFolder(root: string): Promise<Record<string, string>> {
  await mkdir(root, { recursive: true });
  const f = {
    good: join(root, 'Harbour.jpg'),
    png: join(root, 'Study.png'),
    tiff: join(root, 'Proof broken.tif'),
    jpeg: join(root, 'Cut short.jpg'),
    empty: join(root, 'Empty.png'),
    random: join(root, 'Scan.jpg'),
  };
  await noisy(400, 300).jpeg().toFile(f.good);
  await noisy(120, 90).png().toFile(f.png);
  await noisy(800, 600).tiff({ compression: 'none' }).toFile(f.tiff);
  await truncate(f.tiff, 200_000);
  await noisy(900, 700).jpeg({ quality: 95 }).toFile(f.jpeg);
  await truncate(f.jpeg, 40_000);
  await writeFile(f.empty, '');
  await writeFile(f.random, randomBytes(3000));
  return f;
}

describe('damaged and empty files are held back from upload, with "upload anyway" (real RGW)', () => {
  let dir: string;
  let bucket: string;
  let ctx: AppContext;
  let s3: S3Client;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copper-held-back-'));
    bucket = await freshBucket('held-back');
    s3 = adminS3();
    ctx = createAppContext({
      dataDir: join(dir, 'profile'),
      host: 'web',
      version: '0.0.0-test',
      heartbeatMs: 0,
      keychainService: `copper-test-${Date.now()}`,
      accountLog: { info: () => {}, warn: () => {} },
      s3Credentials: adminProvider(bucket, { prefix: 'artists/ada/' }),
      uploadOptions: fastTestOptions,
    });
  });
  afterEach(async () => {
    await ctx.dispose();
    s3.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  const exists = (key: string) =>
    s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
      () => true,
      () => false,
    );

  it('holds back the cut-off TIFF and JPEG and the empty file, naming each; uploads the rest; sends one when asked', async () => {
    const f = await artistFolder(join(dir, 'Show'));
    const added = await call<AddResult>(ctx, 'queue.add', { paths: [join(dir, 'Show')] });
    expect(added.added).toHaveLength(6);
    await ctx.queue.waitForIdle();
    const entries = (await call<{ entries: QueueEntry[] }>(ctx, 'queue.list', {})).entries;
    const byPath = new Map(entries.map((e) => [e.path, e]));
    for (const held of [f.tiff, f.jpeg, f.empty]) {
      const e = byPath.get(held!)!;
      expect(e).toMatchObject({ state: 'failed', code: 'held-back' });
      expect(e.state === 'failed' && e.message).toContain(held);
      expect(await exists(e.key)).toBe(false);
    }
    const empty = byPath.get(f.empty!)!;
    expect(empty.state === 'failed' && empty.message).toMatch(/is empty \(0 bytes\)/);
    expect(byPath.get(f.tiff!)!.state === 'failed' && byPath.get(f.tiff!)).toMatchObject({
      message: expect.stringMatching(/damaged or truncated \(its TIFF content stops short\)/),
    });
    // Sound files, and bytes that are no image at all (not "damaged": they upload as they are), go up.
    for (const ok of [f.good, f.png, f.random]) expect(byPath.get(ok!)!.state).toBe('done');

    // "Retry all" is for failures: it does not send a held-back file.
    await call(ctx, 'queue.retry', {});
    await ctx.queue.waitForIdle();
    expect(await exists(byPath.get(f.tiff!)!.key)).toBe(false);

    // Re-adding keeps it held back; "Upload anyway" (retry of that one entry) sends it as it is.
    await call(ctx, 'queue.add', { paths: [f.jpeg] });
    const again = (await call<{ entries: QueueEntry[] }>(ctx, 'queue.list', {})).entries;
    expect(again.find((e) => e.path === f.jpeg)).toMatchObject({ state: 'failed', code: 'held-back' });
    const tiff = byPath.get(f.tiff!)!;
    await call(ctx, 'queue.retry', { id: tiff.id });
    await ctx.queue.waitForIdle();
    const sent = (await call<{ entries: QueueEntry[] }>(ctx, 'queue.list', {})).entries.find(
      (e) => e.id === tiff.id,
    );
    expect(sent?.state).toBe('done');
    expect(await exists(tiff.key)).toBe(true);
  });

  it('holds back the same content twice in one add, and a copy already in the gallery under another key', async () => {
    const show = join(dir, 'corpus');
    await mkdir(join(show, 'Sketches'), { recursive: true });
    const original = join(show, 'Sketches', 'Gull.jpg');
    await noisy(300, 200).jpeg().toFile(original);
    const twin = join(show, 'Gull again.jpg');
    await copyFile(original, twin);
    // Same size, other content: not a duplicate.
    const sameSize = join(show, 'Sketches', 'Gull mirrored.jpg');
    const bytes = await readFile(original);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0xff;
    await writeFile(sameSize, bytes);

    await call(ctx, 'queue.add', { paths: [show] });
    await ctx.queue.waitForIdle();
    let entries = (await call<{ entries: QueueEntry[] }>(ctx, 'queue.list', {})).entries;
    const held = entries.filter((e) => e.state === 'failed');
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ code: 'duplicate' });
    // The first in the add (each folder's names in order) stays; the other names it.
    const [kept, copy] = [twin, original].sort();
    expect(held[0]!.path).toBe(copy);
    expect(held[0]!.state === 'failed' && held[0]!.message).toContain(`same content as ${kept}`);
    expect(entries.find((e) => e.path === sameSize)?.state).toBe('done');

    // Adding the Sketches folder on its own would store them again under "Sketches/": held back, naming the gallery's copy.
    await call(ctx, 'queue.add', { paths: [join(show, 'Sketches')] });
    entries = (await call<{ entries: QueueEntry[] }>(ctx, 'queue.list', {})).entries;
    const again = entries.filter((e) => e.key.startsWith('artists/ada/Sketches/'));
    expect(again.map((e) => e.state)).toEqual(['failed', 'failed']);
    const gull = again.find((e) => e.path === original)!;
    expect(gull.state === 'failed' && gull.message).toContain(
      kept === original ? 'artists/ada/corpus/Sketches/Gull.jpg' : 'artists/ada/corpus/Gull again.jpg',
    );
    expect(gull.state === 'failed' && gull.message).toContain('already in the gallery');
  });

  it('does not hold back sound files of every format the Library reads', async () => {
    const root = join(dir, 'sound');
    await mkdir(root);
    const files = {
      jpg: await noisy(64, 48).jpeg().toFile(join(root, 'a.jpg')),
      png: await noisy(64, 48).png().toFile(join(root, 'a.png')),
      tif: await noisy(64, 48).tiff().toFile(join(root, 'a.tif')),
      webp: await noisy(64, 48).webp().toFile(join(root, 'a.webp')),
    };
    for (const [ext, info] of Object.entries(files))
      expect(await damageReason(join(root, `a.${ext}`), info.size)).toBeUndefined();
  });
});
