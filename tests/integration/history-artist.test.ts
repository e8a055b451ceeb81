import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, HeadObjectCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { adminS3, freshBucket, testServices } from '../support/services';
import type { AppContext } from '../../core/app-context';
import { createS3Client } from '../../core/s3/client-factory';
import { testAppContext } from '../support/app-calls';
import { put } from './bucket-support';
import { startTestApi, type TestApi } from './identity-api';
import { closeSessionTest, testAccount } from '../support/test-accounts';

// An artist's own History, end to end: the real Copper API (PostgreSQL; an STS credential from
// RGW scoped to artists/<id>/), the session in the real Secret Service, and the core's
// history.* handlers. What is theirs is browsed, compared, downloaded and shared; another
// artist's folder and every restore are refused, the shares by the API itself.

const run = randomBytes(4).toString('hex');
const ada = testAccount('artist', 'Ada', run);
const bea = testAccount('artist', 'Bea', run);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function png(width: number, height: number, colour: string): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

describe("an artist's own history on a signed-in session", () => {
  let api: TestApi;
  let s3: S3Client;
  let bucket: string;
  let dataDir: string;
  let downloads: string;
  let context: AppContext;
  const adaRoot = `artists/${ada.artistId}/`;
  const beaRoot = `artists/${bea.artistId}/`;
  const key = `${adaRoot}Harbour/dusk.png`;
  const beaKey = `${beaRoot}private sketch.png`;
  let v1: string;
  let v2: string;
  let beaVersion: string;
  let between: Date;
  let before: Date;

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('history-art');
    api = await startTestApi({ services: testServices(), bucket, logs: [] });
    await api.createUser(ada);
    await api.createUser(bea);
    before = new Date(Date.now() - 60_000);
    v1 = await put(s3, bucket, key, await png(120, 80, '#d08a4a'), { 'uploaded-by': ada.email });
    await put(s3, bucket, `${adaRoot}cover.png`, await png(60, 90, '#335577'), { 'uploaded-by': ada.email });
    beaVersion = await put(s3, bucket, beaKey, await png(40, 40, '#aa2222'), { 'uploaded-by': bea.email });
    // Versions a second apart, so a moment between them is unambiguous.
    await pause(1100);
    between = new Date();
    await pause(1100);
    v2 = await put(s3, bucket, key, await png(120, 80, '#4a6fd0'), { 'uploaded-by': ada.email });
    dataDir = mkdtempSync(join(tmpdir(), 'copper-history-artist-'));
    downloads = join(dataDir, 'Downloads');
    context = testAppContext(dataDir, { downloadsDir: downloads, keychainService: `Copper-art-${run}` });
    await context.ready;
    await context.handlers['account.sign-in']({ apiUrl: api.url, email: ada.email, password: ada.password });
  });
  afterAll(async () => {
    await closeSessionTest({ context, api, s3, dataDir });
  });

  it('starts at their own folder and lists only it; any other folder is refused before S3 is asked', async () => {
    const root = await context.handlers['history.list']({});
    expect(root).toMatchObject({ prefix: adaRoot, root: adaRoot, folders: [`${adaRoot}Harbour/`] });
    expect(root.artworks.map((a) => a.key)).toEqual([`${adaRoot}cover.png`]);
    const folder = await context.handlers['history.list']({ prefix: `${adaRoot}Harbour/` });
    expect(folder.artworks.map((a) => a.key)).toEqual([key]);

    const outside = { code: 'history.outside-own-folder', message: expect.stringContaining(adaRoot) };
    await expect(context.handlers['history.list']({ prefix: 'artists/' })).rejects.toMatchObject(outside);
    await expect(context.handlers['history.list']({ prefix: beaRoot })).rejects.toMatchObject(outside);
    await expect(context.handlers['history.versions']({ key: beaKey })).rejects.toMatchObject(outside);
    await expect(
      context.handlers['history.preview']({ key: beaKey, versionId: beaVersion }),
    ).rejects.toMatchObject(outside);
    await expect(
      context.handlers['history.download']({ key: beaKey, versionId: beaVersion }),
    ).rejects.toMatchObject(outside);
    await expect(
      context.handlers['history.link']({ key: beaKey, expiresInSeconds: 600 }),
    ).rejects.toMatchObject(outside);
    await expect(
      context.handlers['history.as-of']({ prefix: beaRoot, at: new Date().toISOString() }),
    ).rejects.toMatchObject(outside);
    await expect(context.handlers['history.usage']({ prefix: 'artists/' })).rejects.toMatchObject(outside);
    await expect(context.handlers['history.deleted']({ prefix: beaRoot })).rejects.toMatchObject(outside);
  });

  it("S3 itself refuses the artist's credential outside their folder (the core's refusal is not the only wall)", async () => {
    const target = await context.credentials.target();
    expect(target).toMatchObject({ role: 'artist', prefix: adaRoot });
    const client = createS3Client(target, context.credentials);
    try {
      const own = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: adaRoot }));
      expect(own.Versions?.length).toBe(3);
      const status = (err: unknown) =>
        (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const list = await client
        .send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: beaRoot }))
        .then(() => 200, status);
      expect(list).toBe(403);
      const read = await client
        .send(new GetObjectCommand({ Bucket: bucket, Key: beaKey }))
        .then(() => 200, status);
      expect(read).toBe(403);
    } finally {
      client.destroy();
    }
  });

  it('reads their versions: previews, a region to compare, a download, and the folder as of a moment', async () => {
    const versions = await context.handlers['history.versions']({ key });
    expect(versions.map((v) => [v.versionId, v.isLatest, v.uploadedBy])).toEqual([
      [v2, true, ada.email],
      [v1, false, ada.email],
    ]);
    const [older, newer] = await Promise.all([
      context.handlers['history.preview']({ key, versionId: v1 }),
      context.handlers['history.preview']({ key, versionId: v2 }),
    ]);
    expect([older.image.width, older.image.height, newer.image.format]).toEqual([120, 80, 'png']);
    expect(await context.catalog.readThumbnail(older.thumbnail)).toBeInstanceOf(Buffer);
    const region = await context.handlers['history.region']({
      key,
      versionId: v1,
      left: 10,
      top: 10,
      width: 20,
      height: 20,
    });
    expect(region).toMatchObject({ width: 20, height: 20 });

    const saved = await context.handlers['history.download']({ key, versionId: v1 });
    expect(saved.path).toBe(join(downloads, 'dusk.png'));
    const original = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: v1 }));
    expect(readFileSync(saved.path).equals(Buffer.from(await original.Body!.transformToByteArray()))).toBe(
      true,
    );

    const then = await context.handlers['history.as-of']({
      prefix: `${adaRoot}Harbour/`,
      at: between.toISOString(),
    });
    expect(then.entries.map((e) => [e.key, e.state, e.then?.versionId, e.differs])).toEqual([
      [key, 'version', v1, true],
    ]);
    const earlier = await context.handlers['history.as-of']({ prefix: adaRoot, at: before.toISOString() });
    expect(earlier.entries.map((e) => [e.key, e.state])).toEqual([[`${adaRoot}cover.png`, 'absent']]);
    // Their own storage figures, without anyone else's.
    const usage = await context.handlers['history.usage']({});
    expect(usage.artists.map((a) => a.name)).toEqual([ada.artistId]);
  });

  it('a pre-signed link is signed by their own credential, within its hour', async () => {
    const credential = await context.credentials.get();
    const link = await context.handlers['history.link']({ key, versionId: v1, expiresInSeconds: 3600 });
    const url = new URL(link.url);
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(new RegExp(`^${credential.accessKeyId}/`));
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(credential.sessionToken);
    expect(Date.parse(link.expiresAt)).toBeLessThanOrEqual(credential.expiration!.getTime());
    const got = await fetch(link.url);
    expect(got.status).toBe(200);
    expect((await sharp(Buffer.from(await got.arrayBuffer())).metadata()).width).toBe(120);
    await expect(
      context.handlers['history.link']({ key, versionId: v1, expiresInSeconds: 2 * 3600 }),
    ).rejects.toMatchObject({ code: 'invalid-expiry', message: expect.stringContaining('share link') });
  });

  it('restores of any kind are staff-only: refused, and nothing is written', async () => {
    const staffOnly = { code: 'history.staff-only' };
    await expect(context.handlers['history.restore']({ key, versionId: v1 })).rejects.toMatchObject(
      staffOnly,
    );
    await expect(context.handlers['history.undelete']({ key })).rejects.toMatchObject(staffOnly);
    await expect(
      context.handlers['history.restore-folder']({ prefix: `${adaRoot}Harbour/`, at: between.toISOString() }),
    ).rejects.toMatchObject(staffOnly);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.VersionId).toBe(v2);
  });

  it("share links: their own work for up to 7 days; longer, or another artist's key, is refused by the API", async () => {
    const share = await context.handlers['history.share-create']({
      key,
      versionId: v1,
      expiresInSeconds: 7 * 86_400,
    });
    expect(share).toMatchObject({ key, versionId: v1, createdBy: ada.email, state: 'live' });
    expect(share.url).toBe(`${api.url}/s/${share.id}`);
    const got = await fetch(share.url);
    expect(got.status).toBe(200);
    expect((await sharp(Buffer.from(await got.arrayBuffer())).metadata()).width).toBe(120);
    // The contract allows a year (staff): the refusal is the API's, for an artist.
    await expect(
      context.handlers['history.share-create']({ key, versionId: v1, expiresInSeconds: 8 * 86_400 }),
    ).rejects.toMatchObject({ code: 'share.too-long', message: expect.stringContaining('7 days') });
    await expect(
      context.handlers['history.share-create']({
        key: beaKey,
        versionId: beaVersion,
        expiresInSeconds: 3600,
      }),
    ).rejects.toMatchObject({ code: 'share.forbidden' });
    await expect(context.handlers['history.share-list']({ key: beaKey })).rejects.toMatchObject({
      code: 'share.forbidden',
    });
    // Labels are the gallery's: readable on their work, not settable.
    await expect(
      context.handlers['history.label-set']({ key, versionId: v1, labels: ['web'], note: '' }),
    ).rejects.toMatchObject({ code: 'label.staff-only' });
    expect(await context.handlers['history.labels']({ key })).toEqual([]);
    const revoked = await context.handlers['history.share-revoke']({ id: share.id });
    expect(revoked.state).toBe('revoked');
    expect((await fetch(share.url)).status).toBe(410);
  });
});
