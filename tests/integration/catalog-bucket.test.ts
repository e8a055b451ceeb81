import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionPolicy } from '../../server/s3/session-policy';
import { createAppContext, type AppContext } from '../../core/app-context';
import { dispatch } from '../../core/ipc/dispatch';
import { StaticCredentialProvider } from '../../core/credentials/provider';
import type { BucketComparison, CatalogDetails } from '../../shared/models/catalog';
import type { QueueEntry } from '../../shared/models/queue';
import { adminS3, assumeTestRole, freshBucket, testServices } from '../support/services';
import { fastTestOptions } from '../support/upload-helpers';
import { browserFor } from './bucket-support';

/** The artist's credential as the Copper API hands it out: STS AssumeRole with the production session policy. */
async function artistCredential(bucket: string, artistId: string): Promise<StaticCredentialProvider> {
  const { s3 } = testServices();
  const policy = sessionPolicy(bucket, 'artist', artistId);
  const c = await assumeTestRole(s3.roleArn, `artist-${artistId}`, policy);
  return new StaticCredentialProvider(
    { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
    { bucket, region: s3.region, endpoint: s3.endpoint, prefix: `artists/${artistId}/`, role: 'artist' },
  );
}

async function call<T>(ctx: AppContext, name: string, payload: unknown): Promise<T> {
  const result = await dispatch(ctx.handlers, name, payload, (n, err) => {
    throw new Error(`${n} failed unexpectedly: ${String(err)}`);
  });
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value as T;
}

describe("the Library's 'unchanged' follows the bucket (real RGW, the artist's credential)", () => {
  let dir: string;
  let bucket: string;
  let ctx: AppContext;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copper-catalog-bucket-'));
    bucket = await freshBucket('cat-bucket');
    ctx = createAppContext({
      dataDir: join(dir, 'profile'),
      host: 'web',
      version: '0.0.0-test',
      heartbeatMs: 0,
      keychainService: `copper-test-${Date.now()}`,
      accountLog: { info: () => {}, warn: () => {} },
      s3Credentials: await artistCredential(bucket, 'ada'),
      uploadOptions: fastTestOptions,
    });
  });
  afterEach(async () => {
    await ctx.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  async function upload(path: string): Promise<QueueEntry> {
    await call(ctx, 'queue.add', { paths: [path] });
    await ctx.queue.waitForIdle();
    const entries = (await call<{ entries: QueueEntry[] }>(ctx, 'queue.list', {})).entries;
    const entry = entries.filter((e) => e.path === path).at(-1)!;
    expect(entry.state).toBe('done');
    return entry;
  }

  it('says "differs" once staff restored an older version over the artist\'s upload, and "missing" once deleted', async () => {
    const path = join(dir, 'Harbour at dusk.jpg');
    await writeFile(path, 'first state of the painting');
    const first = await upload(path);
    await writeFile(path, 'second, finished state of the painting');
    const second = await upload(path);
    expect(second.key).toBe('artists/ada/Harbour at dusk.jpg');
    const v1 = first.state === 'done' ? first.versionId! : '';

    const before = await call<BucketComparison[]>(ctx, 'catalog.compareBucket', { paths: [path] });
    expect(before).toEqual([expect.objectContaining({ path, key: second.key, status: 'same' })]);

    // Staff (admin keys, the History view's core) restore the first state: the bucket's current
    // version is now the old one, while this machine's last upload is the finished one.
    const staff = browserFor(bucket);
    try {
      await staff.restoreVersion(second.key, v1, { restoredBy: 'staff@example.com' });
    } finally {
      staff.close();
    }
    // Within the cache time the comparison is not asked again, unless refreshed.
    const cached = await call<BucketComparison[]>(ctx, 'catalog.compareBucket', { paths: [path] });
    expect(cached[0]!.status).toBe('same');
    const after = await call<BucketComparison[]>(ctx, 'catalog.compareBucket', {
      paths: [path],
      refresh: true,
    });
    expect(after).toEqual([expect.objectContaining({ path, status: 'differs', restoredFrom: v1 })]);
    expect(after[0]!.message).toContain('restored from an older version');
    expect(after[0]!.currentVersionId).not.toBe(second.state === 'done' ? second.versionId : '');

    const s3 = adminS3();
    try {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: second.key }));
    } finally {
      s3.destroy();
    }
    const gone = await call<BucketComparison[]>(ctx, 'catalog.compareBucket', {
      paths: [path],
      refresh: true,
    });
    expect(gone[0]).toMatchObject({ status: 'missing' });
  });

  it('leaves out files never uploaded and refuses relative paths', async () => {
    const path = join(dir, 'never.jpg');
    await writeFile(path, 'x');
    expect(await call(ctx, 'catalog.compareBucket', { paths: [path] })).toEqual([]);
    await expect(call(ctx, 'catalog.compareBucket', { paths: ['relative.jpg'] })).rejects.toThrow(/absolute/);
  });
});

