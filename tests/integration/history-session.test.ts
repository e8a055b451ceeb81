import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminS3, freshBucket, testServices } from '../support/services';
import type { AppContext } from '../../core/app-context';
import { testAppContext } from '../support/app-calls';
import sharp from 'sharp';
import { ImageSources } from '../../core/history/image-sources';
import { put } from './bucket-support';
import { startTestApi, type TestApi } from './identity-api';
import { closeSessionTest, testAccount } from '../support/test-accounts';

// The whole chain a staff member uses: the real Copper API (PostgreSQL, STS AssumeRole with
// a session policy on RGW), the session in the real Secret Service, and the app context's
// history.* handlers on the session's credential.

const run = randomBytes(4).toString('hex');
const staff = testAccount('staff', 'Grace', run);
const artist = testAccount('artist', 'Ada', run);
const password = staff.password;

describe('history on a signed-in session', () => {
  let api: TestApi;
  let s3: S3Client;
  let bucket: string;
  let dataDir: string;
  let downloads: string;
  let context: AppContext;

  beforeAll(async () => {
    s3 = adminS3();
    bucket = await freshBucket('history-s');
    api = await startTestApi({ services: testServices(), bucket, logs: [] });
    await api.createUser(staff);
    await api.createUser(artist);
    dataDir = mkdtempSync(join(tmpdir(), 'copper-history-session-'));
    downloads = join(dataDir, 'Downloads');
    context = testAppContext(dataDir, { downloadsDir: downloads, keychainService: `Copper-history-${run}` });
    await context.ready;
  });
  afterAll(async () => {
    await closeSessionTest({ context, api, s3, dataDir });
  });

  it('signed out, History says so in words', async () => {
    await expect(context.handlers['history.list']({})).rejects.toMatchObject({ code: 'auth.signed-out' });
  });

  it('staff browse from artists/, restore as themselves, download and learn the bucket endpoint for the CSP', async () => {
    const key = `artists/ada-${run}/study.png`;
    const v1 = await put(s3, bucket, key, 'study one', { 'uploaded-by': artist.email });
    await put(s3, bucket, key, 'study two', { 'uploaded-by': artist.email });
    await put(s3, bucket, 'outside/secret.png', 'not for the desktop');

    await context.handlers['account.sign-in']({ apiUrl: api.url, email: staff.email, password });
    const root = await context.handlers['history.list']({});
    expect(root).toMatchObject({
      prefix: 'artists/',
      root: 'artists/',
      folders: [`artists/ada-${run}/`],
      artworks: [],
    });
    expect(context.imageSources()).toEqual([
      'https://*.amazonaws.com',
      new URL(testServices().s3.endpoint).origin,
    ]);
    // Remembered in the data folder: the next page load (or launch) allows the endpoint from the start.
    expect(new ImageSources(dataDir).list()).toContain(new URL(testServices().s3.endpoint).origin);
    const folder = await context.handlers['history.list']({ prefix: `artists/ada-${run}/` });
    expect(folder.artworks.map((a) => a.key)).toEqual([key]);
    // S3 itself keeps staff inside artists/.
    await expect(context.handlers['history.list']({ prefix: 'outside/' })).rejects.toMatchObject({
      code: 'access-denied',
    });

    const versions = await context.handlers['history.versions']({ key });
    expect(versions.map((v) => v.uploadedBy)).toEqual([artist.email, artist.email]);
    const restored = await context.handlers['history.restore']({ key, versionId: v1 });
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.VersionId).toBe(restored.versionId);
    expect(head.Metadata).toMatchObject({ 'uploaded-by': staff.email, 'restored-from': v1 });

    // A 7-day share link outlives the 1-hour session credential: the API signs it.
    const link = await context.handlers['history.link']({
      key,
      versionId: v1,
      expiresInSeconds: 7 * 24 * 3600,
    });
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(6 * 24 * 3600_000);
    expect(await (await fetch(link.url)).text()).toBe('study one');
    // Previews come from the core (the staff's scoped credential fetches the version's bytes),
    // never as a bucket URL in the page.
    const tif = `artists/ada-${run}/plate.tif`;
    const tv = await put(
      s3,
      bucket,
      tif,
      await sharp({ create: { width: 90, height: 60, channels: 3, background: '#336699' } })
        .tiff()
        .toBuffer(),
    );
    const preview = await context.handlers['history.preview']({ key: tif, versionId: tv });
    expect(preview.image).toMatchObject({ width: 90, height: 60, format: 'tiff' });
    expect(await context.catalog.readThumbnail(preview.thumbnail)).toBeInstanceOf(Buffer);

    const saved = await context.handlers['history.download']({ key, versionId: v1 });
    expect(saved.path).toBe(join(downloads, 'study.png'));
    expect(readFileSync(saved.path, 'utf8')).toBe('study one');
  });

  it('a different person signing in gets a browser on their own credential', async () => {
    await context.handlers['account.sign-out']({});
    await expect(
      context.handlers['history.versions']({ key: `artists/ada-${run}/study.png` }),
    ).rejects.toMatchObject({ code: 'auth.signed-out' });
    await context.handlers['account.sign-in']({ apiUrl: api.url, email: artist.email, password });
    // The artist's root is their own prefix; the staff's view of artists/ is gone (refused by
    // the core before S3, which would deny it too: history-artist.test.ts).
    const own = await context.handlers['history.list']({});
    expect(own).toMatchObject({ prefix: `artists/ada-${run}/`, root: `artists/ada-${run}/` });
    await expect(context.handlers['history.list']({ prefix: 'artists/' })).rejects.toMatchObject({
      code: 'history.outside-own-folder',
    });
    await context.handlers['account.sign-out']({});
  });
});
