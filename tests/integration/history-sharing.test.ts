import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3Client } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { adminS3 } from '../support/services';
import { createAppContext, type AppContext } from '../../core/app-context';
import { put } from './bucket-support';
import { startTestApi, type TestApi } from './api-harness';
import { copper, json } from './cli-support';

// Share links and labels from the core (the `history.share-*` / `history.label*` handlers the
// renderer calls) and from `copper share` / `copper label`, against the real API, PostgreSQL,
// RGW and keychain, as scoped staff and artist sessions.
describe('history: share links and labels through the core and the CLI', () => {
  let api: TestApi;
  let s3: S3Client;
  let dir: string;
  let staff: AppContext;
  let artist: AppContext;
  const run = randomBytes(4).toString('hex');
  const password = 'a long enough test password';
  const key = 'artists/ann/Plates/plate one.tif';
  const bytes = [randomBytes(3000), randomBytes(2000)];
  let versions: string[];

  const context = (name: string) =>
    createAppContext({
      dataDir: join(dir, name),
      host: 'web',
      version: '0.0.0-test',
      heartbeatMs: 0,
      keychainService: `Copper-sharing-${name}-${run}`,
      accountLog: { info: () => {}, warn: () => {} },
    });

  beforeAll(async () => {
    api = await startTestApi();
    s3 = adminS3();
    await api.addUser('ann@gallery.test', password, 'artist', 'ann', 'Ann');
    await api.addUser('bea@gallery.test', password, 'artist', 'bea', 'Bea');
    await api.addUser('staff@gallery.test', password, 'staff', null, 'Sam');
    versions = [await put(s3, api.bucket, key, bytes[0]!), await put(s3, api.bucket, key, bytes[1]!)];
    await put(s3, api.bucket, 'artists/bea/own.tif', 'bea');
    dir = await mkdtemp(join(tmpdir(), 'copper-sharing-'));
    staff = context('staff');
    artist = context('bea');
    await Promise.all([staff.ready, artist.ready]);
    await staff.handlers['account.sign-in']({ apiUrl: api.url, email: 'staff@gallery.test', password });
    await artist.handlers['account.sign-in']({ apiUrl: api.url, email: 'bea@gallery.test', password });
  });
  afterAll(async () => {
    for (const c of [staff, artist]) {
      await c?.session.signOut().catch(() => {});
      await c?.dispose();
    }
    s3?.destroy();
    await api?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('staff make a link to one exact version; it opens with those bytes, counts, and is gone once revoked', async () => {
    const share = await staff.handlers['history.share-create']({
      key,
      versionId: versions[0]!,
      expiresInSeconds: 30 * 86_400,
    });
    expect(share.url).toBe(`${api.url}/s/${share.id}`);
    expect(share).toMatchObject({
      key,
      versionId: versions[0],
      state: 'live',
      createdBy: 'staff@gallery.test',
    });
    // Longer than any pre-signed URL may live: the link is the API's, not S3's.
    expect(Date.parse(share.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const got = await fetch(share.url);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes[0]!)).toBe(true);
    const listed = await staff.handlers['history.share-list']({ key });
    expect(listed.map((s) => [s.id, s.downloads])).toEqual([[share.id, 1]]);

    const revoked = await staff.handlers['history.share-revoke']({ id: share.id });
    expect(revoked.state).toBe('revoked');
    const after = await fetch(share.url);
    expect(after.status).toBe(410);
    expect(await after.text()).toContain('This link was revoked');
  });

  it("an artist links only their own work: another artist's key is refused by the API", async () => {
    const own = await artist.handlers['history.versions']({ key: 'artists/bea/own.tif' });
    const share = await artist.handlers['history.share-create']({
      key: 'artists/bea/own.tif',
      versionId: own[0]!.versionId,
      expiresInSeconds: 86_400,
    });
    expect(await (await fetch(share.url)).text()).toBe('bea');
    await expect(
      artist.handlers['history.share-create']({ key, versionId: versions[0]!, expiresInSeconds: 86_400 }),
    ).rejects.toMatchObject({ code: 'share.forbidden' });
    await expect(artist.handlers['history.share-list']({ key })).rejects.toMatchObject({
      code: 'share.forbidden',
    });
    await expect(
      artist.handlers['history.share-revoke']({ id: share.id.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }),
    ).rejects.toMatchObject({
      code: 'share.not-found',
    });
  });

  it('labels round-trip through the API and are found by label under an artist', async () => {
    const saved = await staff.handlers['history.label-set']({
      key,
      versionId: versions[1]!,
      labels: ['print master'],
      note: 'Matches the proof',
    });
    expect(saved).toMatchObject({
      labels: ['print master'],
      note: 'Matches the proof',
      updatedBy: 'staff@gallery.test',
    });
    expect(await staff.handlers['history.labels']({ key })).toEqual([saved]);
    const found = await staff.handlers['history.label-find']({
      prefix: 'artists/ann/',
      label: 'print master',
    });
    expect(found.map((l) => [l.key, l.versionId])).toEqual([[key, versions[1]]]);
    expect(
      await staff.handlers['history.label-find']({ prefix: 'artists/bea/', label: 'print master' }),
    ).toEqual([]);
    await expect(
      artist.handlers['history.label-set']({ key, versionId: versions[1]!, labels: ['web'], note: '' }),
    ).rejects.toMatchObject({ code: 'label.forbidden' });
  });

  it("staff cannot queue files outside an existing artist's folder: the core refuses first, naming the file", async () => {
    const work = join(dir, 'to-upload');
    await mkdir(join(work, 'probe'), { recursive: true });
    await mkdir(join(work, 'ann'), { recursive: true });
    await writeFile(join(work, 'probe', 'test.tif'), 'probe');
    await writeFile(join(work, 'ann', 'new.tif'), 'for ann');
    await writeFile(join(work, 'loose.tif'), 'loose');
    await staff.handlers['queue.pause']({});
    const result = await staff.handlers['queue.add']({
      paths: [join(work, 'probe'), join(work, 'ann'), join(work, 'loose.tif')],
    });
    expect(result.added.map((e) => e.key)).toEqual(['artists/ann/new.tif']);
    const skipped = new Map(result.skipped.map((s) => [s.path, s]));
    const probe = skipped.get(join(work, 'probe', 'test.tif'))!;
    expect(probe.reason).toBe('outside-artist-folder');
    expect(probe.message).toContain(join(work, 'probe', 'test.tif'));
    expect(probe.message).toContain('"probe" is not an artist of the gallery');
    expect(skipped.get(join(work, 'loose.tif'))!.reason).toBe('outside-artist-folder');
    await staff.handlers['queue.cancel']({ id: result.added[0]!.id });
  });

  it('copper share and copper label do the same from the command line', async () => {
    const env = { COPPER_DATA_DIR: join(dir, 'cli') };
    const login = await copper(
      ['login', '--api', api.url, '--email', 'staff@gallery.test'],
      env,
      `${password}\n`,
    );
    expect(login.code).toBe(0);
    // Without --version: the version current now.
    const made = await copper(['share', key, '--expires', '90d', '--json'], env);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const share = json(made);
    expect(share.versionId).toBe(versions[1]);
    expect(Buffer.from(await (await fetch(share.url)).arrayBuffer()).equals(bytes[1]!)).toBe(true);
    const list = await copper(['share', '--list', key], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(share.id);
    expect(list.stdout).toMatch(/live\s/);
    const revoke = await copper(['share', '--revoke', share.id], env);
    expect(revoke.code).toBe(0);
    expect(revoke.stdout).toContain('410 Gone');
    expect((await fetch(share.url)).status).toBe(410);
    const bad = await copper(['share', key, '--expires', '2y'], env);
    expect(bad.code).toBe(2);

    const label = await copper(
      ['label', key, '--version', versions[0]!, '--add', 'press', '--note', 'for the catalogue', '--json'],
      env,
    );
    expect(label.code).toBe(0);
    expect(json(label)).toMatchObject({
      versionId: versions[0],
      labels: ['press'],
      note: 'for the catalogue',
    });
    const found = await copper(['label', '--find', 'press', '--prefix', 'artists/ann/', '--json'], env);
    expect(json(found).labels.map((l: { versionId: string }) => l.versionId)).toEqual([versions[0]]);
    const removed = await copper(
      ['label', key, '--version', versions[0]!, '--remove', 'press', '--json'],
      env,
    );
    expect(json(removed)).toMatchObject({ labels: [], note: 'for the catalogue' });
    await copper(['logout'], env);
  });
});