describe('catalog.details: key, uploads from this machine and the gallery version (real RGW)', () => {
  let dir: string;
  let bucket: string;
  let ctx: AppContext;
  const open = (credentials?: StaticCredentialProvider) =>
    createAppContext({
      dataDir: join(dir, 'profile'),
      host: 'web',
      version: '0.0.0-test',
      heartbeatMs: 0,
      keychainService: `copper-test-details-${Date.now()}`,
      accountLog: { info: () => {}, warn: () => {} },
      ...(credentials ? { s3Credentials: credentials } : {}),
      uploadOptions: fastTestOptions,
    });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'copper-catalog-details-'));
    bucket = await freshBucket('cat-details');
  });
  afterEach(async () => {
    await ctx?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const details = (path: string) => call<CatalogDetails>(ctx, 'catalog.details', { path });
  async function upload(path: string): Promise<void> {
    await call(ctx, 'queue.add', { paths: [path] });
    await ctx.queue.waitForIdle();
  }

  it('follows an upload, a change on disk, a re-upload and a restore by staff', async () => {
    ctx = open(await artistCredential(bucket, 'ada'));
    const show = join(dir, 'Harbour Show');
    await mkdir(show);
    const path = join(show, 'Harbour at dusk.jpg');
    // Two states of the same length: "same content" cannot be told by size alone.
    await writeFile(path, 'first state of the painting.');
    await ctx.catalog.scan([show]).done;

    const fresh = await details(path);
    expect(fresh).toMatchObject({
      key: 'artists/ada/Harbour Show/Harbour at dusk.jpg',
      keyPlanned: true,
      uploads: [],
      gallery: { status: 'absent', message: 'Not in the gallery yet.', sameContent: null },
    });

    await upload(show);
    const sent = await details(path);
    expect(sent.keyPlanned).toBe(false);
    expect(sent.uploads).toHaveLength(1);
    const v1 = sent.uploads[0]!.versionId!;
    expect(v1).toBeTruthy();
    expect(sent.gallery).toMatchObject({
      status: 'present',
      size: 28,
      versionId: v1,
      uploadedHere: true,
      sameContent: true,
      restoredFrom: null,
    });
    expect(Date.parse(sent.gallery.lastModified!)).toBeGreaterThan(Date.now() - 60_000);

    // Changed on disk (same size, other bytes): the gallery's version is no longer this file.
    await writeFile(path, 'second, final painting state');
    await ctx.catalog.scan([show]).done;
    const changed = await details(path);
    expect(changed.gallery).toMatchObject({ versionId: v1, uploadedHere: true, sameContent: false });

    await upload(show);
    const again = await details(path);
    expect(again.uploads.map((u) => u.versionId)).toEqual([again.gallery.versionId, v1]);
    expect(again.gallery).toMatchObject({ uploadedHere: true, sameContent: true });

    // Staff restore the first state: a new current version, restored from v1, not this file's content.
    const staff = browserFor(bucket);
    try {
      await staff.restoreVersion(again.key!, v1, { restoredBy: 'staff@example.com' });
    } finally {
      staff.close();
    }
    const restored = await details(path);
    expect(restored.gallery).toMatchObject({
      status: 'present',
      restoredFrom: v1,
      uploadedHere: false,
      sameContent: false,
    });
    expect(restored.gallery.versionId).not.toBe(again.gallery.versionId);

    // The artist takes the first state back on disk: the restored version is that content again.
    await writeFile(path, 'first state of the painting.');
    await ctx.catalog.scan([show]).done;
    expect((await details(path)).gallery).toMatchObject({ restoredFrom: v1, sameContent: true });

    // Deleted in the gallery: said so, in words.
    const s3 = adminS3();
    try {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: again.key! }));
    } finally {
      s3.destroy();
    }
    expect((await details(path)).gallery).toMatchObject({
      status: 'absent',
      message: `${again.key} is no longer in the gallery (deleted).`,
    });
  });

  it('says why it cannot tell when signed out or offline, and refuses paths outside the Library', async () => {
    ctx = open();
    const path = join(dir, 'Gull.jpg');
    await writeFile(path, 'gull');
    await ctx.catalog.scan([dir]).done;
    expect(await details(path)).toMatchObject({
      key: null,
      gallery: { status: 'unknown', message: 'Sign in to see the gallery’s version.' },
    });
    await expect(details(join(dir, 'elsewhere.jpg'))).rejects.toMatchObject({ code: 'not-found' });
    await expect(call(ctx, 'catalog.details', { path: 'relative.jpg' })).rejects.toThrow(/absolute/);
    await ctx.dispose();

    // A gallery that cannot be reached (nothing listens on the port): "Offline", not an error.
    const { s3 } = testServices();
    ctx = open(
      new StaticCredentialProvider(
        { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
        { bucket, region: s3.region, endpoint: 'http://127.0.0.1:9', prefix: 'artists/ada/', role: 'artist' },
      ),
    );
    await ctx.catalog.scan([dir]).done;
    expect(await details(path)).toMatchObject({
      // Adding a folder keeps its name, as the queue does (keys.ts).
      key: `artists/ada/${basename(dir)}/Gull.jpg`,
      gallery: { status: 'unknown', message: expect.stringMatching(/^Offline/) },
    });
  });
});
